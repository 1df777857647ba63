import type { Db, Executor } from '../../db/client.ts';
import { isWithinArea } from '../../domain/areas/area-code.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  eligibility,
  type IneligibleBecause,
  type NomineeType,
  nomineeTypeOf,
  type RoundInput,
  type RuleIssue,
  rankNominees,
  roundIssues,
  scoreIssues,
} from '../../domain/honours/awards.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize, grantsReaching, may } from '../../platform/policy.ts';
import { volunteerStanding } from '../records/index.ts';
import * as q from './awards.queries.ts';
import { barredOn } from './sanctions.service.ts';

export type Ctx = AuditContext & { actor: Actor };

/** Field issues of the domain, with their message keys (`award.criteria.weight.range` for `criteria.2.weight`). */
export const invalid = (issues: RuleIssue[]) =>
  new AppError(
    'VALIDATION',
    'error.validation',
    {},
    issues.map((i) => ({ ...i, messageKey: `award.${i.field.replace(/\.\d+/g, '')}.${i.rule}` as MessageKey })),
  );
export const rule = (key: MessageKey, params: Record<string, string | number> = {}) => new AppError('RULE_VIOLATION', key, params);

/** The round, if the actor's office may manage (or review) it; otherwise 404, as if missing. */
export async function roundFor(db: Executor, actor: Actor, id: string, action: 'award.manage' | 'award.review', lock = false) {
  const round = await q.findRound(db, id, lock);
  authorize(actor, action, { areaCode: round?.areaCode ?? null }, 'entity.awardRound');
  if (!round) throw notFound('entity.awardRound');
  return round;
}

/** An office opens a round for its own area: the city's (4 digits) or a district's (6). Audited. */
export async function openRound(db: Db, ctx: Ctx, input: RoundInput & { areaCode: string }) {
  const own = grantsReaching(ctx.actor, 'award.manage').some((g) => g.grant.areaCode === input.areaCode);
  authorize(ctx.actor, 'award.manage', { areaCode: own ? input.areaCode : null }, 'entity.area');
  const issues = roundIssues(input, todayInChina());
  if (issues.length) throw invalid(issues);
  return db.transaction(async (tx) => {
    const row = await q.insertRound(tx, {
      ...input,
      titleZh: input.titleZh.trim(),
      titleEn: input.titleEn.trim(),
      nominators: [...new Set(input.nominators)],
      createdBy: ctx.actor.accountId,
    });
    await recordAudit(tx, ctx, {
      action: 'award.openRound',
      entityType: 'awardRound',
      entityId: row.id,
      areaCode: row.areaCode,
      summary: { kind: row.kind, year: row.year, quota: row.quota },
    });
    return row;
  });
}

/** The organizations an actor nominates for, and the areas its offices nominate in. */
function nominatorReach(actor: Actor) {
  const reach = grantsReaching(actor, 'award.nominate');
  return {
    orgIds: reach.flatMap((g) => (g.reach === 'organization' && g.grant.organizationId ? [g.grant.organizationId] : [])),
    areas: reach.flatMap((g) => (g.reach === 'area' && g.grant.areaCode ? [g.grant.areaCode] : [])),
  };
}

/**
 * Rounds the actor manages (its area and below), and open rounds it may nominate in: an
 * organization of the round's area when organizations nominate, an office of the area when offices do.
 */
export async function listRounds(db: Db, actor: Actor) {
  const { orgIds, areas } = nominatorReach(actor);
  const managed = grantsReaching(actor, 'award.manage').flatMap((g) => (g.grant.areaCode ? [g.grant.areaCode] : []));
  if (managed.length + areas.length + orgIds.length === 0) return [];
  const rows = await q.listRounds(db, { managed, nominatorAreas: areas, orgIds });
  return rows.map((r) => ({
    ...r.round,
    nominees: r.nominees,
    openObjections: r.openObjections,
    manages: managed.length > 0 && may(actor, 'award.manage', { areaCode: r.round.areaCode }),
  }));
}

