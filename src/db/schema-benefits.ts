import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { OFFER_KINDS, OFFER_STATUSES, PARTNER_KINDS, REDEMPTION_STATUSES } from '../domain/benefits/offers.ts';
import { accounts } from './schema-base.ts';
import { volunteers } from './schema-registry.ts';

/**
 * Benefits (礼遇 / 积分兑换, issue 19, docs/incentives.md): partners (shops, museums, transit,
 * hospitals) registered by an office, the accounts that act for them, their offers and the
 * redemptions with one-time codes. Points move through the points ledger (causes `redemption`,
 * `redemption_refund`, cause id = the redemption's id).
 */
export const benefitPartners = pgTable(
  'benefit_partners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PARTNER_KINDS }).notNull(),
    areaCode: text('area_code').notNull(),
    address: text('address').notNull(),
    contact: text('contact').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('benefit_partners_area_idx').on(t.areaCode)],
);

/** The accounts (role `partner`) that act for a benefit partner: one partner per account. */
export const benefitPartnerMembers = pgTable(
  'benefit_partner_members',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => benefitPartners.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.accountId] }), uniqueIndex('benefit_partner_members_account_key').on(t.accountId)],
);

export const benefitOffers = pgTable(
  'benefit_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => benefitPartners.id),
    /** The partner's area: the office of this area reviews the offer. */
    areaCode: text('area_code').notNull(),
    kind: text('kind', { enum: OFFER_KINDS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    price: numeric('price', { precision: 14, scale: 2 }).notNull(),
    /** null: unlimited (an advantage). Decremented only by a guarded UPDATE (stock > 0). */
    stock: integer('stock'),
    /**
     * The stock as last set by the partner (terms change only before approval): the verifier holds
     * stock + codes open or used = initial stock, so no unit appears or vanishes outside a redemption.
     */
    initialStock: integer('initial_stock'),
    perPersonLimit: integer('per_person_limit').notNull().default(1),
    minStars: smallint('min_stars').notNull().default(0),
    areaPrefix: text('area_prefix'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
    codeDays: integer('code_days').notNull().default(30),
    status: text('status', { enum: OFFER_STATUSES }).notNull().default('draft'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('benefit_offers_partner_idx').on(t.partnerId),
    index('benefit_offers_status_idx').on(t.status, t.areaCode),
    // The last line of defence: no code path can take stock below zero.
    check('benefit_offers_stock_ck', sql`${t.stock} is null or ${t.stock} >= 0`),
    check('benefit_offers_price_ck', sql`${t.price} >= 0`),
    check('benefit_offers_window_ck', sql`${t.validTo} >= ${t.validFrom}`),
  ],
);

export const benefitRedemptions = pgTable(
  'benefit_redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => benefitOffers.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    /** The points paid (the offer's price then). */
    price: numeric('price', { precision: 14, scale: 2 }).notNull(),
    /** Keyed hash (HMAC) of the code: what a scan is looked up by. */
    codeIndex: text('code_index').notNull(),
    /** The code sealed (AES-GCM) so the volunteer can be shown it again; never in logs. */
    codeSealed: text('code_sealed').notNull(),
    codeKeyVersion: smallint('code_key_version').notNull(),
    status: text('status', { enum: REDEMPTION_STATUSES }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: uuid('used_by').references(() => accounts.id),
    /** When it expired or was cancelled (and its points refunded). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('benefit_redemptions_code_key').on(t.codeIndex),
    index('benefit_redemptions_offer_idx').on(t.offerId, t.volunteerId),
    index('benefit_redemptions_volunteer_idx').on(t.volunteerId, t.createdAt),
    index('benefit_redemptions_open_idx').on(t.expiresAt).where(sql`${t.status} = 'open'`),
    check('benefit_redemptions_used_ck', sql`(${t.status} = 'used') = (${t.usedAt} is not null)`),
  ],
);

/**
 * A partner account's counted lookups in the current window (domain/benefits/lookup-throttle.ts):
 * wrong codes, and advantage checks of people not eligible. In the database, so the limit holds
 * whichever server the request reaches.
 */
export const benefitLookupTries = pgTable(
  'benefit_lookup_tries',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['code', 'advantage', 'check'] }).notNull(),
    tries: integer('tries').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.purpose] })],
);

/**
 * A partner's advantage checks over all its clerk accounts in the current day's window
 * (domain/benefits/lookup-throttle.ts): more accounts do not buy more guesses.
 */
export const benefitPartnerLookupTries = pgTable('benefit_partner_lookup_tries', {
  partnerId: uuid('partner_id')
    .primaryKey()
    .references(() => benefitPartners.id, { onDelete: 'cascade' }),
  tries: integer('tries').notNull(),
  since: timestamp('since', { withTimezone: true }).notNull(),
});
