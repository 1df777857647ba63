import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { type Row, RowBuffer } from '../../db/bulk-insert.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import { importFileParts, importJobs, importRows } from '../../db/schema.ts';
import type { KnownRecord, Lookups, RowOutcome } from '../../domain/import/resolve.ts';
import { VOLUNTEER_COLUMNS } from '../volunteers/index.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJob = typeof importJobs.$inferInsert;

const jobColumns = getTableColumns(importJobs);

export async function insertJob(db: Executor, job: NewImportJob): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(job).returning();
  return row;
}

export async function findJob(db: Executor, id: string) {
  const [row] = await db.select(jobColumns).from(importJobs).where(eq(importJobs.id, id));
  return row;
}

/** One sealed part of an uploaded file (import-file-store.ts). */
export async function insertFilePart(db: Executor, jobId: string, seq: number, content: Buffer) {
  await db.insert(importFileParts).values({ jobId, seq, content });
}

export async function filePart(db: Executor, jobId: string, seq: number): Promise<Buffer | null> {
  const [row] = await db
    .select({ content: importFileParts.content })
    .from(importFileParts)
    .where(and(eq(importFileParts.jobId, jobId), eq(importFileParts.seq, seq)));
  // PGlite hands bytea back as a Uint8Array, node-postgres as a Buffer.
  return row ? Buffer.from(row.content) : null;
}

/** The latest job for this file from this source (a re-run resumes or refuses it). */
export async function latestJobForFile(db: Executor, source: string, sha256: string) {
  const [row] = await db
    .select(jobColumns)
    .from(importJobs)
    .where(
      and(
        eq(importJobs.source, source),
        eq(importJobs.fileSha256, sha256),
        inArray(importJobs.status, ['running', 'completed', 'failed', 'cancelled']),
      ),
    )
    .orderBy(desc(importJobs.createdAt))
    .limit(1);
  return row;
}

/** The latest jobs started by this account, or every job's when none is given. */
export async function listJobs(db: Executor, accountId: string | undefined, limit: number) {
  const where = accountId === undefined ? undefined : eq(importJobs.accountId, accountId);
  return db.select(jobColumns).from(importJobs).where(where).orderBy(desc(importJobs.createdAt)).limit(limit);
}

export async function updateJob(db: Executor, id: string, patch: Partial<NewImportJob>) {
  await db.update(importJobs).set(patch).where(eq(importJobs.id, id));
}

/**
 * Done: the total is what was counted. The file's parts are erased by the trigger
 * import_jobs_erase_file as the status changes, on this path as on every other that ends a job.
 */
export async function completeJob(db: Executor, id: string) {
  await db
    .update(importJobs)
    .set({
      status: 'completed',
      finishedAt: new Date(),
      rowsTotal: sql`${importJobs.created} + ${importJobs.merged} + ${importJobs.unchanged} + ${importJobs.rejected} + ${importJobs.candidates}`,
    })
    .where(eq(importJobs.id, id));
}

/** Failed or cancelled: the job ends here and its file is erased with it (trigger import_jobs_erase_file). */
export async function endJob(db: Executor, id: string, status: 'failed' | 'cancelled', error: string | null = null) {
  await db.update(importJobs).set({ status, error, finishedAt: new Date() }).where(eq(importJobs.id, id));
}

/** A preview's rows read so far, and its heartbeat; false when the job is no longer previewing (cancelled). */
export async function recordPreviewProgress(db: Executor, id: string, rowsRead: number): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update import_jobs set rows_read = ${rowsRead}, heartbeat_at = now()
      where id = ${id} and status = 'previewing' returning id`),
  );
  return rows.length > 0;
}

/** The preview is done: the job waits to be started, unless it was cancelled meanwhile. */
export async function finishPreview(db: Executor, id: string, rows: number, preview: unknown) {
  await db
    .update(importJobs)
    .set({ status: 'previewed', rowsTotal: rows, rowsRead: rows, preview, heartbeatAt: null })
    .where(and(eq(importJobs.id, id), eq(importJobs.status, 'previewing')));
}

/** Previews whose runner stopped beating (a server that died): claimed by one server to run again. */
export async function claimStalePreviews(db: Executor, staleSeconds: number): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update import_jobs set heartbeat_at = now(), rows_read = 0
      where status = 'previewing' and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => ${staleSeconds}))
      returning id`),
  );
  return rows.map((r) => r.id);
}

