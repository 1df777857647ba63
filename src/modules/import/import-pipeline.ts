import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Row } from '../../db/bulk-insert.ts';
import { type Executor, isUniqueViolation } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { formatVolunteerNo } from '../../domain/identity/index.ts';
import { columnHint, type HeaderMapping, mapHeader, type SourcePreset } from '../../domain/import/presets.ts';
import {
  type BatchPlan,
  type KnownRecord,
  type Lookups,
  type PreparedRow,
  type RowOutcome,
  resolveBatch,
} from '../../domain/import/resolve.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { AppError } from '../../platform/errors.ts';
import { identityColumns, type SealedDoc, type SealedGuardian, type SealedPhone, type VOLUNTEER_COLUMNS } from '../volunteers/index.ts';
import * as q from './import.queries.ts';
import { type FileRow, type ImportFile, inBatches, readRows } from './import-file.ts';
import { loadRowContext, type Preparer, preparer, threadsFor } from './import-prepare.ts';

/** What import-prepare seals a row's personal data into. */
type SealedFragments = { doc?: SealedDoc; phone?: SealedPhone; guardian?: SealedGuardian };

/**
 * The import pipeline: read → prepare (check, hash, seal) → resolve → write, a batch at a time.
 * The file streams (it is never whole in memory); while one batch commits, the next ones are
 * prepared (in worker threads for a large file), so the cores and PostgreSQL work at the same
 * time. Each batch commits with the job's `rows_done`, so a stopped run picks up after the last
 * committed row.
 */
export const BATCH_ROWS = 5_000;
/** Batches prepared ahead of the one being written. */
const PREPARED_AHEAD = 2;

export interface PrepareOptions {
  /** Worker threads preparing rows; by default none for a small file, all cores but one for a large one. */
  threads?: number;
  /** Rows a batch prepares and commits (BATCH_ROWS); a stop or a crash loses at most one batch's work. */
  batchRows?: number;
}

/**
 * The file's rows, prepared, a batch at a time, with up to PREPARED_AHEAD batches being prepared
 * while the caller works on the one it has.
 */
async function* preparedBatches(rows: AsyncGenerator<FileRow>, prep: Preparer, batchRows = BATCH_ROWS): AsyncGenerator<PreparedRow[]> {
  const ahead: Promise<PreparedRow[]>[] = [];
  for await (const batch of inBatches(rows, batchRows)) {
    const job = prep.prepare(batch);
    job.catch(() => {}); // surfaces when taken
    ahead.push(job);
    if (ahead.length > PREPARED_AHEAD) yield await (ahead.shift() as Promise<PreparedRow[]>);
  }
  while (ahead.length) yield await (ahead.shift() as Promise<PreparedRow[]>);
}

async function openPreparer(
  db: Executor,
  config: Config,
  actor: Actor | null,
  file: ImportFile,
  mapping: HeaderMapping,
  options: PrepareOptions,
) {
  const context = await loadRowContext(db, actor);
  return preparer({ keys: config.piiKeys, context, mapping }, options.threads ?? threadsFor(file.size));
}

export interface Counts {
  created: number;
  merged: number;
  unchanged: number;
  rejected: number;
  candidates: number;
}
export const emptyCounts = (): Counts => ({ created: 0, merged: 0, unchanged: 0, rejected: 0, candidates: 0 });

export function tally(counts: Counts, outcomes: readonly RowOutcome[]) {
  for (const o of outcomes) {
    if (o.outcome === 'candidate') counts.candidates++;
    else counts[o.outcome]++;
  }
}

/** Header problems refuse the whole file before any row is looked at. */
export function checkHeader(header: FileRow | undefined, preset: SourcePreset): HeaderMapping {
  const cells = header?.cells ?? [];
  if (cells.some((c) => c.includes('\uFFFD'))) {
    throw new AppError('VALIDATION', 'error.validation', {}, [
      { row: 1, field: 'file', rule: 'encoding', messageKey: 'import.badEncoding' },
    ]);
  }
  const mapping = mapHeader(cells, preset);
  if (mapping.missing.length) {
    throw new AppError('VALIDATION', 'error.validation', {}, [
      {
        row: 1,
        field: 'header',
        rule: 'columns',
        messageKey: 'import.missingColumns',
        params: { columns: mapping.missing.map(columnHint).join(', ') },
      },
    ]);
  }
  return mapping;
}

