import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { keyFingerprint } from '../../domain/records/certificate.ts';
import { STATEMENT_KINDS } from '../../domain/records/statement.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { certificatePdfFile, verifyCertificatePdf } from './certificate-files.ts';
import * as service from './certificates.ts';
import { AwardFactSchema, StatementFactsSchema } from './statements.routes.ts';

const DATE = z.iso.date().describe('YYYY-MM-DD');
const FactsSchema = z
  .object({
    code: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    docMasked: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    totalHours: z.number(),
    organizations: z.array(z.object({ name: z.string(), hours: z.number(), records: z.number().int() })),
    awards: z
      .array(AwardFactSchema)
      .optional()
      .describe('Awards on record when issued; absent on certificates issued before awards were stated'),
    issuedOn: z.string(),
  })
  .meta({ id: 'CertificateFacts' });
const CertificateSchema = z
  .object({ id: z.string(), code: z.string(), facts: FactsSchema, status: z.enum(['valid', 'superseded', 'revoked']), issuedAt: z.date() })
  .meta({ id: 'Certificate' });
const VerificationSchema = z
  .object({
    code: z.string(),
    result: z.enum(['valid', 'superseded', 'revoked', 'malformed', 'unknown', 'forged']),
    kind: z
      .enum(['certificate', ...STATEMENT_KINDS])
      .optional()
      .describe('What the code proves: a certificate, or a statement of a kind'),
    facts: FactsSchema.optional().describe('The certificate’s facts, name masked'),
    statement: StatementFactsSchema.optional().describe('A statement’s facts, name masked'),
    revokedReason: z.string().nullable().optional(),
    revokedOn: z.string().nullable().optional().describe('YYYY-MM-DD, China time'),
  })
  .meta({ id: 'CertificateVerification' });
// Its own schema, so partners' clients that handle every result of a code check keep compiling.
const PdfVerificationSchema = VerificationSchema.extend({
  result: z
    .enum(['valid', 'superseded', 'revoked', 'unknown', 'forged', 'unsealed'])
    .describe('forged: the seal does not verify with the platform’s key; unsealed: the file carries no certificate or statement seal'),
}).meta({ id: 'CertificatePdfVerification' });

const OfficeCertificateSchema = CertificateSchema.omit({ facts: true })
  .extend({ facts: FactsSchema.describe('Name masked'), revokedReason: z.string().nullable() })
  .meta({ id: 'OfficeCertificate' });

const IssueSchema = z.strictObject({ from: DATE, to: DATE }).meta({ id: 'CertificateRequest' });

const RevokeSchema = z.strictObject({ reason: z.string().trim().max(500) }).meta({ id: 'CertificateRevocation' });

const VerifyManySchema = z.strictObject({ codes: z.array(z.string().max(40)).min(1).max(500) }).meta({ id: 'CertificateCodes' });

const KeySchema = z.object({ algorithm: z.literal('Ed25519'), publicKey: z.string(), fingerprint: z.string() }).meta({ id: 'SigningKey' });

const MAX_PDF_BYTES = 5 * 1024 * 1024;

