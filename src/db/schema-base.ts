import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * The administrative tree. `code` is the significant prefix of the 12-digit statistical
 * division code: 4 digits for a city, 6 for a district, 9 for a street, 12 for a community,
 * so "inside my area" is always `code LIKE 'prefix%'`.
 */
export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    level: text('level', { enum: ['city', 'district', 'street', 'community'] }).notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => areas.code),
    population: integer('population').notNull().default(0),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('areas_parent_idx').on(t.parentCode),
    index('areas_code_pattern_idx').using('btree', sql`${t.code} text_pattern_ops`),
    check('areas_code_format', sql`${t.code} ~ '^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'`),
    check('areas_population_nonneg', sql`${t.population} >= 0`),
  ],
);

/** People who sign in. Phone numbers are stored encrypted and found through a keyed hash. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username'),
    phoneCipher: text('phone_cipher'),
    phoneKeyVersion: smallint('phone_key_version'),
    phoneIndex: text('phone_index'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en-US'] })
      .notNull()
      .default('zh-CN'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_username_uq').on(sql`lower(${t.username})`),
    uniqueIndex('accounts_phone_index_uq').on(t.phoneIndex),
    check('accounts_has_login', sql`${t.username} IS NOT NULL OR ${t.phoneIndex} IS NOT NULL`),
  ],
);

/** A role held within a scope: an area prefix, an organization, a station, or the person themself. */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    areaCode: text('area_code').references(() => areas.code),
    organizationId: uuid('organization_id'),
    stationId: uuid('station_id'),
    createdAt: createdAt(),
  },
  (t) => [index('role_grants_account_idx').on(t.accountId)],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * Failed sign-ins per identifier (a keyed hash of the normalized login, whether or not such an
 * account exists), so a lockout says nothing about which accounts exist.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  identifierHash: text('identifier_hash').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    areaCode: text('area_code'),
    requestId: text('request_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`),
  ],
);
