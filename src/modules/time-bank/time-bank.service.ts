import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  creditsOf,
  DEFAULT_TIME_BANK_RULE,
  depositBasis,
  depositBasisText,
  isEligible,
  type TimeBankRule,
  timeBankRuleIssues,
} from '../../domain/time-bank/deposit.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { HoursLanded } from '../../platform/hour-hooks.ts';
import { authorize } from '../../platform/policy.ts';
import { saveSetting } from '../../platform/settings.ts';
import {
  accountStatement,
  ledgerAccounts,
  lockLedger,
  PointsLoader,
  type Posting,
  pointsKeyOf,
  postMovements,
  recordAccounts,
  timeBankRuleOf,
} from '../points/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import { openHoldsOf } from './service-pay.queries.ts';
import * as q from './time-bank.queries.ts';

type Ctx = AuditContext & { actor: Actor };

export async function readTimeBankRule(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return { ...(await timeBankRuleOf(db)), defaults: DEFAULT_TIME_BANK_RULE };
}

/** The city office sets the rule; it holds for hours confirmed from now on (earlier deposits keep theirs). */
export async function saveTimeBankRule(db: Db, ctx: Ctx, input: Omit<TimeBankRule, 'version'>) {
  authorize(ctx.actor, 'timeBank.manageRules', {}, 'entity.route');
  const clean = { ...input, eligibleCategories: [...new Set(input.eligibleCategories.map((c) => c.trim()).filter(Boolean))] };
  const issues = timeBankRuleIssues(clean);
  if (issues.length)
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map((i) => ({ ...i, messageKey: `timeBank.rule.${i.rule}` as const })),
    );
  return db.transaction(async (tx) => {
    const rule: TimeBankRule = { ...clean, version: (await timeBankRuleOf(tx)).version + 1 };
    await saveSetting(tx, 'timeBankRule', rule, ctx.actor.accountId);
    await recordAudit(tx, ctx, { action: 'settings.timeBankRule', entityType: 'settings', entityId: 'timeBankRule', summary: { ...rule } });
    return rule;
  });
}

/**
 * Hours landed (platform/hour-hooks.ts), in the confirming transaction: a confirmed record of an
 * eligible category deposits hours × rate credits (issuance → volunteer), clipped by what is left of
 * its service day's cap and the lifetime cap; an accepted correction reverses what the record had
 * deposited and deposits again under the caps as they then stand. The chain's lock is taken before
 * the caps are read, so two confirmations for one volunteer cannot both take the day's last credit.
 */
export async function depositRecordCredits(tx: Executor, ledgerKey: Buffer, e: HoursLanded) {
  const record = await q.recordOf(tx, e.recordId);
  if (!record) return;
  const rule = await timeBankRuleOf(tx);
  const eligible = isEligible(rule, record.category_code);
  if (!eligible && !e.correctionId) return;
  await lockLedger(tx);
  const before = await q.depositedOf(tx, e.volunteerId, record.service_date, e.correctionId ? e.recordId : null);
  if (!eligible && before.record <= 0) return;
  const { issuance, own } = await recordAccounts(tx, 'time_credit', e.volunteerId);
  const base = { currency: 'time_credit' as const, at: e.at };
  const postings: Posting[] = [];
  if (e.correctionId && before.record > 0)
    postings.push({
      ...base,
      debitAccountId: own,
      creditAccountId: issuance,
      amount: before.record.toFixed(2),
      causeType: 'record_reversal',
      causeId: e.correctionId,
      basis: null,
    });
  if (eligible) {
    const basis = depositBasis(rule, e.hours, record.service_date, {
      day: before.day - before.record,
      lifetime: before.lifetime - before.record,
    });
    const amount = creditsOf(basis);
    if (Number(amount) > 0)
      postings.push({
        ...base,
        debitAccountId: issuance,
        creditAccountId: own,
        amount,
        causeType: e.correctionId ? 'record_repost' : 'record',
        causeId: e.correctionId ?? e.recordId,
        basis: depositBasisText(basis),
      });
  }
  await postMovements(tx, pointsKeyOf(ledgerKey), postings);
}

