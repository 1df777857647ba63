import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { ageOn } from '../../domain/identity/index.ts';
import { amountRule, transferRefusal } from '../../domain/time-bank/family.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { fieldError } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize, scopeFilter } from '../../platform/policy.ts';
import { ledgerAccounts, lockLedger, pointsKeyOf, poolAccount, postMovements } from '../points/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './family.queries.ts';
import { ruleError } from './time-bank-errors.ts';

type Ctx = AuditContext & { actor: Actor };

/** An amount a person typed: above 0, two decimals, within the guard; named by field otherwise. */
function checkedAmount(amount: number) {
  const rule = amountRule(amount);
  if (rule) throw fieldError('amount', rule, `timeBank.amount.${rule}`);
  return amount.toFixed(2);
}

/**
 * A volunteer gives credits to a relative (Nanjing: the spouse, or a relative aged 60 and over on the
 * transfer day), along a relationship an office confirmed; refused naming the rule otherwise. The row
 * and its movement (cause `transfer`, the row's id) are written in one transaction.
 */
/**
 * A volunteer's record of one relative: the live one (confirmed before pending), else the latest ended
 * or revoked one so a refusal names it; a refused one counts as none. Transfers and services paid in
 * credits for a relative follow the same rule.
 */
export async function relationTo(tx: Executor, volunteerId: string, relativeId: string) {
  const rank = { confirmed: 0, pending: 1, ended: 2, revoked: 2, rejected: 3 } as const;
  return (await q.relationsOf(tx, volunteerId))
    .filter((r) => r.relative_id === relativeId && r.status !== 'rejected')
    .sort((a, b) => rank[a.status] - rank[b.status])[0];
}

export async function transferCredits(db: Db, ledgerKey: Buffer, ctx: Ctx, input: { toVolunteerId: string; amount: number }) {
  const me = await requireSelf(db, ctx.actor, 'timeBank.transfer');
  const amount = checkedAmount(input.amount);
  return db.transaction(async (tx) => {
    const today = todayInChina();
    const relation = await relationTo(tx, me.id, input.toVolunteerId);
    const refusal = transferRefusal({
      fromVolunteerId: me.id,
      toVolunteerId: input.toVolunteerId,
      relation: relation && { relation: relation.relation, status: relation.status, birthDate: relation.relative_birth_date },
      today,
    });
    if (refusal) throw ruleError('toVolunteerId', refusal, `timeBank.transfer.${refusal}`, { age: 60 });
    await lockLedger(tx);
    const { own } = await ledgerAccounts(tx, 'time_credit', [me.id, input.toVolunteerId]);
    const from = own.get(me.id) as string;
    const to = own.get(input.toVolunteerId) as string;
    const relativeAge = ageOn(relation.relative_birth_date, today);
    const id = await q.insertTransfer(tx, {
      relationId: relation.id,
      from: me.id,
      to: input.toVolunteerId,
      amount,
      day: today,
      relativeAge,
    });
    const [row] = await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'time_credit',
        debitAccountId: from,
        creditAccountId: to,
        amount,
        causeType: 'transfer',
        causeId: id,
        basis: null,
        at: new Date().toISOString(),
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'timeBank.transfer',
      entityType: 'time_credit_transfer',
      entityId: id,
      summary: { amount, to: input.toVolunteerId, relation: relation.relation },
    });
    return { id, seq: row.seq, amount, relation: relation.relation, relativeAge };
  });
}

