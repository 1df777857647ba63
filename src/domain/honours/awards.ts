import { addWorkingDays, calendarOf, type IsWorkingDay } from '../records/working-days.ts';

/**
 * Annual awards (表彰评选, issue 19): an office opens a round, organizations and offices nominate,
 * reviewers score, the office selects up to the quota, the list is published for at least five
 * working days (公示) when anyone may object, then the award is recorded (MCA 2020 measures, Art 9).
 * Pure rules: dates are China calendar days (YYYY-MM-DD), the calendar is passed in.
 */
export const AWARD_KINDS = ['volunteer', 'organization', 'project', 'named'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export type NomineeType = 'volunteer' | 'organization' | 'project';
/** 最美志愿者 and the city's own named award go to people; the others to organizations and projects. */
export const nomineeTypeOf = (kind: AwardKind): NomineeType =>
  kind === 'organization' ? 'organization' : kind === 'project' ? 'project' : 'volunteer';

export const NOMINATORS = ['organizations', 'offices'] as const;
export type Nominator = (typeof NOMINATORS)[number];
export const SCORE_SCALES = [10, 100] as const;
export const NOTICE_WORKING_DAYS = 5;
export const MAX_QUOTA = 500;

export interface Criterion {
  name: string;
  nameEn: string;
  weight: number;
}

export interface RoundInput {
  kind: AwardKind;
  year: number;
  titleZh: string;
  titleEn: string;
  quota: number;
  minHours: number;
  nominators: Nominator[];
  nominationDeadline: string;
  scale: number;
  criteria: Criterion[];
}

export interface RuleIssue {
  field: string;
  rule: string;
  params?: Record<string, string | number>;
}

/** What is wrong with a round before it opens, each problem by field and rule. */
export function roundIssues(r: RoundInput, today: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(r.year) || r.year < thisYear - 1 || r.year > thisYear) issues.push({ field: 'year', rule: 'range' });
  if (r.titleZh.trim().length < 2) issues.push({ field: 'titleZh', rule: 'minLength' });
  if (r.titleEn.trim().length < 2) issues.push({ field: 'titleEn', rule: 'minLength' });
  if (!Number.isInteger(r.quota) || r.quota < 1 || r.quota > MAX_QUOTA) issues.push({ field: 'quota', rule: 'range' });
  if (!(r.minHours >= 0) || r.minHours > 10_000) issues.push({ field: 'minHours', rule: 'range' });
  if (r.nominators.length === 0) issues.push({ field: 'nominators', rule: 'required' });
  if (r.nominationDeadline < today) issues.push({ field: 'nominationDeadline', rule: 'notPast' });
  if (!(SCORE_SCALES as readonly number[]).includes(r.scale)) issues.push({ field: 'scale', rule: 'oneOf' });
  if (r.criteria.length === 0) issues.push({ field: 'criteria', rule: 'required' });
  r.criteria.forEach((c, i) => {
    if (c.name.trim().length === 0 || c.nameEn.trim().length === 0) issues.push({ field: `criteria.${i}.name`, rule: 'required' });
    if (!(c.weight > 0) || c.weight > 100) issues.push({ field: `criteria.${i}.weight`, rule: 'range' });
  });
  return issues;
}

/** A reviewer's scores: one per criterion, each from 0 to the round's scale. */
export function scoreIssues(scores: number[], criteria: Criterion[], scale: number): RuleIssue[] {
  if (scores.length !== criteria.length) return [{ field: 'scores', rule: 'perCriterion', params: { count: criteria.length } }];
  return scores.flatMap((s, i) =>
    Number.isFinite(s) && s >= 0 && s <= scale ? [] : [{ field: `scores.${i}`, rule: 'range', params: { scale } }],
  );
}

/** One reviewer's score of a nominee: the weighted mean of the criteria's scores. */
export function weightedMean(scores: number[], criteria: Criterion[]): number {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  return scores.reduce((sum, s, i) => sum + s * criteria[i].weight, 0) / total;
}

export interface Scored {
  id: string;
  /** Each reviewer's scores, one per criterion. */
  sheets: number[][];
  /** When it was nominated: the earlier nomination ranks first on equal scores. */
  nominatedAt: string;
}

/**
 * The ranking: each nominee's score is the mean over reviewers of their weighted means, rounded to
 * two decimals; the unscored come last. Equal scores share a rank (1, 2, 2, 4).
 */
export function rankNominees(nominees: Scored[], criteria: Criterion[]) {
  const scored = nominees.map((n) => ({
    id: n.id,
    nominatedAt: n.nominatedAt,
    reviewers: n.sheets.length,
    score:
      n.sheets.length === 0
        ? null
        : Math.round((n.sheets.reduce((sum, s) => sum + weightedMean(s, criteria), 0) / n.sheets.length) * 100) / 100,
  }));
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.nominatedAt.localeCompare(b.nominatedAt));
  return scored.map((n, i, all) => {
    let rank = i + 1;
    while (rank > 1 && n.score !== null && all[rank - 2].score === n.score) rank--;
    return { id: n.id, score: n.score, reviewers: n.reviewers, rank: n.score === null ? null : rank };
  });
}

/**
 * The last day of the public notice: it runs at least five working days, the publication day
 * counting when it is a working day itself, so a notice published on a Friday evening over a
 * holiday week still gives the public five working days (issue 19; holidays and make-up days from
 * the city's work calendar).
 */
export function noticeEndsOn(publishedOn: string, isWorkingDay: IsWorkingDay = calendarOf()): string {
  const first = isWorkingDay(publishedOn) ? 1 : 0;
  return addWorkingDays(publishedOn, NOTICE_WORKING_DAYS - first, isWorkingDay);
}

/** Objections are taken through the notice's last day, inclusive. */
export const objectionsOpen = (today: string, endsOn: string) => today <= endsOn;
/** The award is decided only once the notice is over. */
export const noticeOver = (today: string, endsOn: string) => today > endsOn;

export type IneligibleBecause = 'hours' | 'barred';

/**
 * Whether a nominee may be awarded on a day: a volunteer needs the round's minimum of cumulative
 * confirmed hours and no sanction barring them that day. Organizations and projects have neither.
 */
export function eligibility(input: { type: NomineeType; hours: number; minHours: number; barred: boolean }) {
  const because: IneligibleBecause[] = [];
  if (input.type === 'volunteer') {
    if (input.hours < input.minHours) because.push('hours');
    if (input.barred) because.push('barred');
  }
  return { eligible: because.length === 0, because };
}
