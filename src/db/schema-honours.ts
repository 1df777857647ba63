import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { AWARD_KINDS, type Criterion } from '../domain/honours/awards.ts';
import { SANCTION_KINDS } from '../domain/honours/sanctions.ts';
import { accounts, areas } from './schema-base.ts';
import { organizations, volunteers } from './schema-registry.ts';

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

/**
 * Award rounds (表彰评选, issue 19): opened by an office for its area (the city, or a district for
 * its own awards). Status: `open` (nominating and scoring), `notice` (the selected list is public
 * until `notice_ends_on`), `finalized` (awards recorded).
 */
export const awardRounds = pgTable(
  'award_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    kind: text('kind', { enum: AWARD_KINDS }).notNull(),
    year: integer('year').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    quota: integer('quota').notNull(),
    /** Cumulative confirmed hours a volunteer needs (the star scheme's measure), 0 for none. */
    minHours: numeric('min_hours', { precision: 8, scale: 2, mode: 'number' }).notNull().default(0),
    nominators: text('nominators').array().notNull(),
    nominationDeadline: date('nomination_deadline').notNull(),
    scale: smallint('scale').notNull(),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
    status: text('status', { enum: ['open', 'notice', 'finalized'] })
      .notNull()
      .default('open'),
    publishedOn: date('published_on'),
    noticeEndsOn: date('notice_ends_on'),
    finalizedOn: date('finalized_on'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('award_rounds_area_idx').using('btree', sql`${t.areaCode} text_pattern_ops`, t.year),
    check('award_rounds_quota_ck', sql`${t.quota} between 1 and 500`),
    check('award_rounds_notice_ck', sql`(${t.status} = 'open') = (${t.noticeEndsOn} is null)`),
  ],
);

/**
 * A nomination. `subject_id` is the volunteer, organization or project (by the round's kind), once
 * per round. Status: `nominated`, `selected` (on the notice list), `removed` (an upheld objection),
 * `awarded`.
 */
export const awardNominees = pgTable(
  'award_nominees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => awardRounds.id),
    subjectType: text('subject_type', { enum: ['volunteer', 'organization', 'project'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** The organization shown beside the name on the notice (the nominating one, or the subject's). */
    organizationId: uuid('organization_id').references(() => organizations.id),
    nominatedByOrg: uuid('nominated_by_org').references(() => organizations.id),
    nominatedBy: uuid('nominated_by').references(() => accounts.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['nominated', 'selected', 'removed', 'awarded'] })
      .notNull()
      .default('nominated'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('award_nominees_subject_uq').on(t.roundId, t.subjectId), index('award_nominees_round_idx').on(t.roundId)],
);

/** A reviewer's scores of a nominee, one per criterion; a reviewer scores a nominee once (a re-score replaces it). */
export const awardScores = pgTable(
  'award_scores',
  {
    nomineeId: uuid('nominee_id')
      .notNull()
      .references(() => awardNominees.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => accounts.id),
    scores: jsonb('scores').$type<number[]>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.nomineeId, t.reviewerId] })],
);

/**
 * An objection to a nominee on the public notice, by anyone. The contact (often a phone number)
 * is sealed like other personal data and shown masked.
 */
export const awardObjections = pgTable(
  'award_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nomineeId: uuid('nominee_id')
      .notNull()
      .references(() => awardNominees.id),
    reason: text('reason').notNull(),
    contactCipher: text('contact_cipher').notNull(),
    contactKeyVersion: smallint('contact_key_version').notNull(),
    contactMasked: text('contact_masked').notNull(),
    /** Keyed hash of the normalized contact: one objection per contact and nominee, without decrypting. */
    contactIndex: text('contact_index'),
    status: text('status', { enum: ['open', 'upheld', 'dismissed'] })
      .notNull()
      .default('open'),
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by').references(() => accounts.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('award_objections_nominee_idx').on(t.nomineeId, t.status),
    uniqueIndex('award_objections_contact_uq').on(t.nomineeId, t.contactIndex),
    check('award_objections_resolved_ck', sql`(${t.status} = 'open') = (${t.resolution} is null)`),
  ],
);