/** Proofs of service (志愿服务记录证明): issued by the volunteer, verified by anyone. */
export const certificateRoutes: FastifyPluginAsyncZod = async (app) => {
  if (app.config.publicUrlDefaulted)
    app.log.warn(
      { publicUrl: app.config.publicUrl },
      'VOLUNET_PUBLIC_URL is not set: certificates name http://localhost as their verify address; set it to the address people open',
    );
  // A certificate PDF to check arrives as the request body itself.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    '/certificates',
    {
      config: { action: 'record.read' },
      schema: {
        summary: 'Issue my certificate for a period (free); a new one for the same period supersedes the old',
        tags: ['certificates'],
        body: IssueSchema,
        response: { 201: CertificateSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const row = await service.issueCertificate(app.db, app.config, { actor: requireActor(request), requestId: request.id }, request.body);
      return reply.status(201).send({ id: row.id, code: row.code, facts: row.facts, status: row.status, issuedAt: row.issuedAt });
    },
  );

  app.get(
    '/certificates',
    {
      config: { action: 'record.read' },
      schema: { summary: 'My certificates', tags: ['certificates'], response: { 200: z.array(CertificateSchema), ...errors(401) } },
    },
    async (request) => service.myCertificates(app.db, requireActor(request)),
  );

  app.get(
    '/certificates/:id/pdf',
    {
      config: { action: 'record.read' },
      schema: {
        summary: 'My certificate as a PDF to print (Chinese text embedded, QR code to verify)',
        description:
          'The verify address and QR code name the configured public address (VOLUNET_PUBLIC_URL), never the request’s Host. ' +
          'The QR code carries the signed facts and signature; the info dictionary entry VolunetCertificate carries the seal ' +
          '(the canonical statement, its Ed25519 signature, the key id, and a signed revocation once revoked), so the file ' +
          'verifies offline with the key from GET /api/verify-key (`volunet verify-pdf FILE`).',
        tags: ['certificates'],
        params: z.object({ id: z.uuid() }),
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { code, pdf } = await certificatePdfFile(app.db, app.config, requireActor(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="certificate-${code}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/certificates/by-code/:code',
    {
      config: { action: 'certificate.revoke' },
      schema: {
        summary: 'Find a certificate by its verification code, to revoke it (district or city office, own area)',
        tags: ['certificates'],
        params: z.object({ code: z.string().max(40) }),
        response: {
          200: OfficeCertificateSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => service.certificateByCode(app.db, requireActor(request), request.params.code),
  );

  app.post(
    '/certificates/:id/revoke',
    {
      config: { action: 'certificate.revoke' },
      schema: {
        summary: 'Revoke a certificate (district or city office)',
        tags: ['certificates'],
        params: z.object({ id: z.uuid() }),
        body: RevokeSchema,
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeCertificate(
        app.db,
        { actor: requireActor(request), requestId: request.id },
        request.params.id,
        request.body.reason,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/verify/:code',
    {
      config: { public: true },
      schema: {
        summary: 'Verify a certificate or statement code (no sign-in)',
        tags: ['certificates'],
        params: z.object({ code: z.string().max(40) }),
        response: { 200: VerificationSchema, ...errors(400) },
      },
    },
    async (request) => (await service.verifyCodes(app.db, app.config, [request.params.code]))[0],
  );

  app.post(
    '/verify',
    {
      config: { public: true },
      schema: {
        summary: 'Verify many certificate or statement codes in one call (schools, employers, credit agencies)',
        tags: ['certificates'],
        body: VerifyManySchema,
        response: { 200: z.array(VerificationSchema), ...errors(400) },
      },
    },
    async (request) => service.verifyCodes(app.db, app.config, request.body.codes),
  );

  app.post(
    '/verify/pdf',
    {
      config: { public: true },
      schema: {
        summary: 'Verify a certificate or statement PDF file (no sign-in): its seal against the platform’s key, then the registry',
        description:
          'Send the PDF as the request body with Content-Type application/pdf (at most 5 MB). Nothing is stored. ' +
          '`forged`: the seal does not verify; `unsealed`: the file carries no seal.',
        tags: ['certificates'],
        consumes: ['application/pdf'],
        response: { 200: PdfVerificationSchema, ...errors(400, 413) },
      },
    },
    async (request) => {
      const body = request.body as Buffer | undefined;
      return verifyCertificatePdf(app.db, app.config, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    },
  );

  app.get(
    '/verify-key',
    {
      config: { public: true },
      schema: {
        summary: 'The platform’s Ed25519 public key that signs certificates (PEM) and its fingerprint',
        tags: ['certificates'],
        response: { 200: KeySchema },
      },
    },
    async () => ({
      algorithm: 'Ed25519' as const,
      publicKey: app.config.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      fingerprint: keyFingerprint(app.config.publicKey),
    }),
  );
};
