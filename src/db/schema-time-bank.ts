import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { RELATION_STATUSES, RELATIONS } from '../domain/time-bank/family.ts';
import { accounts, areas } from './schema-base.ts';
import { volunteers } from './schema-registry.ts';
import { serviceRequests } from './schema-requests.ts';

/**
 * The time bank's second half (issue 19, docs/incentives.md "Time bank"): family relationships an
 * office confirms, and the rows that back each non-hour movement of time credits on the points
 * ledger (a transfer, a donation to a community pool, a grant from one).
 * Each movement's cause id is its row's id, so verify finds one row per movement and back.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const credits = (name: string) => numeric(name, { precision: 14, scale: 2 });

/**
 * A volunteer's relative. The relative is a person of the registry (a volunteer record, found by the
 * ID number's blind index), because only a registry person can hold a ledger account; their ID
 * number is kept sealed + masked + indexed exactly like a volunteer's, and their birth date is the
 * one the number carries (the age rule reads it).
 */
export const familyRelations = pgTable(
  'family_relations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    relativeId: uuid('relative_id')
      .notNull()
      .references(() => volunteers.id),
    relation: text('relation', { enum: RELATIONS }).notNull(),
    relativeName: text('relative_name').notNull(),
    docCipher: text('doc_cipher').notNull(),
    docKeyVersion: smallint('doc_key_version').notNull(),
    docIndex: text('doc_index').notNull(),
    docMasked: text('doc_masked').notNull(),
    relativeBirthDate: date('relative_birth_date').notNull(),
    /** The volunteer's area when recorded: the offices of it confirm. */
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    status: text('status', { enum: RELATION_STATUSES }).notNull().default('pending'),
    /** What the office checked (户口簿, 结婚证 …), or why it refused. */
    remark: text('remark'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Ended by the volunteer or revoked by an office (with the reason): kept, never deleted. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: uuid('ended_by').references(() => accounts.id),
    endReason: text('end_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    check('family_relations_not_self', sql`${t.volunteerId} <> ${t.relativeId}`),
    // One live record of a relative at a time; a refused, ended or revoked one may be recorded again.
    uniqueIndex('family_relations_live_uq').on(t.volunteerId, t.relativeId).where(sql`${t.status} in ('pending', 'confirmed')`),
    // One spouse at a time (pending or confirmed): the Marriage Law's monogamy, and the transfer rule's "the spouse".
    uniqueIndex('family_relations_one_spouse_uq')
      .on(t.volunteerId)
      .where(sql`${t.relation} = 'spouse' and ${t.status} in ('pending', 'confirmed')`),
    index('family_relations_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`, t.status),
  ],
);

/** Credits given to a confirmed relative; the movement (cause `transfer`) has this row's id. */
export const timeCreditTransfers = pgTable(
  'time_credit_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    relationId: uuid('relation_id')
      .notNull()
      .references(() => familyRelations.id),
    fromVolunteerId: uuid('from_volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    toVolunteerId: uuid('to_volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    amount: credits('amount').notNull(),
    /** The China day of the transfer and the relative's age on it (the 60+ rule). */
    day: date('day').notNull(),
    relativeAge: smallint('relative_age').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('time_credit_transfers_amount', sql`${t.amount} > 0`)],
);

/**
 * Into a community's pool (cause `donation`, volunteer → pool) or out of it to a person in need of the
 * community (cause `pool_grant`, pool → person, with the office's reason and who granted it).
 */
export const timeCreditPoolMoves = pgTable(
  'time_credit_pool_moves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['donation', 'pool_grant'] }).notNull(),
    /** The community (12-digit code) whose pool it is. */
    poolAreaCode: text('pool_area_code')
      .notNull()
      .references(() => areas.code),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    amount: credits('amount').notNull(),
    reason: text('reason'),
    grantedBy: uuid('granted_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('time_credit_pool_moves_amount', sql`${t.amount} > 0`),
    check('time_credit_pool_moves_grant', sql`${t.kind} = 'donation' or (${t.reason} is not null and ${t.grantedBy} is not null)`),
    index('time_credit_pool_moves_area_idx').on(t.poolAreaCode),
  ],
);

/**
 * Credits held for a request paid in credits (docs/incentives.md "Spending credits on a service"): at
 * raising, `amount` moves payer → the city's `held` account (cause `service_hold`, this row's id); each
 * confirmed record of the request's shift is paid out of it (cause `service_payment`, the record's id,
 * held → redeemed) and adds to `paid`; when the request is closed or cancelled the row is `closing` (still
 * paying records confirmed later), and once nothing can claim it any more the rest goes back to the payer
 * (cause `service_release`, this row's id) and `released` is set. paid + released never pass amount.
 */
export const timeCreditHolds = pgTable(
  'time_credit_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => volunteers.id),
    /** The window's hours × headcount the amount was worked out from, and the rate in force. */
    hours: credits('hours').notNull(),
    rate: credits('rate').notNull(),
    amount: credits('amount').notNull(),
    paid: credits('paid').notNull().default('0'),
    released: credits('released'),
    status: text('status', { enum: ['open', 'closing', 'released'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('time_credit_holds_request_uq').on(t.requestId),
    index('time_credit_holds_payer_idx').on(t.payerId, t.status),
    check('time_credit_holds_amount', sql`${t.amount} > 0 and ${t.paid} >= 0 and ${t.paid} + coalesce(${t.released}, 0) <= ${t.amount}`),
    check('time_credit_holds_released', sql`(${t.status} = 'released') = (${t.released} is not null)`),
  ],
);