/**
 * Deposits the credits of every eligible confirmed record that has none yet (the demo city's
 * history), set-based: one read of the records in deposit order, running caps per volunteer and
 * service day kept in memory, movements through the ledger's loader. Returns how many were posted.
 */
export async function backfillTimeCredits(tx: Executor, ledgerKey: Buffer, rule: TimeBankRule, at: string): Promise<number> {
  const records = await q.recordsWithoutCredits(tx, rule.eligibleCategories);
  if (records.length === 0) return 0;
  const loader = await PointsLoader.open(tx, pointsKeyOf(ledgerKey));
  const life = new Map<string, number>();
  const day = new Map<string, number>();
  for (const t of await q.depositTotals(tx)) {
    life.set(t.volunteer_id, (life.get(t.volunteer_id) ?? 0) + Number(t.total));
    day.set(`${t.volunteer_id} ${t.service_date}`, Number(t.total));
  }
  const { issuance, own } = await ledgerAccounts(
    tx,
    'time_credit',
    records.map((r) => r.volunteer_id),
  );
  for (const r of records) {
    const dayKey = `${r.volunteer_id} ${r.service_date}`;
    const basis = depositBasis(rule, r.hours, r.service_date, { day: day.get(dayKey) ?? 0, lifetime: life.get(r.volunteer_id) ?? 0 });
    const amount = creditsOf(basis);
    const account = own.get(r.volunteer_id);
    if (Number(amount) <= 0 || !account) continue;
    day.set(dayKey, Math.round(((day.get(dayKey) ?? 0) + Number(amount)) * 100) / 100);
    life.set(r.volunteer_id, Math.round(((life.get(r.volunteer_id) ?? 0) + Number(amount)) * 100) / 100);
    const full = loader.add({
      currency: 'time_credit',
      debitAccountId: issuance,
      creditAccountId: account,
      amount,
      causeType: 'record',
      causeId: r.id,
      basis: depositBasisText(basis),
      at,
    });
    if (full) await loader.flush();
  }
  await loader.finish();
  return loader.count;
}

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A volunteer's account as they and their office see it: balance, deposits against both caps, the statement page. */
export async function timeBankAccount(db: Db, volunteerId: string, page: { limit: number; offset: number }) {
  const rule = await timeBankRuleOf(db);
  const today = chinaDay(new Date());
  const [deposited, { balance, total, statement }] = await Promise.all([
    q.depositedOf(db, volunteerId, today),
    accountStatement(db, 'time_credit', volunteerId, page),
  ]);
  return {
    rule,
    balance,
    lifetimeDeposited: deposited.lifetime.toFixed(2),
    lifetimeCap: rule.lifetimeCap.toFixed(2),
    today,
    todayDeposited: deposited.day.toFixed(2),
    dailyCap: rule.dailyCap.toFixed(2),
    total,
    statement,
  };
}

/**
 * My time bank: the balance, what I have had deposited against the lifetime cap, what service today
 * has deposited against the daily cap, the rule, and the statement newest first, a page at a time.
 */
export async function myTimeBank(db: Db, actor: Actor, page: { limit: number; offset: number }) {
  const me = await requireSelf(db, actor, 'timeBank.read');
  const { rule, ...account } = await timeBankAccount(db, me.id, page);
  return {
    ...account,
    creditsPerHour: rule.creditsPerHour.toFixed(2),
    eligibleCategories: rule.eligibleCategories,
    // Requests I raised paid in credits, still holding them (docs/incentives.md "Spending credits on a service").
    openHolds: (await openHoldsOf(db, me.id)).map((h) => ({
      requestId: h.request_id,
      requestNo: h.request_no,
      amount: h.amount,
      paid: h.paid,
      createdAt: h.created_at,
    })),
  };
}
