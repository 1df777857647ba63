import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_FIELDS, PRESETS } from '../../domain/import/presets.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import type { ImportJobRow } from './import.queries.ts';
import * as q from './import.queries.ts';
import * as service from './import.service.ts';
import type { Preview } from './import-pipeline.ts';
import { describeDetail, writeReport } from './import-report.ts';

const RowIssueSchema = z.object({ field: z.string(), rule: z.string(), message: z.string() }).meta({ id: 'ImportRowIssue' });
const ErrorIssueSchema = z
  .object({ row: z.number().int().optional(), field: z.string(), rule: z.string(), message: z.string() })
  .meta({ id: 'ImportErrorIssue' });
const CountsSchema = z
  .object({
    created: z.number().int(),
    merged: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    candidates: z.number().int().describe('Created, and queued as a possible duplicate of a record with the same name and phone'),
  })
  .meta({ id: 'ImportCounts' });

const PreviewSchema = z
  .object({
    rows: z.number().int(),
    counts: CountsSchema.describe('What the import would do, row by row, if started now'),
    mapping: z.object({
      columns: z.record(z.string(), z.string()).describe('Field → the header cell it is read from'),
      ignored: z.array(z.string()).describe('Header cells no field reads'),
    }),
    issues: z.array(z.object({ rowNo: z.number().int(), externalId: z.string(), issues: z.array(RowIssueSchema) })),
    conflicts: z.array(
      z.object({
        rowNo: z.number().int(),
        externalId: z.string(),
        conflicts: z.array(z.object({ field: z.string(), kept: z.string(), offered: z.string() })),
      }),
    ),
    warnings: z.array(z.object({ rowNo: z.number().int(), warnings: z.array(RowIssueSchema) })),
    alreadyImported: z.object({ jobId: z.string(), finishedAt: z.string().nullable() }).optional(),
  })
  .meta({ id: 'ImportPreview' });

const JobSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z
      .enum(['previewing', 'previewed', 'running', 'completed', 'failed', 'cancelled'])
      .describe('previewing: the file is being checked (rowsRead so far); previewed: waiting to be started'),
    rowsTotal: z.number().int().nullable(),
    rowsRead: z.number().int().describe('Rows of the file the preview has read so far'),
    rowsDone: z.number().int().describe('The last file row committed (the header is row 1); a resumed import goes on after it'),
    counts: CountsSchema,
    preview: PreviewSchema.nullable(),
    error: z.string().nullable(),
    errorIssues: z
      .array(ErrorIssueSchema)
      .describe('A failed job’s problems field by field (a header without the required columns, say); empty otherwise'),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ImportJob' });

const PresetSchema = z
  .object({ source: z.string(), nameZh: z.string(), nameEn: z.string(), columns: z.record(z.string(), z.array(z.string())) })
  .meta({ id: 'ImportPreset' });

const StartSchema = z
  .strictObject({ force: z.boolean().default(false) })
  .default({ force: false })
  .meta({ id: 'ImportStart' });

const RowOutcomeSchema = z
  .object({
    rowNo: z.number().int(),
    outcome: z.enum(['created', 'merged', 'unchanged', 'rejected', 'candidate']),
    externalId: z.string().nullable(),
    volunteerNo: z.string().nullable(),
    name: z.string().nullable(),
    reasons: z.string(),
  })
  .meta({ id: 'ImportRowOutcome' });

const localizeIssues = (locale: Locale, issues: Issue[]) =>
  issues.map((i) => ({ field: i.field, rule: i.rule, message: translate(locale, i.messageKey, i.params) }));

interface StoredError {
  messageKey: never;
  params?: Record<string, string | number>;
  details?: (Issue & { row?: number })[];
}

/** A failure as kept on the job (import.service.ts failureOf): a message key with its issues, or an unexpected error's text. */
function parseError(error: string | null): StoredError | string | null {
  if (!error) return null;
  try {
    const parsed = JSON.parse(error) as StoredError;
    return typeof parsed?.messageKey === 'string' ? parsed : error;
  } catch {
    return error;
  }
}

function errorText(locale: Locale, error: StoredError | string | null): string | null {
  if (error === null) return null;
  if (typeof error === 'string') return translate(locale, 'import.failed', { reason: error });
  const details = error.details?.map((d) => `${d.field}: ${translate(locale, d.messageKey, d.params)}`).join('; ');
  return details || translate(locale, error.messageKey, error.params);
}

const errorIssues = (locale: Locale, error: StoredError | string | null) =>
  error && typeof error !== 'string' && Array.isArray(error.details)
    ? error.details.map((d) => ({ row: d.row, field: d.field, rule: d.rule, message: translate(locale, d.messageKey, d.params) }))
    : [];

type StoredPreview = Preview & { alreadyImported?: { jobId: string; finishedAt: string | null } };