/** Previewed jobs nobody started within `days`: cancelled, their files erased. */
export async function expirePreviews(db: Executor, days: number, error: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update import_jobs set status = 'cancelled', finished_at = now(), error = ${error}
      where status = 'previewed' and created_at < now() - make_interval(days => ${days})
      returning id`),
  );
  return rows.map((r) => r.id);
}

/**
 * Takes the job's row lock for a batch: batches of one job commit one after the other, and a
 * second runner of the same job (a resumed CLI, another server) skips what is already done.
 */
export async function lockJob(db: Executor, id: string) {
  const [row] = rowsOf<{ status: ImportJobRow['status']; rows_done: number }>(
    await db.execute(sql`select status, rows_done from import_jobs where id = ${id} for update`),
  );
  return row;
}

/** A batch committed: the job's last committed row, its heartbeat, and the batch's outcomes added to its counts. */
export async function recordBatch(
  db: Executor,
  id: string,
  rowsDone: number,
  batch: { created: number; merged: number; unchanged: number; rejected: number; candidates: number },
) {
  await db.execute(sql`update import_jobs set rows_done = ${rowsDone}, heartbeat_at = now(),
            created = created + ${batch.created}, merged = merged + ${batch.merged}, unchanged = unchanged + ${batch.unchanged},
            rejected = rejected + ${batch.rejected}, candidates = candidates + ${batch.candidates} where id = ${id}`);
}

/** Jobs whose runner stopped beating (a server that died): claimed by one server to resume. */
export async function claimStaleJobs(db: Executor, staleSeconds: number): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update import_jobs set heartbeat_at = now()
      where status = 'running' and file_key_version is not null
        and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => ${staleSeconds}))
      returning id`),
  );
  return rows.map((r) => r.id);
}

/** The community codes an imported row may name as its area. */
export async function communityCodes(db: Executor): Promise<string[]> {
  return rowsOf<{ code: string }>(await db.execute(sql`select code from areas where level = 'community'`)).map((r) => r.code);
}

/** The skills catalog with both names, for matching what a file calls a skill. */
export async function skillNames(db: Executor) {
  return rowsOf<{ code: string; name_zh: string; name_en: string }>(await db.execute(sql`select code, name_zh, name_en from skills`));
}

const RECORD_COLUMNS = sql`id, name, sex, birth_date::text as "birthDate", phone_index as "phoneIndex", phone_masked as "phoneMasked",
  area_code as "areaCode", political_status as "politicalStatus", cadre, education, occupation, school_name as "schoolName",
  school_type as "schoolType", skills, languages, service_categories as "serviceCategories", doc_index as "docIndex",
  name_phone_index as "namePhoneIndex", status`;

/** What a batch's rows may touch: their links, the records behind them, and name + phone matches. */
export async function lookupBatch(
  db: Executor,
  source: string,
  keys: { externalIds: string[]; docIndexes: string[]; namePhoneIndexes: string[] },
): Promise<Lookups> {
  const links = rowsOf<{ external_id: string; volunteer_id: string }>(
    await db.execute(sql`select external_id, volunteer_id from volunteer_sources
      where source = ${source} and external_id = any(${sql.param(keys.externalIds)}::text[])`),
  );
  const linkedIds = links.map((l) => l.volunteer_id);
  const records = rowsOf<Omit<KnownRecord, 'isNew' | 'pii'>>(
    // Two index scans, not one OR that the planner may answer with a sequential scan.
    await db.execute(sql`select ${RECORD_COLUMNS} from volunteers where doc_index = any(${sql.param(keys.docIndexes)}::text[])
      union select ${RECORD_COLUMNS} from volunteers where id = any(${sql.param(linkedIds)}::uuid[])`),
  );
  const namePhone = rowsOf<{ id: string; has_doc: boolean; area_code: string; name_phone_index: string }>(
    await db.execute(sql`select id, doc_index is not null as has_doc, area_code, name_phone_index from volunteers
      where name_phone_index = any(${sql.param(keys.namePhoneIndexes)}::text[]) and status = 'active'`),
  );
  const lookups: Lookups = { links: new Map(), records: new Map(), byDoc: new Map(), namePhone: new Map() };
  for (const l of links) lookups.links.set(l.external_id, l.volunteer_id);
  for (const r of records) {
    lookups.records.set(r.id, { ...r, isNew: false, pii: {} });
    if (r.docIndex) lookups.byDoc.set(r.docIndex, r.id);
  }
  for (const n of namePhone) {
    const list = lookups.namePhone.get(n.name_phone_index) ?? [];
    list.push({ id: n.id, hasDoc: n.has_doc, areaCode: n.area_code });
    lookups.namePhone.set(n.name_phone_index, list);
  }
  return lookups;
}

