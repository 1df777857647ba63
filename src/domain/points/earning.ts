/**
 * How confirmed hours become points (志愿积分), by the city's rule: Kunshan's 1 h = 10 points by
 * default, times a multiplier for the project's category and one for its risk level, and an
 * organizer's bonus capped per volunteer and China month. Points are never cash.
 */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface PointsRule {
  /** Incremented on every save: the version a posting was computed under is kept on its movement. */
  version: number;
  pointsPerHour: number;
  /** Category code → multiplier (0–5); a category not named counts 1. */
  categoryMultipliers: Record<string, number>;
  riskMultipliers: Record<RiskLevel, number>;
  /** The most bonus points organizers may give one volunteer in a China month (0: no bonus). */
  bonusCapPerMonth: number;
}

export const DEFAULT_POINTS_RULE: PointsRule = {
  version: 0,
  pointsPerHour: 10,
  categoryMultipliers: {},
  riskMultipliers: { low: 1, medium: 1, high: 1 },
  bonusCapPerMonth: 50,
};

export const MAX_MULTIPLIER = 5;

export interface RuleIssue {
  field: string;
  rule: 'positive' | 'range' | 'min' | 'cents';
  params?: Record<string, number>;
}

const cents = (n: number) => Number.isFinite(n) && Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** What is wrong with a rule: a positive rate, multipliers 0–5, a cap ≥ 0, each to two decimals at most. */
export function ruleIssues(rule: Omit<PointsRule, 'version'>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!(rule.pointsPerHour > 0) || rule.pointsPerHour > 10_000) issues.push({ field: 'pointsPerHour', rule: 'positive' });
  else if (!cents(rule.pointsPerHour)) issues.push({ field: 'pointsPerHour', rule: 'cents' });
  const multipliers: [string, number][] = [
    ...Object.entries(rule.categoryMultipliers).map(([code, m]) => [`categoryMultipliers.${code}`, m] as [string, number]),
    ...RISK_LEVELS.map((level) => [`riskMultipliers.${level}`, rule.riskMultipliers[level]] as [string, number]),
  ];
  for (const [field, m] of multipliers) {
    if (!(m >= 0 && m <= MAX_MULTIPLIER)) issues.push({ field, rule: 'range', params: { min: 0, max: MAX_MULTIPLIER } });
    else if (!cents(m)) issues.push({ field, rule: 'cents' });
  }
  if (!(rule.bonusCapPerMonth >= 0) || !Number.isInteger(rule.bonusCapPerMonth))
    issues.push({ field: 'bonusCapPerMonth', rule: 'min', params: { min: 0 } });
  return issues;
}

/** The inputs a record's points were computed from, kept on the movement so `verify` can recompute them. */
export interface EarningBasis {
  hours: string;
  rate: string;
  categoryMultiplier: string;
  riskMultiplier: string;
  ruleVersion: number;
}

const hundredths = (n: number | string) => Math.round(Number(n) * 100);

/**
 * The points, to two decimals rounded half up, of a basis: computed in whole hundredths so the
 * result is exact and equals PostgreSQL's round(hours * rate * cm * rm, 2) that verify runs.
 */
export function pointsOf(b: EarningBasis): string {
  const product = hundredths(b.hours) * hundredths(b.rate) * hundredths(b.categoryMultiplier) * hundredths(b.riskMultiplier);
  // product is in 1e-8 points; to hundredths: / 1e6, half up (amounts here are never negative).
  return (Math.floor((product + 500_000) / 1_000_000) / 100).toFixed(2);
}

/** The basis of a record's points under a rule: its hours, category and the project's risk level. */
export function earningBasis(rule: PointsRule, hours: number | string, categoryCode: string | null, risk: RiskLevel): EarningBasis {
  const category = categoryCode ? (rule.categoryMultipliers[categoryCode] ?? 1) : 1;
  return {
    hours: Number(hours).toFixed(2),
    rate: rule.pointsPerHour.toFixed(2),
    categoryMultiplier: category.toFixed(2),
    riskMultiplier: (rule.riskMultipliers[risk] ?? 1).toFixed(2),
    ruleVersion: rule.version,
  };
}

/** The basis as stored and chained: its fields in a fixed order. */
export const basisText = (b: EarningBasis) => JSON.stringify([b.hours, b.rate, b.categoryMultiplier, b.riskMultiplier, b.ruleVersion]);

/** How much of an organizer's bonus may be given: what is left of the month's cap, at most. */
export function bonusAllowed(requested: number, givenThisMonth: number, cap: number): number {
  return Math.max(0, Math.min(requested, cap - givenThisMonth));
}
