/**
 * MCA 2020 measures, Art 11: a service record is made within 10 working days after the
 * activity. Working days are Monday to Friday, except the public holidays the city enters, plus
 * the weekend days the State Council makes working days in exchange (调休) — both change every
 * year, so they are the city's setting (`workCalendar`), not code.
 */
export interface WorkCalendar {
  /** Days off on a weekday: public holidays, YYYY-MM-DD. */
  holidays: string[];
  /** Weekend days that are working days (make-up days), YYYY-MM-DD. */
  workdays: string[];
}

export const NO_CALENDAR: WorkCalendar = { holidays: [], workdays: [] };

/** The calendar's days as sets, for many questions about it. */
export function calendarOf(calendar: WorkCalendar = NO_CALENDAR) {
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  return (isoDate: string) => {
    if (workdays.has(isoDate)) return true;
    if (holidays.has(isoDate)) return false;
    const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
}

export type IsWorkingDay = ReturnType<typeof calendarOf>;

export function addWorkingDays(isoDate: string, days: number, isWorkingDay: IsWorkingDay = calendarOf()): string {
  let t = Date.parse(`${isoDate}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

export const RECORD_WITHIN_WORKING_DAYS = 10;

/** The last day a record of an activity on this date should be confirmed. */
export const recordDeadline = (activityDate: string, isWorkingDay: IsWorkingDay = calendarOf()) =>
  addWorkingDays(activityDate, RECORD_WITHIN_WORKING_DAYS, isWorkingDay);
