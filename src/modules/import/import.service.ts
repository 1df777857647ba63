import { Readable } from 'node:stream';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { findPreset, type SourcePreset } from '../../domain/import/presets.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { mayAtAll } from '../../platform/policy.ts';
import * as q from './import.queries.ts';
import { detectFormat, type ImportFile, inspectFile } from './import-file.ts';
import { sha256Of, storedFile, storeFile } from './import-file-store.ts';
import { type Counts, ImportStopped, type PrepareOptions, previewRows, type RunHooks, runRows } from './import-pipeline.ts';

type Ctx = AuditContext & { actor: Actor };

/** 50 MB is ~300 000 rows of a typical export; larger files go through `volunet import`. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export function presetOf(source: string): SourcePreset {
  const preset = findPreset(source);
  if (!preset) throw fieldError('source', 'enum', 'import.unknownSource', { source });
  return preset;
}

/** Imports are the offices': anyone else is refused outright (403). */
export function requireImporter(actor: Actor) {
  if (!mayAtAll(actor, 'volunteer.import')) throw new AppError('FORBIDDEN', 'error.forbidden');
}

/**
 * Jobs are their starter's; the city office sees every job, the CLI's included. Answers the
 * account whose jobs the actor sees, or undefined for every job.
 */
function onlyJobsOf(actor: Actor): string | undefined {
  if (actor.grants.some((g) => g.role === 'city_admin')) return undefined;
  return actor.accountId;
}

async function loadJob(db: Db, actor: Actor, id: string) {
  requireImporter(actor);
  const job = await q.findJob(db, id);
  const owner = onlyJobsOf(actor);
  if (!job || (owner !== undefined && job.accountId !== owner)) throw notFound('entity.import');
  return job;
}

export async function getImport(db: Db, actor: Actor, id: string) {
  return loadJob(db, actor, id);
}

export async function listImports(db: Db, actor: Actor) {
  requireImporter(actor);
  return q.listJobs(db, onlyJobsOf(actor), 50);
}

/** How a job's failure is kept on its row: the message key, its parameters and the field issues, or the text of an unexpected error. */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `SQLSTATE ${code}`;
  return err instanceof Error ? err.name : 'Error';
}

function failureOf(err: unknown): string {
  const error =
    err instanceof AppError
      ? JSON.stringify({ messageKey: err.messageKey, params: err.params, details: err.details })
      : // A driver's message can quote the failed statement with its parameters (blind indexes,
        // masked phones): only the SQLSTATE or the error's class is kept, never its text.
        JSON.stringify({ messageKey: 'import.failed', params: { reason: reasonOf(err) } });
  return error.slice(0, 2000);
}

/**
 * Upload: the file is sealed and stored, and the job answered at once in status `previewing`.
 * The preview (the whole file checked and resolved, nothing written) runs in the background and
 * writes its rows read on the job; the job keeps the file until it ends, so the preview and the
 * import read the same bytes.
 */
export async function uploadImport(db: Db, config: Config, ctx: Ctx, input: { source: string; fileName: string; content: Buffer }) {
  requireImporter(ctx.actor);
  const preset = presetOf(input.source);
  if (input.content.length === 0) throw fieldError('file', 'required', 'import.emptyFile');
  const format = detectFormat(input.content.subarray(0, 4), input.fileName);
  // A zip bomb is refused before anything is stored: the zip's central directory tells, read without
  // inflating a byte. The preview's reader enforces the same bounds on what really inflates.
  await inspectFile({
    fileName: input.fileName,
    format,
    size: input.content.length,
    sha256: '',
    head: input.content.subarray(0, 4),
    open: () => Readable.from([input.content]),
    content: input.content,
  });
  const job = await q.insertJob(db, {
    source: preset.source,
    fileName: input.fileName.slice(0, 200),
    format,
    fileSha256: await sha256Of(input.content),
    fileSize: input.content.length,
    fileKeyVersion: config.piiKeys.currentVersion,
    status: 'previewing',
    heartbeatAt: new Date(),
    actor: ctx.actor,
    accountId: ctx.actor.accountId,
  });
  try {
    await storeFile(db, config.piiKeys, job.id, input.content);
  } catch (err) {
    await q.endJob(db, job.id, 'failed', failureOf(err));
    throw err;
  }
  void previewInBackground(db, config, job.id);
  return job;
}

/** The job's stored file, or undefined when there is none (erased, or the CLI's on disk). */
async function fileOfJob(db: Db, config: Config, job: q.ImportJobRow): Promise<ImportFile | undefined> {
  if (job.fileKeyVersion === null) return undefined;
  return storedFile(db, config.piiKeys, { ...job, fileKeyVersion: job.fileKeyVersion });
}

