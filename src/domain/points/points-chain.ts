import { hkdfSync } from 'node:crypto';
import type { ChainDefinition } from '../ledger/keyed-chain.ts';

/**
 * The points ledger (志愿积分 and the time bank's credits) on the keyed chain: one chain of movements
 * for both currencies. Each movement debits one account and credits another by a positive amount,
 * for a cause (a confirmed record, its reversal, a bonus …).
 */
export const CURRENCIES = ['points', 'time_credit'] as const;
export type Currency = (typeof CURRENCIES)[number];

/**
 * issuance: the city's source (no floor); redeemed / expired / pool: where points go; volunteer: a person's own;
 * held: the time bank's credits held for requests paid in credits until served or released (one per currency).
 */
export const ACCOUNT_KINDS = ['volunteer', 'issuance', 'redeemed', 'expired', 'pool', 'held'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * The time bank's own causes (transfer, donation, pool_grant, service_hold, service_release) and the benefits'
 * (redemption, redemption_refund) have the id of the row that backs them; a service_payment has the id of the
 * record it pays (one payment per record).
 */
export const CAUSE_TYPES = [
  'record',
  'record_reversal',
  'record_repost',
  'bonus',
  'transfer',
  'donation',
  'pool_grant',
  'service_payment',
  'redemption',
  'redemption_refund',
  'service_hold',
  'service_release',
] as const;
export type CauseType = (typeof CAUSE_TYPES)[number];

export interface MovementFacts {
  currency: Currency;
  debitAccountId: string;
  creditAccountId: string;
  /** Two decimals, positive. */
  amount: string;
  causeType: CauseType;
  causeId: string | null;
  /** The earning basis as text (basisText), or null for movements not computed from hours. */
  basis: string | null;
  at: string;
}

export const POINTS_LEDGER: ChainDefinition<MovementFacts> = {
  name: 'points',
  facts: (f) => [f.currency, f.debitAccountId, f.creditAccountId, f.amount, f.causeType, f.causeId ?? '', f.basis ?? '', f.at],
  amount: (f) => Math.round(Number(f.amount) * 100),
  decimals: 2,
};

/**
 * The points ledger's own key, derived (HKDF-SHA-256) from the platform's ledger key: never in the
 * database like it, yet a link of the hour ledger can never stand in the points chain or back.
 */
export function pointsLedgerKey(ledgerKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', ledgerKey, Buffer.alloc(0), 'volunet ledger: points', 32));
}