/** Whether a nominee may be awarded today, and why not (the reasons are for offices only). */
export async function eligibilityToday(db: Executor, round: q.RoundRow, n: { subjectType: NomineeType; subjectId: string }) {
  if (n.subjectType !== 'volunteer') return { eligible: true, because: [] as IneligibleBecause[], hours: null, barredUntil: null };
  const today = todayInChina();
  const [standing, bar] = await Promise.all([volunteerStanding(db as Db, n.subjectId), barredOn(db, n.subjectId, today)]);
  const e = eligibility({ type: 'volunteer', hours: standing.totalHours, minHours: round.minHours, barred: bar.barred });
  return { ...e, hours: standing.totalHours, barredUntil: bar.barred ? bar.until : null };
}

/**
 * A round as its office sees it: nominees with their eligibility today, the ranking by weighted
 * scores, the actor's own scores, and objections. A nominator sees the round and its own nominations.
 */
export async function roundDetail(db: Db, actor: Actor, id: string) {
  const round = await q.findRound(db, id);
  const manages = !!round && may(actor, 'award.manage', { areaCode: round.areaCode });
  if (!round || (!manages && !(await listRounds(db, actor)).some((r) => r.id === id))) throw notFound('entity.awardRound');
  const all = await q.nomineesOf(db, id);
  if (!manages) {
    const { orgIds } = nominatorReach(actor);
    const mine = all.filter((n) => n.nominatedBy === actor.accountId || (n.nominatedByOrg && orgIds.includes(n.nominatedByOrg)));
    return {
      round,
      manages,
      nominees: mine.map((n) => ({ ...n, eligible: null, because: [] as IneligibleBecause[], hours: null, barredUntil: null })),
    };
  }
  const sheets = await q.scoresOf(db, id);
  const ranking = new Map(
    rankNominees(
      all.map((n) => ({
        id: n.id,
        nominatedAt: n.createdAt.toISOString(),
        sheets: sheets.filter((s) => s.nomineeId === n.id && n.status !== 'removed').map((s) => s.scores),
      })),
      round.criteria,
    ).map((r) => [r.id, r]),
  );
  const nominees = [];
  for (const n of all) {
    const e = await eligibilityToday(db, round, n);
    const mine = sheets.find((s) => s.nomineeId === n.id && s.reviewerId === actor.accountId);
    const r = ranking.get(n.id);
    nominees.push({
      ...n,
      ...e,
      score: r?.score ?? null,
      rank: r?.rank ?? null,
      reviewers: r?.reviewers ?? 0,
      myScores: mine?.scores ?? null,
    });
  }
  nominees.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return { round, manages, nominees, objections: await q.objectionsOf(db, id) };
}

export interface Nomination {
  subjectId: string;
  reason: string;
  /** Nominating as this organization (its admin); absent: as an office of the area. */
  organizationId?: string;
}

/**
 * An organization nominates its active members (its projects, itself); an office anyone of its
 * area. Eligibility is checked at once: the round's hours and no sanction today. Only an office
 * that may see the volunteer's sanctions learns that one bars them; anyone else reads "not eligible".
 */
