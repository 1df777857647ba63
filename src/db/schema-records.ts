import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PROBLEMS } from '../domain/ledger/keyed-chain.ts';
import type { CertificateFacts } from '../domain/records/certificate.ts';
import { STATEMENT_KINDS, type StatementFacts } from '../domain/records/statement.ts';
import { activities, enrollments } from './schema-activities.ts';
import { accounts } from './schema-base.ts';
import { projects } from './schema-projects.ts';
import { organizations, volunteers } from './schema-registry.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Service records (MCA 2020 measures) and the hour ledger. A record says what the person did
 * — activity, date, place, content, hours actually given, organizing unit, person in charge —
 * and is confirmed by the organizer; confirmed hours go into the append-only, hash-chained ledger.
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    activityId: uuid('activity_id').references(() => activities.id),
    enrollmentId: uuid('enrollment_id').references(() => enrollments.id),
    projectId: uuid('project_id').references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The facts as they were on the day, kept even if the activity changes later. */
    activityTitle: text('activity_title').notNull(),
    serviceDate: date('service_date').notNull(),
    place: text('place').notNull(),
    content: text('content').notNull().default(''),
    categoryCode: text('category_code'),
    personInCharge: text('person_in_charge').notNull(),
    checkInAt: timestamp('check_in_at', { withTimezone: true }),
    checkOutAt: timestamp('check_out_at', { withTimezone: true }),
    channel: text('channel').notNull(),
    /** From check-in/out, clipped and rounded. */
    creditHours: numeric('credit_hours', { precision: 6, scale: 2, mode: 'number' }).notNull().default(0),
    /** Entered by the organizer (补录); never more than the activity's length. */
    addedHours: numeric('added_hours', { precision: 6, scale: 2, mode: 'number' }).notNull().default(0),
    status: text('status', { enum: ['pending', 'confirmed', 'rejected'] })
      .notNull()
      .default('pending'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('service_records_enrollment_uq').on(t.enrollmentId),
    index('service_records_volunteer_idx').on(t.volunteerId, t.serviceDate),
    index('service_records_org_status_idx').on(t.organizationId, t.status, t.serviceDate),
    check('service_records_hours_ck', sql`${t.creditHours} >= 0 and ${t.addedHours} >= 0 and ${t.creditHours} + ${t.addedHours} <= 24`),
  ],
);

/**
 * The hour ledger: one entry per confirmed change of hours, each with the hash of the one before.
 * The database refuses UPDATE, DELETE and TRUNCATE on it (migration 0009).
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    recordId: uuid('record_id')
      .notNull()
      .references(() => serviceRecords.id),
    kind: text('kind', { enum: ['credit', 'added', 'correction'] }).notNull(),
    hours: numeric('hours', { precision: 7, scale: 2 }).notNull(),
    at: text('at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('ledger_entries_volunteer_idx').on(t.volunteerId), index('ledger_entries_record_idx').on(t.recordId)],
);

/**
 * A volunteer's request to correct a confirmed record (MCA 2020 measures, Art 12–13). An accepted
 * correction adds a ledger entry for the difference; the record and its first entries stay.
 */
export const recordCorrections = pgTable(
  'record_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => serviceRecords.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    /** The total hours the volunteer says the record should show. */
    requestedHours: numeric('requested_hours', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'rejected'] })
      .notNull()
      .default('open'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('record_corrections_record_idx').on(t.recordId),
    uniqueIndex('record_corrections_open_uq').on(t.recordId).where(sql`${t.status} = 'open'`),
    check('record_corrections_hours_ck', sql`${t.requestedHours} >= 0 and ${t.requestedHours} <= 24`),
  ],
);

