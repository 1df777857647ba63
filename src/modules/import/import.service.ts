import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { findPreset, type SourcePreset } from '../../domain/import/presets.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { mayAtAll } from '../../platform/policy.ts';
import * as q from './import.queries.ts';
import { fileFromBuffer, type ImportFile } from './import-file.ts';
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

/**
 * Upload and preview: the whole file is checked and resolved without writing a volunteer; the
 * job keeps the file until it is started, so the preview and the import read the same bytes.
 */
export async function uploadImport(db: Db, config: Config, ctx: Ctx, input: { source: string; fileName: string; content: Buffer }) {
  requireImporter(ctx.actor);
  const preset = presetOf(input.source);
  if (input.content.length === 0) throw fieldError('file', 'required', 'import.emptyFile');
  const file = fileFromBuffer(input.fileName, input.content);
  const preview = await previewRows(db, config, ctx.actor, preset.source, file, preset);
  if (preview.rows === 0) throw fieldError('file', 'rows', 'import.emptyFile');
  const previous = await q.latestJobForFile(db, preset.source, file.sha256);
  return q.insertJob(db, {
    source: preset.source,
    fileName: input.fileName.slice(0, 200),
    format: file.format,
    fileSha256: file.sha256,
    fileSize: file.size,
    fileContent: input.content,
    status: 'previewed',
    actor: ctx.actor,
    accountId: ctx.actor.accountId,
    rowsTotal: preview.rows,
    preview: {
      ...preview,
      alreadyImported: previous?.status === 'completed' ? { jobId: previous.id, finishedAt: previous.finishedAt } : undefined,
    },
  });
}

/** Runs (or resumes) an uploaded job in this server, in the background; progress is in the job row. */
export async function startImport(db: Db, config: Config, ctx: Ctx, id: string, options: { force?: boolean }) {
  const job = await loadJob(db, ctx.actor, id);
  if (job.status === 'running' || job.status === 'completed') throw new AppError('CONFLICT', 'import.notStartable', { status: job.status });
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
      action: job.startedAt ? 'volunteer.import.resume' : 'volunteer.import.start',
      entityType: 'import',
      entityId: id,
      summary: { source: job.source, fileName: job.fileName, rows: job.rowsTotal, fromRow: job.rowsDone },
    });
  });
  void runInBackground(db, config, id);
  return q.findJob(db, id);
}

export async function cancelImport(db: Db, ctx: Ctx, id: string) {
  const job = await loadJob(db, ctx.actor, id);
  if (job.status !== 'running' && job.status !== 'previewed') throw new AppError('CONFLICT', 'import.notStoppable', { status: job.status });
  await db.transaction(async (tx) => {
    // Waits for the batch in flight (it holds the row lock), so the counts read afterwards are final.
    await q.lockJob(tx, id);
    await q.updateJob(tx, id, { status: 'cancelled' });
    await recordAudit(tx, ctx, {
      action: 'volunteer.import.stop',
      entityType: 'import',
      entityId: id,
      summary: { rowsDone: job.rowsDone },
    });
  });
  return q.findJob(db, id);
}

const running = new Map<string, Promise<void>>();
let shuttingDown = false;

/** A server going down stops its imports after their batch in flight; they stay `running` for the next server. */
export async function stopBackgroundImports() {
  shuttingDown = true;
  await Promise.all(running.values());
  shuttingDown = false;
}

/** Runs a job whose file is in the database; failures end up on the job, never unhandled. */
export function runInBackground(db: Db, config: Config, id: string): Promise<void> {
  const already = running.get(id);
  if (already) return already;
  const work = (async () => {
    const job = await q.findJob(db, id);
    const content = await q.jobFile(db, id);
    if (!job || !content) return;
    await runJob(db, config, job, () => fileFromBuffer(job.fileName, content), { shouldStop: () => (shuttingDown ? 'shutdown' : false) });
  })()
    // runJob has recorded the failure on the job; nothing is left to report here.
    .catch(() => {})
    .finally(() => running.delete(id));
  running.set(id, work);
  return work;
}

/** Takes a job from its last committed row to its end and records how it ended. */
export async function runJob(
  db: Db,
  config: Config,
  job: { id: string; source: string; actor: Actor | null },
  file: () => ImportFile,
  hooks: RunHooks,
  options: PrepareOptions = {},
): Promise<Counts | undefined> {
  try {
    const counts = await runRows(db, config, job, file(), presetOf(job.source), hooks, options);
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
      if (err.reason === 'stop') await q.updateJob(db, job.id, { status: 'cancelled' });
      return undefined;
    }
    const error = err instanceof AppError ? JSON.stringify({ messageKey: err.messageKey, details: err.details }) : (err as Error).message;
    await q.updateJob(db, job.id, { status: 'failed', error: error.slice(0, 2000) });
    throw err;
  }
}

/** A server that died mid-import leaves a running job nobody beats for: the next server resumes it. */
export async function resumeStaleImports(db: Db, config: Config, staleSeconds = 60) {
  for (const id of await q.claimStaleJobs(db, staleSeconds)) void runInBackground(db, config, id);
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
