import type { Executor } from '../../db/client.ts';
import { chainNext, GENESIS, type Link } from '../../domain/ledger/keyed-chain.ts';
import { type Currency, type MovementFacts, POINTS_LEDGER } from '../../domain/points/points-chain.ts';
import { AppError } from '../../platform/errors.ts';
import * as q from './points.queries.ts';

export type Posting = MovementFacts;

const cents = (s: string) => Math.round(Number(s) * 100);
const amountText = (c: number) => (c / 100).toFixed(2);

const sqlState = (err: unknown) => {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  return typeof e.cause?.code === 'string' ? e.cause.code : typeof e.code === 'string' ? e.code : undefined;
};

/**
 * Posts movements, in the caller's transaction: all of them or none. Each debits one account and
 * credits another, is chained after the head under the points key, and changes both balances in the
 * same statement set; an account taken below its floor is refused by the database's CHECK, mapped to
 * a RULE_VIOLATION naming the account and its floor. The chain's lock is taken first, then the
 * accounts' rows in id order, so concurrent posters queue instead of deadlocking.
 */
export async function postMovements(tx: Executor, key: Buffer, postings: Posting[]): Promise<q.MovementRow[]> {
  if (postings.length === 0) return [];
  await q.lockChain(tx);
  const delta = new Map<string, number>();
  for (const p of postings) {
    if (!(cents(p.amount) > 0)) throw new AppError('RULE_VIOLATION', 'points.amountPositive');
    delta.set(p.debitAccountId, (delta.get(p.debitAccountId) ?? 0) - cents(p.amount));
    delta.set(p.creditAccountId, (delta.get(p.creditAccountId) ?? 0) + cents(p.amount));
  }
  const locked = await q.lockAccounts(tx, [...delta.keys()].sort());
  const head = await q.chainHead(tx);
  let prev: Link | undefined = head ? { seq: Number(head.seq), prevHash: GENESIS, hash: head.hash } : undefined;
  const rows: q.MovementRow[] = postings.map((p) => {
    const facts: MovementFacts = { ...p, amount: amountText(cents(p.amount)) };
    const e = chainNext(key, POINTS_LEDGER, prev, facts);
    prev = e;
    return e;
  });
  await q.insertMovements(tx, rows);
  try {
    await q.applyDeltas(
      tx,
      [...delta].filter(([, d]) => d !== 0).map(([id, d]) => ({ id, delta: amountText(d) })),
    );
  } catch (err) {
    if (sqlState(err) !== '23514') throw err;
    // Which account: the first whose locked balance plus its change falls below its floor.
    const over = locked.find((a) => a.floor !== null && cents(a.balance) + (delta.get(a.id) ?? 0) < cents(a.floor));
    throw new AppError('RULE_VIOLATION', 'points.overdraft', { floor: over?.floor ?? '0' }, { account: over?.id, floor: over?.floor });
  }
  return rows;
}

/** The accounts a record's points move between: the city's issuance and the volunteer's own. */
export async function recordAccounts(tx: Executor, currency: Currency, volunteerId: string) {
  const issuance = await q.systemAccount(tx, currency, 'issuance');
  const own = (await q.volunteerAccounts(tx, currency, [volunteerId])).get(volunteerId);
  if (!own) throw new AppError('NOT_FOUND', 'error.notFound', { entity: 'entity.volunteer' });
  return { issuance, own };
}

/** The city's issuance account and the volunteers' own (made on first use) of a currency, for loads of many. */
export async function ledgerAccounts(tx: Executor, currency: Currency, volunteerIds: string[]) {
  return { issuance: await q.systemAccount(tx, currency, 'issuance'), own: await q.volunteerAccounts(tx, currency, volunteerIds) };
}

/** The chain's lock, for a poster that must read what the ledger holds before it posts (a cap). */
export const lockLedger = (tx: Executor) => q.lockChain(tx);

/** A community's pool account (the time bank's donations and grants), made on first use. */
export const poolAccount = (tx: Executor, currency: Currency, areaCode: string) => q.poolAccount(tx, currency, areaCode);

/** The city's account of a kind without an owner (redeemed: where credits spent on services go). */
export const cityAccount = (tx: Executor, currency: Currency, kind: 'issuance' | 'redeemed' | 'expired' | 'held') =>
  q.systemAccount(tx, currency, kind);
/** The accounts a redemption's points move between: the volunteer's own and the city's `redeemed` (benefits). */
export async function redemptionAccounts(tx: Executor, volunteerId: string) {
  const redeemed = await q.systemAccount(tx, 'points', 'redeemed');
  const own = (await q.volunteerAccounts(tx, 'points', [volunteerId])).get(volunteerId);
  if (!own) throw new AppError('NOT_FOUND', 'error.notFound', { entity: 'entity.volunteer' });
  return { redeemed, own };
}
