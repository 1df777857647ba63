import { sql } from 'drizzle-orm';
import { customType, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { activities } from './schema-activities.ts';
import { accounts } from './schema-base.ts';
import { organizations, stations, volunteers } from './schema-registry.ts';

/**
 * An idempotency key: opaque, so compared byte by byte (collation "C") rather than by the
 * database's language rules — every check-in's key is looked up and inserted in a unique index,
 * and a language collation makes each comparison several times dearer.
 */
const opaqueKey = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

/** Card readers and kiosks: registered to a station or an organization, with a revocable API key (stored hashed). */
export const devices = pgTable('devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  stationId: uuid('station_id').references(() => stations.id),
  organizationId: uuid('organization_id').references(() => organizations.id),
  keyHash: text('key_hash').notNull(),
  /** The key's first characters, to tell keys apart on screen. */
  keyPrefix: text('key_prefix').notNull(),
  status: text('status', { enum: ['active', 'revoked'] })
    .notNull()
    .default('active'),
  createdBy: uuid('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Every check-in and check-out as it arrived, by any channel. An event the rules doubt (outside the
 * geofence, not on the roster, in two places at once, a day over 12 h, a time from the future) is
 * kept with its anomalies for the organizer to review — never silently dropped or accepted.
 */
export const attendanceEvents = pgTable(
  'attendance_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * Idempotency: a device's own event id, or the client's key. A key is its sender's: unique per
     * key owner, so one person's key never reaches, reveals or blocks another's event.
     */
    eventKey: opaqueKey('event_key').notNull(),
    /** Whose key: the volunteer checking in, the reader uploading, or the account that scanned or entered it. */
    keyOwner: uuid('key_owner').notNull(),
    /** What was sent under the key (a digest): the same key with other content is refused, not taken as a repeat. */
    keyDigest: text('key_digest'),
    activityId: uuid('activity_id').references(() => activities.id),
    volunteerId: uuid('volunteer_id').references(() => volunteers.id),
    kind: text('kind', { enum: ['in', 'out'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    channel: text('channel', { enum: ['code', 'ecard', 'device', 'geofence', 'manual'] }).notNull(),
    deviceId: uuid('device_id').references(() => devices.id),
    /** What the device sent (card or volunteer number) when it could not be matched. */
    cardRef: text('card_ref'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    anomalies: text('anomalies').array().notNull().default(sql`'{}'::text[]`),
    /** dismissed: reviewed and not counted; the event stays, with the organizer's note. */
    status: text('status', { enum: ['accepted', 'review', 'dismissed'] }).notNull(),
    reason: text('reason'),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('attendance_events_owner_key_uq').on(t.keyOwner, t.eventKey),
    index('attendance_events_activity_idx').on(t.activityId, t.volunteerId, t.at),
    index('attendance_events_volunteer_idx').on(t.volunteerId, t.at),
    index('attendance_events_review_idx').on(t.deviceId, t.status),
  ],
);

/**
 * What card readers sent, durable and idempotent the moment it is answered, waiting to be judged
 * and paired into records (in the background, in batches). Deliberately lean — a primary key and
 * nothing else to check — so a reader's upload costs about as much as a plain bulk INSERT; the
 * device was checked by its key before anything was written.
 */
export const deviceInbox = pgTable('device_inbox', {
  /** `dev:<device id>:<the device's event id>`, the key the event will have once judged. */
  eventKey: opaqueKey('event_key').primaryKey(),
  deviceId: uuid('device_id').notNull(),
  card: text('card').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** Left out: check in if not checked in, else out. */
  kind: text('kind', { enum: ['in', 'out'] }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A volunteer's typed 6-digit codes in the current window (domain/attendance/code-throttle.ts):
 * counted in the database, so the limit holds whichever server the phone reaches.
 */
export const checkinCodeTries = pgTable('checkin_code_tries', {
  volunteerId: uuid('volunteer_id')
    .primaryKey()
    .references(() => volunteers.id, { onDelete: 'cascade' }),
  tries: integer('tries').notNull(),
  since: timestamp('since', { withTimezone: true }).notNull(),
});
