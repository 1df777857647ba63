/**
 * Sanctions (失信 / falsified hours): a person found to have falsified service hours or broken
 * faith is barred from awards (最美志愿者, star honours, the city's own) for one to three years
 * (issue 19). A sanction is never deleted: revoking it ends the bar from that day and keeps why.
 */
export const SANCTION_KINDS = ['falsified_hours', 'dishonesty'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export const MIN_BAR_YEARS = 1;
export const MAX_BAR_YEARS = 3;

/** What the bar looks at: plain data, dates as China calendar days (YYYY-MM-DD). */
export interface SanctionTerm {
  id: string;
  startsOn: string;
  barYears: number;
  /** The China day it was revoked, or null while it stands. */
  revokedOn: string | null;
}

export type BarAnswer = { barred: false } | { barred: true; until: string; sanctionIds: string[] };

/**
 * The first day after the bar: the same calendar day `years` later. A bar from 29 February ends
 * with 28 February (the day after is 1 March), so it never runs past the years it was given.
 */
export function barEndsOn(startsOn: string, years: number): string {
  const [y, m, d] = startsOn.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // Date.UTC rolls 29 Feb of a common year over to 1 Mar: that is the day after the bar.
  return end.toISOString().slice(0, 10);
}

/** The day after the last barred day of one sanction: its end, or its revocation if that came first. */
export function barLiftsOn(s: SanctionTerm): string {
  const end = barEndsOn(s.startsOn, s.barYears);
  return s.revokedOn !== null && s.revokedOn < end ? s.revokedOn : end;
}

/**
 * Is the person barred from awards on this day? Barred from the sanction's start (inclusive) to
 * its end or revocation (exclusive). The awards workflow asks this at nomination and at the award;
 * `until` is the first day all the bars in force on that day are lifted.
 */
export function barredFromAwards(sanctions: readonly SanctionTerm[], onDate: string): BarAnswer {
  const holding = sanctions.filter((s) => s.startsOn <= onDate && onDate < barLiftsOn(s));
  if (holding.length === 0) return { barred: false };
  const until = holding.map(barLiftsOn).sort().at(-1) as string;
  return { barred: true, until, sanctionIds: holding.map((s) => s.id) };
}

export interface SanctionInput {
  kind: string;
  reason: string;
  barYears: number;
  startsOn: string;
}

/** The rules an office's entry must keep, each named by field and rule. */
export function sanctionIssues(input: SanctionInput, today: string): { field: string; rule: string }[] {
  const issues: { field: string; rule: string }[] = [];
  if (!(SANCTION_KINDS as readonly string[]).includes(input.kind)) issues.push({ field: 'kind', rule: 'oneOf' });
  if (input.reason.trim().length < 4) issues.push({ field: 'reason', rule: 'minLength' });
  if (!Number.isInteger(input.barYears) || input.barYears < MIN_BAR_YEARS || input.barYears > MAX_BAR_YEARS)
    issues.push({ field: 'barYears', rule: 'range' });
  // Recorded when decided: a bar may date back to the finding, but not start on a day still to come.
  if (input.startsOn > today) issues.push({ field: 'startsOn', rule: 'notFuture' });
  return issues;
}
