/** Today's date in China (UTC+8, no daylight saving) as YYYY-MM-DD: birthdays and ages follow it. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
