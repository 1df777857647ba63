/**
 * Service hours from a check-in and a check-out (MCA 2020 measures: the time actually given,
 * no commuting): clipped to the activity's window widened by a grace, then rounded by the
 * city's rule. The default rule counts each started hour by its minutes: up to 15 → 0,
 * 15 to 45 → 0.5, over 45 → 1.
 */
export interface RoundingStep {
  /** Minutes of a started hour up to (and including) this bound… */
  upToMinutes: number;
  /** …count as this many hours. */
  hours: number;
}

export interface HoursRule {
  /** Check-in this many minutes before the start (or check-out after the end) still counts. */
  graceMinutes: number;
  /** Ascending bounds within an hour; minutes above the last bound count as a whole hour. */
  steps: RoundingStep[];
}

export const DEFAULT_HOURS_RULE: HoursRule = {
  graceMinutes: 0,
  steps: [
    { upToMinutes: 15, hours: 0 },
    { upToMinutes: 45, hours: 0.5 },
  ],
};

/** Whole minutes between two instants, after clipping them to the window (never negative). */
export function creditedMinutes(checkIn: Date, checkOut: Date, window: { start: Date; end: Date }, graceMinutes: number): number {
  const grace = graceMinutes * 60_000;
  const from = Math.max(checkIn.getTime(), window.start.getTime() - grace);
  const to = Math.min(checkOut.getTime(), window.end.getTime() + grace);
  return Math.max(0, Math.floor((to - from) / 60_000));
}

/** Minutes → hours by the rule: whole hours, then the started hour's minutes by the steps. */
export function roundHours(minutes: number, rule: HoursRule): number {
  const whole = Math.floor(minutes / 60);
  const rest = minutes - whole * 60;
  if (rest === 0) return whole;
  const step = rule.steps.find((s) => rest <= s.upToMinutes);
  return whole + (step ? step.hours : 1);
}

export function serviceHours(checkIn: Date, checkOut: Date, window: { start: Date; end: Date }, rule: HoursRule): number {
  return roundHours(creditedMinutes(checkIn, checkOut, window, rule.graceMinutes), rule);
}

export type RuleIssue = { field: string; rule: string };

/** A rounding rule the city may set: ascending bounds under 60 minutes, hours between 0 and 1. */
export function hoursRuleIssues(rule: HoursRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!Number.isInteger(rule.graceMinutes) || rule.graceMinutes < 0 || rule.graceMinutes > 120)
    issues.push({ field: 'graceMinutes', rule: 'range' });
  rule.steps.forEach((s, i) => {
    if (!Number.isInteger(s.upToMinutes) || s.upToMinutes < 1 || s.upToMinutes > 59)
      issues.push({ field: `steps.${i}.upToMinutes`, rule: 'range' });
    else if (i > 0 && s.upToMinutes <= rule.steps[i - 1].upToMinutes) issues.push({ field: `steps.${i}.upToMinutes`, rule: 'ascending' });
    if (s.hours < 0 || s.hours > 1) issues.push({ field: `steps.${i}.hours`, rule: 'range' });
    else if (i > 0 && s.hours < rule.steps[i - 1].hours) issues.push({ field: `steps.${i}.hours`, rule: 'ascending' });
  });
  return issues;
}