/** A volunteer donates credits to their community's pool (cause `donation`), for people in need there. */
export async function donateCredits(db: Db, ledgerKey: Buffer, ctx: Ctx, input: { amount: number }) {
  const me = await requireSelf(db, ctx.actor, 'timeBank.transfer');
  const amount = checkedAmount(input.amount);
  if (me.areaCode.length !== 12) throw ruleError('amount', 'community', 'timeBank.pool.noCommunity');
  return db.transaction(async (tx) => {
    await lockLedger(tx);
    const from = (await ledgerAccounts(tx, 'time_credit', [me.id])).own.get(me.id) as string;
    const pool = await poolAccount(tx, 'time_credit', me.areaCode);
    const id = await q.insertPoolMove(tx, { kind: 'donation', poolAreaCode: me.areaCode, volunteerId: me.id, amount });
    const [row] = await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'time_credit',
        debitAccountId: from,
        creditAccountId: pool,
        amount,
        causeType: 'donation',
        causeId: id,
        basis: null,
        at: new Date().toISOString(),
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'timeBank.donate',
      entityType: 'time_credit_pool_move',
      entityId: id,
      areaCode: me.areaCode,
      summary: { amount },
    });
    return { id, seq: row.seq, amount, poolAreaCode: me.areaCode };
  });
}

/**
 * The community office grants credits out of its pool to a person in need of the community (a registry
 * person, by volunteer number), with a reason; never beyond what the pool holds.
 */
export async function grantFromPool(
  db: Db,
  ledgerKey: Buffer,
  ctx: Ctx,
  areaCode: string,
  input: { volunteerNo: string; amount: number; reason: string },
) {
  authorize(ctx.actor, 'timeBank.grant', { areaCode }, 'entity.pool');
  if (areaCode.length !== 12) throw ruleError('areaCode', 'community', 'timeBank.pool.noCommunity');
  const amount = checkedAmount(input.amount);
  const reason = input.reason.trim();
  if (!reason) throw fieldError('reason', 'required', 'timeBank.pool.reasonRequired');
  const person = await q.personByNumber(db, input.volunteerNo.trim());
  if (!person?.area_code.startsWith(areaCode) || person.status === 'merged')
    throw fieldError('volunteerNo', 'inArea', 'timeBank.pool.notInArea');
  // The office grants to others: never to the volunteer record linked to its own account (review 2026-12, conflict of interest).
  if (person.account_id === ctx.actor.accountId) throw ruleError('volunteerNo', 'notSelf', 'timeBank.pool.self');
  return db.transaction(async (tx) => {
    await lockLedger(tx);
    const pool = await poolAccount(tx, 'time_credit', areaCode);
    const balance = Number((await q.balanceOf(tx, pool)) ?? 0);
    if (balance < Number(amount)) throw ruleError('amount', 'pool', 'timeBank.pool.insufficient', { balance: balance.toFixed(2) });
    const to = (await ledgerAccounts(tx, 'time_credit', [person.id])).own.get(person.id) as string;
    const id = await q.insertPoolMove(tx, {
      kind: 'pool_grant',
      poolAreaCode: areaCode,
      volunteerId: person.id,
      amount,
      reason,
      by: ctx.actor.accountId,
    });
    const [row] = await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'time_credit',
        debitAccountId: pool,
        creditAccountId: to,
        amount,
        causeType: 'pool_grant',
        causeId: id,
        basis: null,
        at: new Date().toISOString(),
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'timeBank.grant',
      entityType: 'time_credit_pool_move',
      entityId: id,
      areaCode,
      summary: { amount, to: person.id },
    });
    return { id, seq: row.seq, amount };
  });
}

/** The community pools the actor oversees, with their balance, donations and grants, and the latest grants of each. */
export async function poolsInScope(db: Db, actor: Actor) {
  const scope = scopeFilter(actor, 'timeBank.balanceSheet', { areaCode: q.poolInArea });
  const pools = await q.poolsUnder(db, scope);
  const grants = await q.latestGrants(
    db,
    pools.map((p) => p.area_code),
  );
  return pools.map((p) => ({
    areaCode: p.area_code,
    name: p.name,
    balance: p.balance,
    donated: p.donated,
    granted: p.granted,
    grants: grants
      .filter((g) => g.pool_area_code === p.area_code)
      .map((g) => ({
        id: g.id,
        volunteerName: maskName(g.volunteer_name),
        volunteerNo: g.volunteer_no,
        amount: g.amount,
        reason: g.reason,
        createdAt: g.created_at,
      })),
  }));
}
