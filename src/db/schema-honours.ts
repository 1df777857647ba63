import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SANCTION_KINDS } from '../domain/honours/sanctions.ts';
import { accounts } from './schema-base.ts';
import { volunteers } from './schema-registry.ts';

/**
 * Sanctions (失信 / falsified hours) that bar a volunteer from awards for 1–3 years (issue 19).
 * Seen by offices of the volunteer's area only: never public, never on a certificate. A revoked
 * sanction stays, with who revoked it and why.
 */
export const sanctions = pgTable(
  'sanctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    kind: text('kind', { enum: SANCTION_KINDS }).notNull(),
    reason: text('reason').notNull(),
    /** The service records it concerns (the volunteer's own), if any. */
    recordIds: uuid('record_ids').array().notNull().default(sql`'{}'::uuid[]`),
    barYears: smallint('bar_years').notNull(),
    startsOn: date('starts_on').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => accounts.id),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    index('sanctions_volunteer_idx').on(t.volunteerId, t.startsOn),
    check('sanctions_years_ck', sql`${t.barYears} between 1 and 3`),
    check('sanctions_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);
