/**
 * Activity times. Everything is stored as instants; people read and write them in China time
 * (UTC+8, no daylight saving), so a "Saturday 09:00" is always the same instant of that day.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** 2026-12-05 + 09:00 (China) → the instant. */
export function chinaInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00+08:00`));
}

/** The China calendar date of an instant: YYYY-MM-DD. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** HH:MM in China time. */
export const chinaTime = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);

/** 1 = Monday … 7 = Sunday, in China. */
export function chinaWeekday(at: Date): number {
  const day = new Date(at.getTime() + CHINA_OFFSET_MS).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday that starts the China week of an instant, as YYYY-MM-DD. */
export function chinaWeekStart(at: Date): string {
  return chinaDate(new Date(at.getTime() - (chinaWeekday(at) - 1) * 86_400_000));
}

export const hoursBetween = (start: Date, end: Date) => (end.getTime() - start.getTime()) / 3600_000;

export interface WeeklyRule {
  /** The first day the series may start on (China date). */
  from: string;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  startTime: string;
  endTime: string;
  /** How many weeks, counted from the week of `from`. */
  weeks: number;
}

export const MAX_OCCURRENCES = 366;

export type RuleIssue = { field: keyof WeeklyRule; rule: string };

export function ruleIssues(rule: WeeklyRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rule.from) || Number.isNaN(Date.parse(rule.from))) issues.push({ field: 'from', rule: 'date' });
  if (rule.weekdays.length === 0 || rule.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    issues.push({ field: 'weekdays', rule: 'weekday' });
  if (!/^\d{2}:\d{2}$/.test(rule.startTime)) issues.push({ field: 'startTime', rule: 'time' });
  if (!/^\d{2}:\d{2}$/.test(rule.endTime)) issues.push({ field: 'endTime', rule: 'time' });
  else if (rule.endTime <= rule.startTime) issues.push({ field: 'endTime', rule: 'after_start' });
  if (!Number.isInteger(rule.weeks) || rule.weeks < 1 || rule.weeks * new Set(rule.weekdays).size > MAX_OCCURRENCES)
    issues.push({ field: 'weeks', rule: 'range' });
  return issues;
}

/** The occurrences of a weekly series, in order: e.g. every Saturday 09:00–11:00 for 12 weeks. */
export function occurrences(rule: WeeklyRule): { start: Date; end: Date }[] {
  const first = chinaInstant(rule.from, rule.startTime);
  const weekStart = Date.parse(`${chinaWeekStart(first)}T00:00:00+08:00`);
  const days = [...new Set(rule.weekdays)].sort();
  const out: { start: Date; end: Date }[] = [];
  for (let week = 0; week < rule.weeks; week++) {
    for (const day of days) {
      const date = chinaDate(new Date(weekStart + (week * 7 + day - 1) * 86_400_000));
      if (date < rule.from) continue;
      out.push({ start: chinaInstant(date, rule.startTime), end: chinaInstant(date, rule.endTime) });
    }
  }
  return out;
}
