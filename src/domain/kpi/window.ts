import { todayInChina } from '../../platform/clock.ts';

/**
 * KPI periods are 12 calendar months ending with a month (China dates): the window ending
 * 2025-12 is the calendar year 2025, the one ending 2025-08 the school year 2024/25, and the one
 * ending this month "the last 12 months". Months are 'YYYY-MM'.
 */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface KpiWindow {
  /** First month of the window. */
  from: string;
  /** Last month of the window (the period's name). */
  until: string;
}

const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (i: number) => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;

export function addMonths(month: string, n: number): string {
  return monthOf(index(month) + n);
}

/** The month of a China date or of now. */
export function currentMonth(now: Date = new Date()): string {
  return todayInChina(now).slice(0, 7);
}

export function kpiWindow(until: string): KpiWindow {
  return { from: addMonths(until, -11), until };
}

/** The months from `from` to `until`, both included, oldest first. */
export function monthsOf(from: string, until: string): string[] {
  const out: string[] = [];
  for (let i = index(from); i <= index(until); i++) out.push(monthOf(i));
  return out;
}

/** The first day of a month as a date, for SQL. */
export const firstDay = (month: string) => `${month}-01`;