function toDto(job: ImportJobRow, locale: Locale): z.infer<typeof JobSchema> {
  const p = job.preview as StoredPreview | null;
  const error = parseError(job.error);
  return {
    id: job.id,
    source: job.source,
    fileName: job.fileName,
    format: job.format,
    status: job.status,
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    rowsRead: job.rowsRead,
    counts: { created: job.created, merged: job.merged, unchanged: job.unchanged, rejected: job.rejected, candidates: job.candidates },
    preview: p && {
      ...p,
      mapping: { columns: p.mapping.columns as Record<string, string>, ignored: p.mapping.ignored },
      issues: p.issues.map((r) => ({ ...r, issues: localizeIssues(locale, r.issues) })),
      warnings: p.warnings.map((r) => ({ ...r, warnings: localizeIssues(locale, r.warnings) })),
      alreadyImported: p.alreadyImported && {
        jobId: p.alreadyImported.jobId,
        finishedAt: p.alreadyImported.finishedAt ? String(p.alreadyImported.finishedAt) : null,
      },
    },
    error: errorText(locale, error),
    errorIssues: errorIssues(locale, error),
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Id = z.object({ id: z.uuid() });

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // Files arrive as the request body itself: no multipart framing for a single file.
  app.addContentTypeParser(
    ['application/octet-stream', XLSX_MIME, 'text/csv'],
    { parseAs: 'buffer', bodyLimit: service.MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );
  const ctx = (request: Parameters<typeof requireActor>[0]) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/presets',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'Source platforms and the column names each one’s export uses',
        tags: ['import'],
        response: { 200: z.array(PresetSchema), ...errors(401, 403) },
      },
    },
    async (request) => {
      service.requireImporter(requireActor(request));
      return PRESETS.map((p) => ({
        source: p.source,
        nameZh: p.nameZh,
        nameEn: p.nameEn,
        columns: Object.fromEntries(IMPORT_FIELDS.filter((f) => p.columns[f]).map((f) => [f, [...(p.columns[f] ?? [])]])),
      }));
    },
  );

  app.get(
    '/',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'My imports, newest first (the city office sees all)',
        tags: ['import'],
        response: { 200: z.array(JobSchema), ...errors(401, 403) },
      },
    },
    async (request) => (await service.listImports(app.db, requireActor(request))).map((j) => toDto(j, request.locale)),
  );

  app.post(
    '/',
    {
      config: { action: 'volunteer.import' },
      // The route's own limit, so a file over it is refused naming 50 MiB, not the server's default.
      bodyLimit: service.MAX_UPLOAD_BYTES,
      schema: {
        summary: 'Upload a file of volunteers from another platform and preview the import',
        description:
          'Send the file (CSV in UTF-8 or GBK/GB18030, or XLSX; first sheet; at most 50 MiB) as the request body with ' +
          'Content-Type application/octet-stream. The answer comes at once: a job in status `previewing`, whose `rowsRead` ' +
          'grows while every row is checked and resolved against the registry, nothing written. It then turns `previewed`, ' +
          'with its per-row problems, or `failed`, with `error` and `errorIssues` (a header without the required columns, ' +
          'say). POST /api/imports/{id}/start runs a previewed job. The file is kept sealed until the job ends.',
        tags: ['import'],
        consumes: ['application/octet-stream'],
        querystring: z.strictObject({
          source: z.string().min(1).max(40).describe('Source platform: a preset from GET /api/imports/presets'),
          fileName: z.string().min(1).max(200),
        }),
        response: { 201: JobSchema, ...errors(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | undefined;
      const job = await service.uploadImport(app.db, app.config, ctx(request), {
        source: request.query.source,
        fileName: request.query.fileName,
        content: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      });
      return reply.status(201).send(toDto(job, request.locale));
    },
  );

  app.get(
    '/:id',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'An import with its progress',
        tags: ['import'],
        params: Id,
        response: { 200: JobSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toDto(await service.getImport(app.db, requireActor(request), request.params.id), request.locale),
  );

  app.post(
    '/:id/start',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'Start a previewed import',
        description:
          'Refused (409) when the job is not `previewed`, or when the same file from the same source was imported completely ' +
          'before, unless force is true. A stopped or failed job no longer has its file: upload it again, and the rows already ' +
          'imported are found unchanged.',
        tags: ['import'],
        params: Id,
        body: StartSchema,
        response: { 200: JobSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const job = await service.startImport(app.db, app.config, ctx(request), request.params.id, { force: request.body.force });
      return toDto(job as NonNullable<typeof job>, request.locale);
    },
  );

  app.post(
    '/:id/cancel',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'Stop the import after the batch in flight (committed rows stay), or drop a preview; the file is erased',
        tags: ['import'],
        params: Id,
        response: { 200: JobSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const job = await service.cancelImport(app.db, ctx(request), request.params.id);
      return toDto(job as NonNullable<typeof job>, request.locale);
    },
  );

  app.get(
    '/:id/rows',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'What became of each row, in file order',
        tags: ['import'],
        params: Id,
        querystring: z.strictObject({
          outcome: z.enum(['created', 'merged', 'unchanged', 'rejected', 'candidate']).optional(),
          after: z.coerce.number().int().min(0).default(0).describe('Rows after this row number'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.array(RowOutcomeSchema),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const job = await service.getImport(app.db, requireActor(request), request.params.id);
      const { outcome, after, limit } = request.query;
      const rows = await q.outcomesPage(app.db, job.id, after, limit, outcome ? [outcome] : undefined);
      return rows.map(({ detail, ...r }) => ({ ...r, reasons: describeDetail(request.locale, detail as never) }));
    },
  );

  app.get(
    '/:id/report.xlsx',
    {
      config: { action: 'volunteer.import' },
      schema: {
        summary: 'The import report (summary, rows to look at, every row with its outcome) as XLSX',
        tags: ['import'],
        params: Id,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('XLSX workbook'), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const job = await service.getImport(app.db, requireActor(request), request.params.id);
      const name = encodeURIComponent(`import-report-${job.fileName.replace(/\.[^.]+$/, '')}.xlsx`);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
        .send(writeReport(app.db, job, request.locale));
    },
  );
};