export async function nextSequences(db: Executor, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = rowsOf<{ n: string }>(await db.execute(sql`select nextval('volunteer_no_seq')::text as n from generate_series(1, ${n})`));
  return rows.map((r) => Number(r.n));
}

/** New volunteer records in one statement (json_populate_recordset); nothing for none. */
export async function insertVolunteers(db: Executor, rows: Row<typeof VOLUNTEER_COLUMNS>[]) {
  const inserts = new RowBuffer('volunteers', VOLUNTEER_COLUMNS);
  for (const row of rows) inserts.push(row);
  const statement = inserts.take();
  if (statement) await db.execute(statement);
}

/** The columns an import may fill on an existing record (merge rule: blanks filled, lists united). */
export const MERGED_COLUMNS = [
  'name',
  'sex',
  'birth_date',
  'area_code',
  'political_status',
  'cadre',
  'education',
  'occupation',
  'school_name',
  'school_type',
  'skills',
  'languages',
  'service_categories',
  'doc_type',
  'doc_cipher',
  'doc_key_version',
  'doc_index',
  'doc_masked',
  'phone_cipher',
  'phone_key_version',
  'phone_index',
  'phone_masked',
  'name_phone_index',
] as const;

/** One statement for the batch's changed records; a column left null in the JSON keeps its value. */
export async function updateVolunteers(db: Executor, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const sets = sql.raw(MERGED_COLUMNS.map((c) => `${c} = coalesce(d.${c}, v.${c})`).join(', '));
  await db.execute(sql`update volunteers v set ${sets}, updated_at = now()
    from json_populate_recordset(null::volunteers, ${JSON.stringify(rows)}::json) d where v.id = d.id`);
}

/** New links, and existing ones seen again. */
export async function upsertLinks(db: Executor, source: string, links: { externalId: string; volunteerId: string }[]) {
  if (links.length === 0) return;
  await db.execute(sql`insert into volunteer_sources (source, external_id, volunteer_id)
    select ${source}, e, v from unnest(${sql.param(links.map((l) => l.externalId))}::text[], ${sql.param(links.map((l) => l.volunteerId))}::uuid[]) as t(e, v)
    on conflict (source, external_id) do update set last_seen_at = now()`);
}

export async function insertCandidates(db: Executor, jobId: string, rows: { volunteerId: string; otherId: string; areaCode: string }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`insert into duplicate_candidates (volunteer_id, other_id, reason, area_code, import_job_id)
    select a, b, 'name_phone', c, ${jobId} from unnest(${sql.param(rows.map((r) => r.volunteerId))}::uuid[],
      ${sql.param(rows.map((r) => r.otherId))}::uuid[], ${sql.param(rows.map((r) => r.areaCode))}::text[]) as t(a, b, c)
    on conflict do nothing`);
}

export async function insertOutcomes(db: Executor, jobId: string, outcomes: RowOutcome[]) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({
    job_id: jobId,
    row_no: o.rowNo,
    outcome: o.outcome,
    volunteer_id: o.volunteerId ?? null,
    external_id: o.externalId,
    detail: o.issues || o.conflicts || o.warnings ? { issues: o.issues, conflicts: o.conflicts, warnings: o.warnings } : null,
  }));
  const buffer = new RowBuffer('import_rows', ['job_id', 'row_no', 'outcome', 'volunteer_id', 'external_id', 'detail'] as const);
  for (const r of rows) buffer.push(r);
  await db.execute(buffer.take() as SQL);
}

export async function outcomesPage(db: Executor, jobId: string, afterRow: number, limit: number, outcomes?: string[]) {
  return db
    .select({
      rowNo: importRows.rowNo,
      outcome: importRows.outcome,
      externalId: importRows.externalId,
      detail: importRows.detail,
      volunteerNo: sql<string | null>`(select volunteer_no from volunteers v where v.id = ${importRows.volunteerId})`,
      name: sql<string | null>`(select name from volunteers v where v.id = ${importRows.volunteerId})`,
    })
    .from(importRows)
    .where(
      and(
        eq(importRows.jobId, jobId),
        sql`${importRows.rowNo} > ${afterRow}`,
        outcomes ? inArray(importRows.outcome, outcomes as ('created' | 'merged')[]) : undefined,
      ),
    )
    .orderBy(importRows.rowNo)
    .limit(limit);
}