/** Runs a job's preview in this server; a failure ends the job as failed with its error, never unhandled. */
export function previewInBackground(db: Db, config: Config, id: string): Promise<void> {
  return inBackground(id, async () => {
    const job = await q.findJob(db, id);
    if (job?.status !== 'previewing') return;
    try {
      const file = await fileOfJob(db, config, job);
      if (!file) throw new AppError('CONFLICT', 'import.fileErased');
      const preset = presetOf(job.source);
      const preview = await previewRows(db, config, job.actor, preset.source, file, preset, { batchRows: SERVER_BATCH_ROWS }, (rows) => {
        if (shuttingDown) throw new ImportStopped('shutdown');
        return q.recordPreviewProgress(db, id, rows);
      });
      if (preview.rows === 0) throw fieldError('file', 'rows', 'import.emptyFile');
      const previous = await q.latestJobForFile(db, preset.source, file.sha256);
      await q.finishPreview(db, id, preview.rows, {
        ...preview,
        alreadyImported: previous?.status === 'completed' ? { jobId: previous.id, finishedAt: previous.finishedAt } : undefined,
      });
    } catch (err) {
      // A stop: the job was cancelled meanwhile, or the server is going down and another one takes the preview on.
      if (err instanceof ImportStopped) return;
      await q.endJob(db, id, 'failed', failureOf(err));
    }
  });
}