export async function nominate(db: Db, ctx: Ctx, roundId: string, input: Nomination) {
  const round = await q.findRound(db, roundId);
  if (!round) {
    authorize(ctx.actor, 'award.nominate', { areaCode: null }, 'entity.awardRound');
    throw notFound('entity.awardRound');
  }
  // That a round has closed is no secret (its notice is public): said before who may nominate.
  const today = todayInChina();
  if (round.status !== 'open' || today > round.nominationDeadline)
    throw rule('award.nominationsClosed', { deadline: round.nominationDeadline });
  if (!(await listRounds(db, ctx.actor)).some((r) => r.id === roundId)) throw notFound('entity.awardRound');
  if (input.reason.trim().length < 10) throw invalid([{ field: 'reason', rule: 'minLength' }]);
  const type = nomineeTypeOf(round.kind);
  const subject = await q.subjectOf(db, type, input.subjectId);
  const entity = `entity.${type}` as MessageKey;
  if (input.organizationId) {
    authorize(ctx.actor, 'award.nominate', { organizationId: input.organizationId }, 'entity.organization');
    if (!round.nominators.includes('organizations')) throw rule('award.nominator.organizations');
    if (!subject) throw notFound(entity);
    if (!subject.member_of.includes(input.organizationId)) throw rule(`award.notYours.${type}` as MessageKey);
  } else {
    authorize(ctx.actor, 'award.nominate', { areaCode: subject?.area_code ?? null }, entity);
    if (!round.nominators.includes('offices')) throw rule('award.nominator.offices');
  }
  if (!subject) throw notFound(entity);
  if (!isWithinArea(subject.area_code, round.areaCode)) throw rule('award.outsideArea');
  const e = await eligibilityToday(db, round, { subjectType: type, subjectId: subject.id });
  // The sanction is never public: its existence is told only to those who may read it. Everyone else gets
  // one answer for every reason, with the conditions, so a refusal for hours never singles out a barred person.
  if (e.because.length > 0 && !may(ctx.actor, 'sanction.read', { areaCode: subject.area_code }))
    throw rule('award.notEligible', { minHours: round.minHours });
  if (e.because.includes('barred')) throw rule('award.barred', { until: e.barredUntil ?? '' });
  if (e.because.includes('hours')) throw rule('award.belowMinHours', { minHours: round.minHours, hours: e.hours ?? 0 });
  return db.transaction(async (tx) => {
    const row = await q.insertNominee(tx, {
      roundId,
      subjectType: type,
      subjectId: subject.id,
      organizationId: input.organizationId ?? subject.organization_id,
      nominatedByOrg: input.organizationId ?? null,
      nominatedBy: ctx.actor.accountId,
      reason: input.reason.trim(),
    });
    if (!row) throw rule('award.alreadyNominated');
    await recordAudit(tx, ctx, {
      action: 'award.nominate',
      entityType: 'awardNominee',
      entityId: row.id,
      areaCode: round.areaCode,
      summary: { roundId, subjectType: type, subjectId: subject.id, organizationId: input.organizationId ?? null },
    });
    return { id: row.id };
  });
}

/** A reviewer (an office of the round's area) scores an eligible nominee on each criterion; a second score replaces the first. */
export async function scoreNominee(db: Db, ctx: Ctx, nomineeId: string, scores: number[]) {
  const nominee = await q.findNominee(db, nomineeId);
  const round = await q.findRound(db, nominee?.roundId ?? '00000000-0000-0000-0000-000000000000');
  authorize(ctx.actor, 'award.review', { areaCode: round?.areaCode ?? null }, 'entity.nominee');
  if (!nominee || !round) throw notFound('entity.nominee');
  if (round.status !== 'open' || nominee.status === 'removed') throw rule('award.reviewClosed');
  const e = await eligibilityToday(db, round, nominee);
  if (!e.eligible)
    throw rule(e.because.includes('barred') ? 'award.barred' : 'award.notEligible', {
      until: e.barredUntil ?? '',
      minHours: round.minHours,
    });
  const issues = scoreIssues(scores, round.criteria, round.scale);
  if (issues.length) throw invalid(issues);
  await db.transaction(async (tx) => {
    await q.upsertScore(tx, nomineeId, ctx.actor.accountId, scores);
    await recordAudit(tx, ctx, {
      action: 'award.score',
      entityType: 'awardNominee',
      entityId: nomineeId,
      areaCode: round.areaCode,
      summary: { roundId: round.id, scores },
    });
  });
}

/** The office selects up to the quota from the eligible nominees (the selection replaces the one before). */
export async function selectNominees(db: Db, ctx: Ctx, roundId: string, ids: string[]) {
  const round = await roundFor(db, ctx.actor, roundId, 'award.manage');
  if (round.status !== 'open') throw rule('award.notOpen');
  const unique = [...new Set(ids)];
  if (unique.length > round.quota) throw invalid([{ field: 'nomineeIds', rule: 'quota', params: { quota: round.quota } }]);
  const nominees = new Map((await q.nomineesOf(db, roundId)).map((n) => [n.id, n]));
  const issues: RuleIssue[] = [];
  for (const [i, id] of unique.entries()) {
    const n = nominees.get(id);
    if (!n || n.status === 'removed') issues.push({ field: `nomineeIds.${i}`, rule: 'exists' });
    else if (!(await eligibilityToday(db, round, n)).eligible)
      issues.push({ field: `nomineeIds.${i}`, rule: 'eligible', params: { name: n.name } });
  }
  if (issues.length) throw invalid(issues);
  await db.transaction(async (tx) => {
    await q.setSelection(tx, roundId, unique);
    await recordAudit(tx, ctx, {
      action: 'award.select',
      entityType: 'awardRound',
      entityId: roundId,
      areaCode: round.areaCode,
      summary: { nomineeIds: unique },
    });
  });
}
