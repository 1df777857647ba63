import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type Checkpoint, readCheckpoint, type SignedCheckpoint, signCheckpoint, type Verdict } from '../../domain/ledger/keyed-chain.ts';
import { RISK_LEVELS } from '../../domain/points/earning.ts';
import { POINTS_LEDGER } from '../../domain/points/points-chain.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { type LedgerStore, verifyKeyedLedger } from '../../platform/keyed-ledger.ts';
import { authorize } from '../../platform/policy.ts';
import type { Posting } from './ledger.ts';
import { keyOf, pointsRuleOf } from './points.service.ts';
import * as v from './points-verify.queries.ts';
import * as rv from './redemption-verify.queries.ts';
import { timeBankRuleOf } from './time-bank-rule.ts';
import * as tb from './time-bank-verify.queries.ts';

/** A verdict of the points ledger: the keyed chain's, or an account or currency that does not balance. */
export type PointsVerdict = Verdict & {
  accountId?: string;
  currency?: string;
  redemptionId?: string;
  offerId?: string;
  holdId?: string;
};

/**
 * The set-based checks, all at once: each movement against its cause (points and time credits),
 * confirmed records without points or without their time-bank deposit, balances against movements,
 * zero sums. Independent of the chain walk, so on a server they run on other connections while the
 * chain is read.
 */
async function setChecks(db: Executor) {
  const rule = await pointsRuleOf(db);
  const zeroCategories = Object.entries(rule.categoryMultipliers)
    .filter(([, m]) => m === 0)
    .map(([c]) => c);
  const zeroRisks = RISK_LEVELS.filter((r) => rule.riskMultipliers[r] === 0);
  const bank = await timeBankRuleOf(db);
  const [
    pointsSeq,
    pointsRecord,
    bankSeq,
    bankRecord,
    ledgerAccount,
    currency,
    moveSeq,
    redemptionSeq,
    unpaid,
    offPrice,
    offerOffStock,
    offerOffApproval,
    useOffAudit,
    holdSeq,
    holdId,
    held,
  ] = await Promise.all([
    v.firstUnreconciledMovement(db),
    v.firstRecordWithoutPoints(db, zeroCategories, zeroRisks),
    tb.firstUnreconciledDeposit(db),
    tb.firstRecordWithoutCredits(db, bank.eligibleCategories, bank.dailyCap, bank.lifetimeCap),
    v.firstUnbalancedAccount(db),
    v.unbalancedCurrency(db),
    tb.firstUnbackedMove(db),
    rv.firstUnreconciledRedemption(db),
    rv.firstRedemptionWithoutMovement(db),
    rv.firstRedemptionOffPrice(db),
    rv.firstOfferOffStock(db),
    rv.firstOfferOffApproval(db),
    rv.firstUseOffAudit(db),
    tb.firstUnbalancedHold(db),
    tb.firstHoldWithoutMovement(db),
    tb.heldOutOfBalance(db),
  ]);
  // The held account's balance against the holds, after its own movements' sum.
  const accountId = ledgerAccount ?? held;
  // Both currencies ride one chain: the first bad movement of either, the points' missing record first.
  const seqs = [pointsSeq, bankSeq, moveSeq, redemptionSeq, holdSeq].filter((s) => s !== undefined);
  const seq = seqs.length ? Math.min(...seqs) : undefined;
  return {
    seq,
    recordId: pointsRecord ?? bankRecord,
    accountId,
    currency,
    redemptionId: unpaid ?? offPrice ?? useOffAudit,
    offerId: offerOffStock ?? offerOffApproval,
    holdId,
  };
}

function pointsStore(db: Executor, checks: ReturnType<typeof setChecks>): LedgerStore<Posting> {
  return {
    def: POINTS_LEDGER,
    page: (after, limit) => v.movementPage(db, after, limit) as Promise<(Posting & { seq: number; prevHash: string; hash: string })[]>,
    seqOfLink: (hash) => v.seqOfLink(db, hash),
    reconcile: async () => {
      const { seq, recordId } = await checks;
      if (seq !== undefined) return { seq, problem: 'unreconciled' };
      return recordId ? { seq: null, problem: 'unreconciled', recordId } : undefined;
    },
  };
}

