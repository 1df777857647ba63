import { chinaDate } from '../activities/schedule.ts';
import type { ServiceGuardRule } from './catalog.ts';

/**
 * The over-service guard ("一天洗多次脚"): per beneficiary and category, at most so many services a
 * day and a week (China time, weeks from Monday), counted across every organization. The candidate
 * service counts too: a rule of "once a day" finds the second service of a day.
 */
export interface GuardFinding {
  rule: 'perDay' | 'perWeek';
  /** Services in the period, the candidate included. */
  count: number;
  limit: number;
  /** The China date (perDay) or the Monday that starts the week (perWeek). */
  period: string;
}

/** The Monday (China time) of the week an instant falls in, as YYYY-MM-DD. */
export function chinaWeekOf(at: Date): string {
  const day = new Date(`${chinaDate(at)}T00:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export function guardFindings(rule: ServiceGuardRule | null | undefined, others: readonly Date[], candidate: Date): GuardFinding[] {
  if (!rule) return [];
  const findings: GuardFinding[] = [];
  if (rule.perDay != null) {
    const period = chinaDate(candidate);
    const count = others.filter((d) => chinaDate(d) === period).length + 1;
    if (count > rule.perDay) findings.push({ rule: 'perDay', count, limit: rule.perDay, period });
  }
  if (rule.perWeek != null) {
    const period = chinaWeekOf(candidate);
    const count = others.filter((d) => chinaWeekOf(d) === period).length + 1;
    if (count > rule.perWeek) findings.push({ rule: 'perWeek', count, limit: rule.perWeek, period });
  }
  return findings;
}

/** The instants whose weeks a guard looks at: the candidate's China week, Monday to Monday (for the SQL). */
export function guardRange(candidate: Date): { from: Date; to: Date } {
  const monday = chinaWeekOf(candidate);
  const from = new Date(Date.parse(`${monday}T00:00:00+08:00`));
  return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
}