/** Issued proofs of service: the signed facts, the signature, and whether they still stand. */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    facts: jsonb('facts').$type<CertificateFacts>().notNull(),
    signature: text('signature').notNull(),
    keyFingerprint: text('key_fingerprint').notNull(),
    status: text('status', { enum: ['valid', 'superseded', 'revoked'] })
      .notNull()
      .default('valid'),
    supersededBy: uuid('superseded_by'),
    revokedReason: text('revoked_reason'),
    /** When it was revoked: a revoked certificate's PDF states the date. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    issuedAt: createdAt(),
  },
  (t) => [uniqueIndex('certificates_code_uq').on(t.code), index('certificates_volunteer_idx').on(t.volunteerId, t.issuedAt)],
);

/**
 * Signed statements for partners (issue 19: school practice, employer reference, household-
 * registration points), issued by the volunteer or an office of their area; verified by code like
 * certificates. The facts are kept as signed; a statement is revoked, never edited.
 */
export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    kind: text('kind', { enum: STATEMENT_KINDS }).notNull(),
    facts: jsonb('facts').$type<StatementFacts>().notNull(),
    signature: text('signature').notNull(),
    keyFingerprint: text('key_fingerprint').notNull(),
    status: text('status', { enum: ['valid', 'revoked'] })
      .notNull()
      .default('valid'),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => accounts.id),
    revokedReason: text('revoked_reason'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    issuedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('statements_code_uq').on(t.code),
    index('statements_volunteer_idx').on(t.volunteerId, t.issuedAt),
    check('statements_revoked_ck', sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`),
  ],
);

/**
 * Each run of the ledger check (the auditor's page or the CLI): how far it got and what it found.
 * The auditor's history only: anyone who can write the database can delete these rows, so runs are
 * anchored on checkpoints saved outside it, never on an earlier row here.
 */
export const ledgerChecks = pgTable(
  'ledger_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    startedBy: uuid('started_by').references(() => accounts.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    status: text('status', { enum: ['running', 'intact', 'broken', 'failed'] })
      .notNull()
      .default('running'),
    /** Entries checked so far (progress), then in all. */
    entries: bigint('entries', { mode: 'number' }).notNull().default(0),
    /** Entries in the ledger when the run began, for the progress bar. */
    total: bigint('total', { mode: 'number' }).notNull().default(0),
    head: text('head'),
    badSeq: bigint('bad_seq', { mode: 'number' }),
    problem: text('problem', { enum: PROBLEMS }),
    /** A confirmed record with no entry (problem unreconciled, no entry to name). */
    badRecord: uuid('bad_record'),
    /** The saved checkpoint the run was held against (its entry), if one was given. */
    checkpointSeq: bigint('checkpoint_seq', { mode: 'number' }),
    error: text('error'),
  },
  (t) => [index('ledger_checks_started_idx').on(t.startedAt)],
);

/**
 * The Art 11 reminders sent to organizations (MCA 2020 measures: records within 10 working days):
 * at most one a day each, whichever server's scan comes first.
 */
export const recordReminders = pgTable(
  'record_reminders',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    day: date('day').notNull(),
    overdue: integer('overdue').notNull(),
    dueSoon: integer('due_soon').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);

/**
 * Awards on a volunteer's record (MCA 2020 measures, Art 9: honours are part of the service record):
 * written once an award round's public notice has passed (src/modules/honours), read by certificates
 * and signed statements. An award withdrawn later stays, with when and why.
 */
export const recordAwards = pgTable(
  'record_awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    /** The award's name as announced, in Chinese (e.g. 2026年度最美志愿者), and in English if given. */
    title: text('title').notNull(),
    titleEn: text('title_en'),
    year: integer('year').notNull(),
    /** The awarding office's area code (the city's 4 digits, a district's 6 …). */
    grantedByArea: text('granted_by_area').notNull(),
    grantedOn: date('granted_on').notNull(),
    /** What decided it: the award round's nominee row. Unique, so an award is recorded once. */
    sourceId: uuid('source_id').notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('record_awards_source_uq').on(t.sourceId),
    index('record_awards_volunteer_idx').on(t.volunteerId, t.year),
    check('record_awards_withdrawn_ck', sql`(${t.withdrawnAt} is null) = (${t.withdrawReason} is null)`),
  ],
);
