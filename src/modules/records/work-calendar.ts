import type { Executor } from '../../db/client.ts';
import { calendarOf, type IsWorkingDay, NO_CALENDAR, type WorkCalendar } from '../../domain/records/working-days.ts';
import { readSetting } from '../../platform/settings.ts';

export const WORK_CALENDAR_SETTING = 'workCalendar';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** Public holidays and make-up working days (调休) that working-day deadlines count by. */
    workCalendar: WorkCalendar;
  }
}

/** The city's public holidays and make-up working days (none entered: Monday to Friday). */
export async function workCalendar(db: Executor): Promise<WorkCalendar> {
  return (await readSetting(db, WORK_CALENDAR_SETTING)) ?? NO_CALENDAR;
}

/** Whether a date is a working day in the city's calendar, for the Art 11 deadlines. */
export async function workingDays(db: Executor): Promise<IsWorkingDay> {
  return calendarOf(await workCalendar(db));
}