/** What the merge rule may have changed: the person's facts and profile. */
function profileRow(rec: KnownRecord) {
  return {
    id: rec.id,
    name: rec.name,
    sex: rec.sex,
    birth_date: rec.birthDate,
    area_code: rec.areaCode,
    political_status: rec.politicalStatus,
    cadre: rec.cadre,
    education: rec.education,
    occupation: rec.occupation,
    school_name: rec.schoolName,
    school_type: rec.schoolType,
    skills: rec.skills,
    languages: rec.languages,
    service_categories: rec.serviceCategories,
  };
}

function insertRow(rec: KnownRecord, sequence: number): Row<typeof VOLUNTEER_COLUMNS> {
  const now = new Date().toISOString();
  return {
    ...profileRow(rec),
    cadre: rec.cadre ?? false,
    ...identityColumns(rec.pii as SealedFragments, now),
    volunteer_no: formatVolunteerNo(rec.areaCode.slice(0, 4), sequence),
    account_id: null,
    doc_index: rec.docIndex,
    phone_index: rec.phoneIndex,
    name_phone_index: rec.namePhoneIndex,
    availability: 0,
    consent_at: now,
    registered_via: 'import',
    created_at: now,
    updated_at: now,
  };
}

/** The merged fields of a changed record; the sealed ones only where the import filled a blank. */
function updateRow(rec: KnownRecord) {
  const { doc, phone } = rec.pii as SealedFragments;
  return {
    ...profileRow(rec),
    ...identityColumns({ doc, phone }, null),
    doc_index: rec.pii.doc ? rec.docIndex : null,
    phone_index: rec.pii.phone ? rec.phoneIndex : null,
    name_phone_index: null,
  };
}

export async function writePlan(db: Executor, source: string, jobId: string, plan: BatchPlan) {
  const sequences = await q.nextSequences(db, plan.created.length);
  await q.insertVolunteers(
    db,
    plan.created.map((rec, i) => insertRow(rec, sequences[i])),
  );
  await q.updateVolunteers(
    db,
    plan.updated.map((rec) => updateRow(rec)),
  );
  await q.upsertLinks(db, source, plan.links);
  await q.insertCandidates(db, jobId, plan.candidates);
  await q.insertOutcomes(db, jobId, plan.outcomes);
}

export function batchKeys(rows: readonly PreparedRow[]) {
  return {
    externalIds: rows.filter((r) => r.person).map((r) => r.externalId),
    docIndexes: rows.flatMap((r) => (r.docIndex ? [r.docIndex] : [])),
    namePhoneIndexes: rows.flatMap((r) => (r.namePhoneIndex ? [r.namePhoneIndex] : [])),
  };
}

/** Adds what the database knows to what earlier batches of a dry run decided (that wins). */
export function mergeLookups(into: Lookups, from: Lookups) {
  for (const [k, v] of from.links) if (!into.links.has(k)) into.links.set(k, v);
  for (const [k, v] of from.records) if (!into.records.has(k)) into.records.set(k, v);
  for (const [k, v] of from.byDoc) if (!into.byDoc.has(k)) into.byDoc.set(k, v);
  for (const [k, v] of from.namePhone) if (!into.namePhone.has(k)) into.namePhone.set(k, v);
}

export interface RunHooks {
  /** Called after each committed batch with the last committed row. */
  onBatch?: (rowsDone: number, counts: Counts) => void | Promise<void>;
  /**
   * Checked between batches: 'stop' stops after the batch in flight commits and marks the job
   * cancelled; 'shutdown' leaves it running for another server to resume.
   */
  shouldStop?: () => 'stop' | 'shutdown' | false;
}

export class ImportStopped extends Error {
  constructor(readonly reason: 'stop' | 'shutdown' = 'stop') {
    super(`import ${reason}`);
  }
}

/**
 * Runs a job from its last committed row to the end of the file. Another import committing the
 * same person between our lookup and our write trips a unique index: the batch rolls back and
 * runs again, and then finds that person.
 */
export async function runRows(
  db: Executor,
  config: Config,
  job: { id: string; source: string; actor: Actor | null },
  file: ImportFile,
  preset: SourcePreset,
  hooks: RunHooks = {},
  options: PrepareOptions = {},
): Promise<Counts> {
  const rows = readRows(file);
  // A reader left without return() keeps its parsing worker until it idles out: end it on every path.
  try {
    const mapping = checkHeader((await rows.next()).value as FileRow | undefined, preset);
    const prep = await openPreparer(db, config, job.actor, file, mapping, options);
    try {
      return await writeBatches(db, job, preparedBatches(rows, prep, options.batchRows), hooks);
    } finally {
      await prep.close();
    }
  } finally {
    await rows.return(undefined);
  }
}

