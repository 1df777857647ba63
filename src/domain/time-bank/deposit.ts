/**
 * How confirmed hours of eligible categories become time credits (时间银行): 1 h = 1 credit by
 * default, at most 2 credits a China day (Shanghai Changning) and 1 500 in a lifetime (Nanjing).
 * Credits ride the points ledger in currency 'time_credit'. Never cash.
 */
export interface TimeBankRule {
  /** Incremented on every save: the version a deposit was computed under is kept on its movement. */
  version: number;
  /** Category codes (projects' and requests') whose confirmed hours deposit credits. */
  eligibleCategories: string[];
  creditsPerHour: number;
  /** The most credits deposited for service on one China day. */
  dailyCap: number;
  /** The most credits a volunteer may ever have deposited (net of corrections). */
  lifetimeCap: number;
}

export const DEFAULT_TIME_BANK_RULE: TimeBankRule = {
  version: 0,
  // Elderly care and help for people with disabilities: projects' and requests' codes.
  eligibleCategories: ['elderly', 'elderly_care', 'disability', 'disability_aid'],
  creditsPerHour: 1,
  dailyCap: 2,
  lifetimeCap: 1500,
};

export interface TimeBankRuleIssue {
  field: string;
  rule: 'positive' | 'cents' | 'min' | 'required' | 'below';
  params?: Record<string, number>;
}

const cents = (n: number) => Number.isFinite(n) && Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** What is wrong with a rule: a positive rate and caps, two decimals at most, at least one category, the daily cap within the lifetime one. */
export function timeBankRuleIssues(rule: Omit<TimeBankRule, 'version'>): TimeBankRuleIssue[] {
  const issues: TimeBankRuleIssue[] = [];
  if (rule.eligibleCategories.length === 0) issues.push({ field: 'eligibleCategories', rule: 'required' });
  for (const field of ['creditsPerHour', 'dailyCap', 'lifetimeCap'] as const) {
    const n = rule[field];
    if (!(n > 0) || n > 100_000) issues.push({ field, rule: 'positive' });
    else if (!cents(n)) issues.push({ field, rule: 'cents' });
  }
  if (rule.dailyCap > 0 && rule.lifetimeCap > 0 && rule.dailyCap > rule.lifetimeCap)
    issues.push({ field: 'dailyCap', rule: 'below', params: { max: rule.lifetimeCap } });
  return issues;
}

/**
 * The inputs of one deposit, kept on the movement (as chained text) so verify recomputes the amount
 * and checks the caps against what the ledger held before it.
 */
export interface DepositBasis {
  hours: string;
  rate: string;
  /** The China day of the service the hours were given on (YYYY-MM-DD). */
  day: string;
  dailyCap: string;
  /** Credits already deposited for service on that day (net of reversals). */
  dayBefore: string;
  lifetimeCap: string;
  /** Credits already deposited in the volunteer's lifetime (net of reversals). */
  lifetimeBefore: string;
  ruleVersion: number;
}

const hundredths = (n: number | string) => Math.round(Number(n) * 100);
const text = (h: number) => (h / 100).toFixed(2);

/**
 * The credits of a basis: hours × rate rounded half up to two decimals, clipped to what is left of
 * the day's cap and of the lifetime cap (never negative). In whole hundredths, so PostgreSQL's
 * least(round(h * r, 2), greatest(0, …), greatest(0, …)) in verify gives the same.
 */
export function creditsOf(b: DepositBasis): string {
  const earned = Math.floor((hundredths(b.hours) * hundredths(b.rate) + 50) / 100);
  const dayLeft = Math.max(0, hundredths(b.dailyCap) - hundredths(b.dayBefore));
  const lifeLeft = Math.max(0, hundredths(b.lifetimeCap) - hundredths(b.lifetimeBefore));
  return text(Math.max(0, Math.min(earned, dayLeft, lifeLeft)));
}

/** What the caps took off: the credits hours × rate would have given less what was deposited. */
export function clippedOf(b: DepositBasis): string {
  const earned = Math.floor((hundredths(b.hours) * hundredths(b.rate) + 50) / 100);
  return text(earned - hundredths(creditsOf(b)));
}

export function isEligible(rule: TimeBankRule, categoryCode: string | null): boolean {
  return categoryCode !== null && rule.eligibleCategories.includes(categoryCode);
}

export function depositBasis(
  rule: TimeBankRule,
  hours: number | string,
  day: string,
  before: { day: number | string; lifetime: number | string },
): DepositBasis {
  return {
    hours: Number(hours).toFixed(2),
    rate: rule.creditsPerHour.toFixed(2),
    day,
    dailyCap: rule.dailyCap.toFixed(2),
    dayBefore: Number(before.day).toFixed(2),
    lifetimeCap: rule.lifetimeCap.toFixed(2),
    lifetimeBefore: Number(before.lifetime).toFixed(2),
    ruleVersion: rule.version,
  };
}

/** The basis as stored and chained: its fields in a fixed order (verify reads them by position). */
export const depositBasisText = (b: DepositBasis) =>
  JSON.stringify([b.hours, b.rate, b.day, b.dailyCap, b.dayBefore, b.lifetimeCap, b.lifetimeBefore, b.ruleVersion]);
