import { sql } from 'drizzle-orm';
import { bigint, check, index, numeric, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ACCOUNT_KINDS, CAUSE_TYPES, CURRENCIES } from '../domain/points/points-chain.ts';
import { volunteers } from './schema-registry.ts';

/**
 * The points ledger (issue 19, docs/incentives.md): accounts in two currencies and the movements
 * between them, double-entry. A volunteer's account may not go below 0; the city's issuance account
 * has no floor. Balances are kept on the account, changed only with a movement, in its transaction.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    ownerId: uuid('owner_id').references(() => volunteers.id),
    areaCode: text('area_code'),
    /** A community's pool (kind 'pool', no owner person): its 12-digit area code; part of the owner key, one pool per community. */
    poolArea: text('pool_area'),
    /** null: no floor (the issuance account). */
    floor: numeric('floor', { precision: 14, scale: 2 }),
    balance: numeric('balance', { precision: 14, scale: 2 }).notNull().default('0'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_accounts_owner_key').on(t.currency, t.kind, t.ownerId, t.poolArea).nullsNotDistinct(),
    check('ledger_accounts_pool_area', sql`(${t.kind} = 'pool') = (${t.poolArea} is not null)`),
    check('ledger_accounts_floor', sql`${t.floor} is null or ${t.balance} >= ${t.floor}`),
  ],
);

export const ledgerMovements = pgTable(
  'ledger_movements',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    debitAccountId: uuid('debit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: uuid('credit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    causeType: text('cause_type', { enum: CAUSE_TYPES }).notNull(),
    causeId: uuid('cause_id'),
    /** The inputs the amount was computed from (hours, rate, multipliers, rule version), as chained. */
    basis: text('basis'),
    at: text('at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    check('ledger_movements_amount', sql`${t.amount} > 0`),
    check('ledger_movements_two_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    // A record's points are posted once; a reversal and a repost once per correction.
    uniqueIndex('ledger_movements_cause_key').on(t.currency, t.causeType, t.causeId),
    index('ledger_movements_debit_idx').on(t.debitAccountId, t.seq),
    index('ledger_movements_credit_idx').on(t.creditAccountId, t.seq),
  ],
);
