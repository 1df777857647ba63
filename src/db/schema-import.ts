import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Actor } from '../domain/auth/roles.ts';
import { accounts } from './schema-base.ts';
import { volunteers } from './schema-registry.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Imports from other platforms (一张网管理). A job is one file from one source; it advances in
 * batches, each committed together with `rows_done`, so a stopped import resumes after the last
 * committed row and ends as an uninterrupted one would.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileSize: integer('file_size').notNull(),
    /**
     * The PII key version the uploaded file's parts (import_file_parts) are sealed under; null
     * when no file is kept: the CLI's (on disk), or one erased because its job ended.
     */
    fileKeyVersion: integer('file_key_version'),
    status: text('status', { enum: ['previewing', 'previewed', 'running', 'completed', 'failed', 'cancelled'] }).notNull(),
    /** While previewing: the rows read so far. */
    rowsRead: integer('rows_read').notNull().default(0),
    /** Who started it, as the policy saw them then (a resumed import keeps the same scope); null for the CLI, which runs as the machine's operator. */
    actor: jsonb('actor').$type<Actor>(),
    accountId: uuid('account_id').references(() => accounts.id),
    rowsTotal: integer('rows_total'),
    rowsDone: integer('rows_done').notNull().default(0),
    created: integer('created').notNull().default(0),
    merged: integer('merged').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    candidates: integer('candidates').notNull().default(0),
    preview: jsonb('preview'),
    error: text('error'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('import_jobs_file_idx').on(t.source, t.fileSha256),
    index('import_jobs_created_idx').on(t.createdAt),
    check('import_jobs_file_erased', sql`${t.fileKeyVersion} is null or ${t.status} in ('previewing', 'previewed', 'running')`),
  ],
);

/**
 * An uploaded file waits here, in parts of 1 MiB each sealed with AES-256-GCM (import-file-store.ts),
 * until its job ends in any state or its preview expires (PIPL: kept no longer than needed). The
 * trigger import_jobs_erase_file (migration 0016) deletes the parts when the job ends, whatever
 * path ends it. Parts, not one value: a driver turns a 50 MB value into a 100 MB hex string in
 * one go, and the server would answer no one meanwhile.
 */
export const importFileParts = pgTable(
  'import_file_parts',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

/** One row per file row: what became of it, for the report. */
export const importRows = pgTable(
  'import_rows',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** The row as a spreadsheet numbers it: the header is row 1. */
    rowNo: integer('row_no').notNull(),
    outcome: text('outcome', { enum: ['created', 'merged', 'unchanged', 'rejected', 'candidate'] }).notNull(),
    volunteerId: uuid('volunteer_id'),
    externalId: text('external_id'),
    /** Issues of a rejected row, conflicts of a merged one, warnings of any. */
    detail: jsonb('detail'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNo] })],
);

/**
 * Two records that may be one person: the same name and phone, and at least one without an ID
 * number to decide. Never merged on their own; a person merges them or keeps them apart.
 */
export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    otherId: uuid('other_id')
      .notNull()
      .references(() => volunteers.id),
    reason: text('reason', { enum: ['name_phone'] }).notNull(),
    status: text('status', { enum: ['open', 'merged', 'kept_apart'] })
      .notNull()
      .default('open'),
    /** The area of the record the office works in: the older record's. */
    areaCode: text('area_code').notNull(),
    importJobId: uuid('import_job_id').references(() => importJobs.id, { onDelete: 'set null' }),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duplicate_candidates_pair_uq').on(t.volunteerId, t.otherId),
    index('duplicate_candidates_open_idx').using('btree', sql`${t.areaCode} text_pattern_ops`).where(sql`${t.status} = 'open'`),
  ],
);

export interface MergeMoves {
  sources: { source: string; externalId: string }[];
  memberships: string[];
  /** The survivor's fields before the merge filled them from the merged record. */
  survivorBefore: Record<string, unknown>;
  accountMoved: boolean;
}

/** Every merge of two records, with what moved, so it can be undone; undone merges stay listed. */
export const volunteerMerges = pgTable(
  'volunteer_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => volunteers.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => volunteers.id),
    candidateId: uuid('candidate_id').references(() => duplicateCandidates.id),
    moves: jsonb('moves').$type<MergeMoves>().notNull(),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    undoneBy: text('undone_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [index('volunteer_merges_survivor_idx').on(t.survivorId), index('volunteer_merges_merged_idx').on(t.mergedId)],
);
