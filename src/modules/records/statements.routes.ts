import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RESIDENCE_YEARS, STATEMENT_KINDS, TERM_HALVES } from '../../domain/records/statement.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './statements.ts';

const DATE = z.iso.date().describe('YYYY-MM-DD');
const Hours = z.object({ name: z.string(), hours: z.number() });
export const AwardFactSchema = z.object({ title: z.string(), year: z.number().int(), grantedOn: z.string() }).meta({ id: 'AwardFact' });

const base = {
  code: z.string(),
  volunteerNo: z.string(),
  name: z.string(),
  docMasked: z.string().nullable(),
  issuedBy: z.enum(['volunteer', 'office']),
  issuingOffice: z.string().nullable().describe('The issuing office’s area name, when an office issued it'),
  issuedOn: z.string(),
};
export const StatementFactsSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        ...base,
        kind: z.literal('schoolPractice'),
        school: z.string(),
        term: z.object({ schoolYear: z.number().int().nullable(), half: z.enum(TERM_HALVES).nullable(), from: z.string(), to: z.string() }),
        activities: z.array(z.object({ date: z.string(), title: z.string(), organization: z.string(), hours: z.number() })),
        totalHours: z.number(),
      })
      .meta({ id: 'SchoolPracticeFacts' }),
    z
      .object({
        ...base,
        kind: z.literal('employerReference'),
        totalHours: z.number(),
        stars: z.number().int(),
        firstServedOn: z.string().nullable(),
        yearsActive: z.number().int(),
        organizations: z.array(Hours),
        categories: z.array(Hours),
        awards: z.array(AwardFactSchema),
      })
      .meta({ id: 'EmployerReferenceFacts' }),
    z
      .object({
        ...base,
        kind: z.literal('residencePoints'),
        years: z.array(z.object({ year: z.number().int(), hours: z.number() })),
        totalHours: z.number(),
        stars: z.number().int(),
        awards: z.array(AwardFactSchema),
      })
      .meta({ id: 'ResidencePointsFacts' }),
  ])
  .meta({ id: 'StatementFacts' });

export const StatementKindSchema = z.enum(STATEMENT_KINDS).meta({ id: 'StatementKind' });

const StatementSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: StatementKindSchema,
    facts: StatementFactsSchema,
    status: z.enum(['valid', 'revoked']),
    revokedReason: z.string().nullable(),
    issuedAt: z.date(),
  })
  .meta({ id: 'Statement' });

const RequestSchema = z
  .strictObject({
    kind: StatementKindSchema,
    school: z.string().max(100).optional().describe('schoolPractice: the school’s name as the volunteer states it'),
    schoolYear: z.number().int().min(2000).max(2100).optional().describe('schoolPractice: 2025 is the 2025–2026 school year'),
    half: z.enum(TERM_HALVES).optional().describe('schoolPractice: autumn 1 Sep–31 Jan, spring 1 Feb–31 Aug'),
    from: DATE.optional().describe('schoolPractice: instead of a school year and term'),
    to: DATE.optional(),
    years: z
      .number()
      .int()
      .min(RESIDENCE_YEARS.min)
      .max(RESIDENCE_YEARS.max)
      .optional()
      .describe(`residencePoints: how many years up to this one (default ${RESIDENCE_YEARS.default})`),
  })
  .meta({ id: 'StatementRequest' });

const RevokeSchema = z.strictObject({ reason: z.string().trim().max(500) }).meta({ id: 'StatementRevocation' });
const Id = z.object({ id: z.uuid() });

/** Signed statements for partners (证明, issue 19): issued by the volunteer or an office of their area, verified at /api/verify. */
export const statementRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: Parameters<typeof requireActor>[0]) => ({ actor: requireActor(request), requestId: request.id });

  app.post(
    '/statements',
    {
      config: { action: 'statement.issue' },
      schema: {
        summary:
          'Issue my signed statement of a kind (free): school practice for a term, employer reference, household-registration points',
        tags: ['statements'],
        body: RequestSchema,
        response: { 201: StatementSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.issueStatement(app.db, app.config, ctx(request), undefined, request.body)),
  );

  app.get(
    '/statements',
    {
      config: { action: 'statement.issue' },
      schema: { summary: 'My statements', tags: ['statements'], response: { 200: z.array(StatementSchema), ...errors(401) } },
    },
    async (request) => service.myStatements(app.db, requireActor(request)),
  );

  app.post(
    '/volunteers/:id/statements',
    {
      config: { action: 'statement.issue' },
      schema: {
        summary: 'Issue a signed statement for a volunteer of my area (office)',
        tags: ['statements'],
        params: Id,
        body: RequestSchema,
        response: { 201: StatementSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.issueStatement(app.db, app.config, ctx(request), request.params.id, request.body)),
  );

  app.get(
    '/volunteers/:id/statements',
    {
      config: { action: 'statement.issue' },
      schema: {
        summary: 'The statements of a volunteer of my area (office)',
        tags: ['statements'],
        params: Id,
        response: { 200: z.array(StatementSchema), ...errors(401, 404) },
      },
    },
    async (request) => service.volunteerStatements(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/statements/:id/pdf',
    {
      config: { action: 'statement.issue' },
      schema: {
        summary:
          'A statement as a PDF to print (Chinese text embedded, QR code to the verify page, its seal in the info entry VolunetStatement for offline checks)',
        tags: ['statements'],
        params: Id,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { code, pdf } = await service.statementPdfFile(app.db, app.config, requireActor(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="statement-${code}.pdf"`).send(pdf);
    },
  );

  app.post(
    '/statements/:id/revoke',
    {
      config: { action: 'statement.revoke' },
      schema: {
        summary: 'Revoke a statement issued in error (its volunteer, or an office of their area)',
        tags: ['statements'],
        params: Id,
        body: RevokeSchema,
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeStatement(app.db, ctx(request), request.params.id, request.body.reason);
      return reply.status(204).send(null);
    },
  );
};