/** Runs (or resumes) an uploaded job in this server, in the background; progress is in the job row. */
export async function startImport(db: Db, config: Config, ctx: Ctx, id: string, options: { force?: boolean }) {
  const job = await loadJob(db, ctx.actor, id);
  if (job.status !== 'previewed') throw new AppError('CONFLICT', 'import.notStartable', { status: job.status });
  const previous = await q.latestJobForFile(db, job.source, job.fileSha256);
  if (!options.force && previous?.status === 'completed' && previous.id !== job.id) {
    // Shown as people read time here: China time, to the minute.
    const finishedAt = previous.finishedAt
      ? new Date(previous.finishedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
      : '';
    throw new AppError('CONFLICT', 'import.alreadyImported', { finishedAt });
  }
  await db.transaction(async (tx) => {
    await q.updateJob(tx, id, { status: 'running', startedAt: job.startedAt ?? new Date(), heartbeatAt: new Date(), error: null });
    await recordAudit(tx, ctx, {
      action: 'volunteer.import.start',
      entityType: 'import',
      entityId: id,
      summary: { source: job.source, fileName: job.fileName, rows: job.rowsTotal, fromRow: job.rowsDone },
    });
  });
  void runInBackground(db, config, id);
  return q.findJob(db, id);
}

/** Stops a running job after its batch in flight, or drops a previewing or previewed one; its file is erased either way. */
export async function cancelImport(db: Db, ctx: Ctx, id: string) {
  const job = await loadJob(db, ctx.actor, id);
  if (!['running', 'previewing', 'previewed'].includes(job.status))
    throw new AppError('CONFLICT', 'import.notStoppable', { status: job.status });
  await db.transaction(async (tx) => {
    // Waits for the batch in flight (it holds the row lock), so the counts read afterwards are final.
    await q.lockJob(tx, id);
    await q.endJob(tx, id, 'cancelled');
    await recordAudit(tx, ctx, {
      action: 'volunteer.import.stop',
      entityType: 'import',
      entityId: id,
      summary: { rowsDone: job.rowsDone },
    });
  });
  return q.findJob(db, id);
}

/**
 * Batches of a preview or an import run inside the server: resolving a batch and building its
 * statements are synchronous stretches on the thread that answers requests, so they are kept to
 * 500 rows (tens of ms each); the CLI, alone in its process, keeps BATCH_ROWS.
 */
const SERVER_BATCH_ROWS = 500;

const running = new Map<string, Promise<void>>();
let shuttingDown = false;

/** A server going down stops its previews and imports after their batch in flight; they stay for the next server. */
export async function stopBackgroundImports() {
  shuttingDown = true;
  await Promise.all(running.values());
  shuttingDown = false;
}

/** One background run per job in this server; its failure is on the job, never unhandled. */
function inBackground(id: string, work: () => Promise<void>): Promise<void> {
  const already = running.get(id);
  if (already) return already;
  const done = work()
    .catch(() => {})
    .finally(() => running.delete(id));
  running.set(id, done);
  return done;
}

/** Runs a job whose file is in the database; failures end up on the job, never unhandled. */
export function runInBackground(db: Db, config: Config, id: string): Promise<void> {
  return inBackground(id, async () => {
    const job = await q.findJob(db, id);
    if (!job || job.fileKeyVersion === null) return;
    const file = async () => (await fileOfJob(db, config, job)) ?? Promise.reject(new AppError('CONFLICT', 'import.fileErased'));
    await runJob(db, config, job, file, { shouldStop: () => (shuttingDown ? 'shutdown' : false) }, { batchRows: SERVER_BATCH_ROWS });
  });
}

/** Takes a job from its last committed row to its end and records how it ended. */
export async function runJob(
  db: Db,
  config: Config,
  job: { id: string; source: string; actor: Actor | null },
  file: () => ImportFile | Promise<ImportFile>,
  hooks: RunHooks,
  options: PrepareOptions = {},
): Promise<Counts | undefined> {
  try {
    const counts = await runRows(db, config, job, await file(), presetOf(job.source), hooks, options);
    await db.transaction(async (tx) => {
      const final = await q.findJob(tx, job.id);
      await q.completeJob(tx, job.id);
      await recordAudit(
        tx,
        { actor: job.actor, requestId: `import-${job.id}` },
        {
          action: 'volunteer.import.complete',
          entityType: 'import',
          entityId: job.id,
          summary: final
            ? {
                created: final.created,
                merged: final.merged,
                unchanged: final.unchanged,
                rejected: final.rejected,
                candidates: final.candidates,
              }
            : {},
        },
      );
    });
    return counts;
  } catch (err) {
    if (err instanceof ImportStopped) {
      if (err.reason === 'stop') await q.endJob(db, job.id, 'cancelled');
      return undefined;
    }
    await q.endJob(db, job.id, 'failed', failureOf(err));
    throw err;
  }
}

/**
 * A server that died mid-import leaves a running job nobody beats for: the next server resumes
 * it. One that died mid-preview leaves a previewing job: the next server previews it again.
 */
export async function resumeStaleImports(db: Db, config: Config, staleSeconds = 60) {
  for (const id of await q.claimStaleJobs(db, staleSeconds)) void runInBackground(db, config, id);
  for (const id of await q.claimStalePreviews(db, staleSeconds)) void previewInBackground(db, config, id);
}

/** Previewed jobs not started within VOLUNET_IMPORT_FILE_DAYS are cancelled and their files erased (PIPL: kept no longer than needed). */
export async function expireImportFiles(db: Db, config: Config) {
  const error = JSON.stringify({ messageKey: 'import.previewExpired', params: { days: config.importFileDays } });
  return q.expirePreviews(db, config.importFileDays, error);
}

export interface FileImportOptions extends PrepareOptions {
  source: string;
  force?: boolean;
  dryRun?: boolean;
}

export type FileImportResult =
  | { kind: 'already'; job: NonNullable<Awaited<ReturnType<typeof q.findJob>>> }
  | { kind: 'preview'; preview: Awaited<ReturnType<typeof previewRows>> }
  | { kind: 'done' | 'stopped'; job: NonNullable<Awaited<ReturnType<typeof q.findJob>>>; resumedFrom: number };

/**
 * `volunet import volunteers FILE --source NAME`: the same pipeline as an upload, run in this
 * process on a file that stays on disk. Running the same command again after a stop or a crash
 * resumes the job after its last committed row; after a complete run it changes nothing.
 */
export async function importFile(
  db: Db,
  config: Config,
  file: ImportFile,
  options: FileImportOptions,
  hooks: RunHooks = {},
): Promise<FileImportResult> {
  const preset = presetOf(options.source);
  if (options.dryRun) return { kind: 'preview', preview: await previewRows(db, config, null, preset.source, file, preset, options) };
  const previous = await q.latestJobForFile(db, preset.source, file.sha256);
  if (previous?.status === 'completed' && !options.force) return { kind: 'already', job: previous };
  const resumable = previous && previous.status !== 'completed' ? previous : undefined;
  const job =
    resumable ??
    (await q.insertJob(db, {
      source: preset.source,
      fileName: file.fileName.slice(0, 200),
      format: file.format,
      fileSha256: file.sha256,
      fileSize: file.size,
      status: 'running',
      actor: null,
    }));
  await db.transaction(async (tx) => {
    await q.updateJob(tx, job.id, { status: 'running', startedAt: job.startedAt ?? new Date(), heartbeatAt: new Date(), error: null });
    await recordAudit(
      tx,
      { actor: null, requestId: `cli-${job.id}` },
      {
        action: resumable ? 'volunteer.import.resume' : 'volunteer.import.start',
        entityType: 'import',
        entityId: job.id,
        actorLabel: 'volunet CLI',
        summary: { source: preset.source, fileName: file.fileName, fromRow: job.rowsDone },
      },
    );
  });
  const counts = await runJob(db, config, { id: job.id, source: preset.source, actor: null }, () => file, hooks, options);
  const final = await q.findJob(db, job.id);
  return { kind: counts ? 'done' : 'stopped', job: final as NonNullable<typeof final>, resumedFrom: resumable?.rowsDone ?? 0 };
}
