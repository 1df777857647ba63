/**
 * Periods of the demand-side reports: China dates (YYYY-MM-DD), both ends included. The
 * over-service guard counts a service on its window_start's China day and ISO week (Monday first),
 * so the report does the same. China keeps UTC+8 all year (no daylight saving).
 */

export interface ReportPeriod {
  from: string;
  until: string;
}

const MS_PER_DAY = 86_400_000;
const utcMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return dayOf(utcMidnight(day) + n * MS_PER_DAY);
}

/** The Monday of the ISO week a day falls in. */
export function mondayOf(day: string): string {
  const weekday = (new Date(utcMidnight(day)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The instant a China day begins. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The last `days` days up to today, both included (the report's default: the last 30 days). */
export function lastDays(today: string, days = 30): ReportPeriod {
  return { from: addDays(today, -(days - 1)), until: today };
}

/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 366;

export function isValidPeriod(p: ReportPeriod): boolean {
  return p.from <= p.until && utcMidnight(p.until) - utcMidnight(p.from) < MAX_PERIOD_DAYS * MS_PER_DAY;
}

/**
 * The instants the report reads: the period itself, and the whole ISO weeks around it, so a
 * week's count for the guard's weekly rule includes services just outside the period.
 */
export function periodBounds(p: ReportPeriod) {
  return {
    start: chinaDayStart(p.from),
    end: chinaDayStart(addDays(p.until, 1)),
    weeksStart: chinaDayStart(mondayOf(p.from)),
    weeksEnd: chinaDayStart(addDays(mondayOf(p.until), 7)),
  };
}