async function writeBatches(
  db: Executor,
  job: { id: string; source: string },
  batches: AsyncGenerator<PreparedRow[]>,
  hooks: RunHooks,
): Promise<Counts> {
  const counts = emptyCounts();
  let inFlight: Promise<void> = Promise.resolve();
  let failure: unknown;

  const commit = async (prepared: PreparedRow[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await db.transaction(async (tx) => {
          const lock = await q.lockJob(tx, job.id);
          if (lock.status !== 'running') throw new ImportStopped();
          const todo = prepared.filter((r) => r.rowNo > lock.rows_done);
          if (todo.length === 0) return undefined;
          const plan = resolveBatch(todo, await q.lookupBatch(tx, job.source, batchKeys(todo)), randomUUID);
          await writePlan(tx, job.source, job.id, plan);
          const batch = emptyCounts();
          tally(batch, plan.outcomes);
          const rowsDone = todo[todo.length - 1].rowNo;
          await q.recordBatch(tx, job.id, rowsDone, batch);
          return { rowsDone, batch };
        });
        if (done) {
          for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] += done.batch[k];
          await hooks.onBatch?.(done.rowsDone, counts);
        }
        return;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  };

  for await (const prepared of batches) {
    await inFlight;
    if (failure) throw failure;
    const stop = hooks.shouldStop?.();
    if (stop) throw new ImportStopped(stop);
    inFlight = commit(prepared).catch((err) => {
      failure = err;
    });
  }
  await inFlight;
  if (failure) throw failure;
  return counts;
}

export interface Preview {
  rows: number;
  counts: Counts;
  mapping: { columns: Partial<Record<string, string>>; ignored: string[] };
  /** The first rows with problems, each issue with its message key (translated when shown). */
  issues: { rowNo: number; externalId: string; issues: Issue[] }[];
  conflicts: { rowNo: number; externalId: string; conflicts: NonNullable<RowOutcome['conflicts']> }[];
  warnings: { rowNo: number; warnings: Issue[] }[];
}

const PREVIEW_LIST = 200;

/** Told the rows read after each batch; answering false stops the preview (ImportStopped). */
export type PreviewProgress = (rowsRead: number) => Promise<boolean | undefined> | boolean | undefined;

/** The whole file checked and resolved, nothing written: what an import would do. */
export async function previewRows(
  db: Executor,
  config: Config,
  actor: Actor | null,
  source: string,
  file: ImportFile,
  preset: SourcePreset,
  options: PrepareOptions = {},
  onRows?: PreviewProgress,
): Promise<Preview> {
  const rows = readRows(file);
  try {
    const header = (await rows.next()).value as FileRow | undefined;
    const mapping = checkHeader(header, preset);
    const prep = await openPreparer(db, config, actor, file, mapping, options);
    try {
      return await previewBatches(db, source, header, mapping, preparedBatches(rows, prep, options.batchRows), onRows);
    } finally {
      await prep.close();
    }
  } finally {
    await rows.return(undefined);
  }
}

async function previewBatches(
  db: Executor,
  source: string,
  header: FileRow | undefined,
  mapping: HeaderMapping,
  batches: AsyncGenerator<PreparedRow[]>,
  onRows?: PreviewProgress,
): Promise<Preview> {
  const preview: Preview = {
    rows: 0,
    counts: emptyCounts(),
    mapping: {
      columns: Object.fromEntries(Object.entries(mapping.columns).map(([f, i]) => [f, header?.cells[i as number] ?? ''])),
      ignored: mapping.ignored,
    },
    issues: [],
    conflicts: [],
    warnings: [],
  };
  const decided: Lookups = { links: new Map(), records: new Map(), byDoc: new Map(), namePhone: new Map() };
  for await (const prepared of batches) {
    mergeLookups(decided, await q.lookupBatch(db, source, batchKeys(prepared)));
    const plan = resolveBatch(prepared, decided, randomUUID);
    preview.rows += prepared.length;
    tally(preview.counts, plan.outcomes);
    for (const o of plan.outcomes) {
      if (o.issues && preview.issues.length < PREVIEW_LIST)
        preview.issues.push({ rowNo: o.rowNo, externalId: o.externalId, issues: o.issues });
      if (o.conflicts && preview.conflicts.length < PREVIEW_LIST)
        preview.conflicts.push({ rowNo: o.rowNo, externalId: o.externalId, conflicts: o.conflicts });
      if (o.warnings && preview.warnings.length < PREVIEW_LIST) preview.warnings.push({ rowNo: o.rowNo, warnings: o.warnings });
    }
    if ((await onRows?.(preview.rows)) === false) throw new ImportStopped();
  }
  return preview;
}
