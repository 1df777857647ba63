import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  basisText,
  DEFAULT_POINTS_RULE,
  earningBasis,
  type PointsRule,
  pointsOf,
  RISK_LEVELS,
  type RiskLevel,
  ruleIssues,
} from '../../domain/points/earning.ts';
import { type CauseType, type Currency, pointsLedgerKey } from '../../domain/points/points-chain.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { HoursLanded } from '../../platform/hour-hooks.ts';
import { authorize } from '../../platform/policy.ts';
import { readSetting, saveSetting } from '../../platform/settings.ts';
import { volunteerStanding } from '../records/index.ts';
import { findVolunteer, requireSelf } from '../volunteers/index.ts';
import { postMovements, recordAccounts } from './ledger.ts';
import * as q from './points.queries.ts';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** How confirmed hours become points (issue 19). */
    pointsRule: PointsRule;
  }
}

type Ctx = AuditContext & { actor: Actor };

const keys = new WeakMap<Buffer, Buffer>();
/** The points chain's key, derived once from the platform's ledger key. */
export function keyOf(ledgerKey: Buffer): Buffer {
  const known = keys.get(ledgerKey);
  if (known) return known;
  const key = pointsLedgerKey(ledgerKey);
  keys.set(ledgerKey, key);
  return key;
}

export async function pointsRuleOf(db: Executor): Promise<PointsRule> {
  const saved = await readSetting(db, 'pointsRule');
  return saved
    ? { ...DEFAULT_POINTS_RULE, ...saved, riskMultipliers: { ...DEFAULT_POINTS_RULE.riskMultipliers, ...saved.riskMultipliers } }
    : DEFAULT_POINTS_RULE;
}

export async function readPointsRule(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return { ...(await pointsRuleOf(db)), defaults: DEFAULT_POINTS_RULE };
}

/** The city office sets the rule; it holds for hours confirmed from now on (earlier postings keep theirs). */
export async function savePointsRule(db: Db, ctx: Ctx, input: Omit<PointsRule, 'version'>) {
  authorize(ctx.actor, 'points.manageRules', {}, 'entity.route');
  const issues = ruleIssues(input);
  if (issues.length)
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map((i) => ({ ...i, messageKey: `points.rule.${i.rule}` as const })),
    );
  return db.transaction(async (tx) => {
    const rule: PointsRule = { ...input, version: (await pointsRuleOf(tx)).version + 1 };
    await saveSetting(tx, 'pointsRule', rule, ctx.actor.accountId);
    await recordAudit(tx, ctx, { action: 'settings.pointsRule', entityType: 'settings', entityId: 'pointsRule', summary: { ...rule } });
    return rule;
  });
}

/**
 * Hours landed on the hour ledger (platform/hour-hooks.ts), in the same transaction: a confirmed
 * record earns its points (issuance → volunteer) once; an accepted correction reverses what the record
 * had earned and posts the new amount, as two new movements (history is never erased).
 */
export async function postRecordPoints(tx: Executor, ledgerKey: Buffer, e: HoursLanded) {
  const facts = await q.recordFacts(tx, e.recordId);
  if (!facts) return;
  const rule = await pointsRuleOf(tx);
  const risk = (RISK_LEVELS as readonly string[]).includes(facts.risk_level ?? '') ? (facts.risk_level as RiskLevel) : 'low';
  const basis = earningBasis(rule, e.hours, facts.category_code, risk);
  const amount = pointsOf(basis);
  const { issuance, own } = await recordAccounts(tx, 'points', e.volunteerId);
  const base = { currency: 'points' as const, at: e.at };
  const postings = [];
  if (e.correctionId) {
    const net = await q.netOfRecord(tx, 'points', e.recordId, own);
    if (Number(net) > 0)
      postings.push({
        ...base,
        debitAccountId: own,
        creditAccountId: issuance,
        amount: net,
        causeType: 'record_reversal' as const,
        causeId: e.correctionId,
        basis: null,
      });
    if (Number(amount) > 0)
      postings.push({
        ...base,
        debitAccountId: issuance,
        creditAccountId: own,
        amount,
        causeType: 'record_repost' as const,
        causeId: e.correctionId,
        basis: basisText(basis),
      });
  } else if (Number(amount) > 0)
    postings.push({
      ...base,
      debitAccountId: issuance,
      creditAccountId: own,
      amount,
      causeType: 'record' as const,
      causeId: e.recordId,
      basis: basisText(basis),
    });
  await postMovements(tx, keyOf(ledgerKey), postings);
}

const PAGE_MAX = 100;

/** An account's balance and statement (newest first, a page at a time) in a currency: points or time credits. */
export async function accountStatement(db: Executor, currency: Currency, volunteerId: string, page: { limit: number; offset: number }) {
  const account = await q.accountOf(db, currency, volunteerId);
  const limit = Math.min(page.limit, PAGE_MAX);
  const lines = account ? await q.statementOf(db, account.id, account.balance, limit, page.offset) : [];
  return {
    balance: account?.balance ?? '0.00',
    total: account ? await q.movementCount(db, account.id) : 0,
    statement: lines.map((l) => ({
      seq: Number(l.seq),
      at: l.at,
      cause: l.cause_type as CauseType,
      activityTitle: l.activity_title,
      amount: l.amount,
      balanceAfter: l.balance_after,
    })),
  };
}

async function pointsOfVolunteer(db: Db, volunteerId: string, page: { limit: number; offset: number }) {
  const { stars, totalHours } = await volunteerStanding(db, volunteerId);
  const { balance, total, statement } = await accountStatement(db, 'points', volunteerId, page);
  return { balance, stars, totalHours, total, statement };
}

/** My points: the balance, stars and the statement, newest first, a page at a time. */
export async function myPoints(db: Db, actor: Actor, page: { limit: number; offset: number }) {
  const me = await requireSelf(db, actor, 'points.read');
  return pointsOfVolunteer(db, me.id, page);
}

/** A volunteer's points, for an office of their area or an organization they serve with. */
export async function volunteerPoints(db: Db, actor: Actor, volunteerId: string, page: { limit: number; offset: number }) {
  const row = await findVolunteer(db, q.volunteerWithId(volunteerId));
  if (!row) throw notFound('entity.volunteer');
  const v = row.volunteer;
  authorize(
    actor,
    'points.read',
    { areaCode: v.areaCode, organizationIds: row.organizationIds, accountId: v.accountId },
    'entity.volunteer',
  );
  return pointsOfVolunteer(db, volunteerId, page);
}
