/**
 * MCA 2020 measures, Art 11: a service record is made within 10 working days after the
 * activity. Working days here are Monday to Friday; public holidays and their make-up
 * working days are not modelled, so the deadline can come a few days early around them.
 */
export function addWorkingDays(isoDate: string, days: number): string {
  let t = Date.parse(`${isoDate}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

export const RECORD_WITHIN_WORKING_DAYS = 10;

/** The last day a record of an activity on this date should be confirmed. */
export const recordDeadline = (activityDate: string) => addWorkingDays(activityDate, RECORD_WITHIN_WORKING_DAYS);