/**
 * Walks the chain under the points key (against a saved checkpoint, if given), reconciles each
 * movement with its cause, then checks that every account's balance is the sum of its movements and
 * that each currency's balances sum to zero. The first problem, named (the chain's first).
 */
export async function verifyPoints(db: Executor, ledgerKey: Buffer, checkpoint?: Checkpoint): Promise<PointsVerdict> {
  const checks = setChecks(db);
  // A broken chain answers before the checks do; their outcome (or failure) is then not needed.
  checks.catch(() => undefined);
  const verdict = await verifyKeyedLedger(pointsStore(db, checks), keyOf(ledgerKey), { checkpoint });
  if (!verdict.ok) return verdict;
  const { accountId, currency, redemptionId, offerId, holdId } = await checks;
  // A time-credit hold without its hold movement (or released without its release).
  if (holdId) return { ok: false, entries: verdict.entries, seq: null, problem: 'unreconciled', holdId };
  // A benefit redemption that costs points without its movement (or closed without its refund), not at its offer's price,
  // or used by the audit's account and not used (or not the partner's or the volunteer's) now.
  if (redemptionId) return { ok: false, entries: verdict.entries, seq: null, problem: 'unreconciled', redemptionId };
  // A benefit offer whose stock does not add up with its codes, or approved and not on the terms its approval recorded.
  if (offerId) return { ok: false, entries: verdict.entries, seq: null, problem: 'unreconciled', offerId };
  if (accountId) return { ok: false, entries: verdict.entries, seq: null, problem: 'unreconciled', accountId };
  if (currency) return { ok: false, entries: verdict.entries, seq: null, problem: 'unreconciled', currency };
  return verdict;
}

/** actor null: the `volunet points` command, run by whoever holds the server's keys. */
type Ctx = AuditContext & { actor: Actor | null };

/** A checkpoint saved from the points ledger, its signature checked with the platform's public key. */
export function pointsCheckpoint(input: unknown, config: Config): SignedCheckpoint {
  const cp = readCheckpoint(input, config.publicKey);
  if (!cp || cp.ledger !== POINTS_LEDGER.name) throw fieldError('checkpoint', 'signed', 'points.checkpointInvalid');
  return cp;
}

/** The auditor's (or city's) check of the points ledger, audited. */
export async function checkPoints(db: Db, config: Config, ctx: Ctx, checkpoint?: Checkpoint): Promise<PointsVerdict> {
  if (ctx.actor) authorize(ctx.actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const verdict = await verifyPoints(db, config.ledgerKey, checkpoint);
  await recordAudit(db, ctx, { action: 'points.verify', entityType: 'ledger', entityId: null, summary: { ...verdict } });
  return verdict;
}

/** A signed checkpoint of the points ledger, taken only of a chain that verifies and reconciles. */
export async function takePointsCheckpoint(db: Db, config: Config, ctx: Ctx): Promise<SignedCheckpoint> {
  if (ctx.actor) authorize(ctx.actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const verdict = await verifyPoints(db, config.ledgerKey);
  if (!verdict.ok) throw new AppError('RULE_VIOLATION', 'ledger.notIntact', {}, { seq: verdict.seq, problem: verdict.problem });
  const at = new Date().toISOString();
  const cp = signCheckpoint(
    { ledger: POINTS_LEDGER.name, seq: verdict.entries, head: verdict.head, entries: verdict.entries, sum: verdict.sum, at },
    config.signingKey,
  );
  await recordAudit(db, ctx, {
    action: 'ledger.anchor',
    entityType: 'ledger',
    entityId: null,
    summary: { ledger: cp.ledger, seq: cp.seq, head: cp.head },
  });
  return cp;
}
