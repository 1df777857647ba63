import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_BAR_YEARS, MIN_BAR_YEARS, SANCTION_KINDS } from '../../domain/honours/sanctions.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as sanctions from './sanctions.service.ts';
import * as stars from './star-scheme.service.ts';

const Thresholds = z
  .array(z.number())
  .max(10)
  .describe('Hours for one to five stars, ascending; an index in an error’s field (thresholds.2) is a position here');
const StarSchemeBody = z.strictObject({ thresholds: Thresholds }).meta({ id: 'StarThresholds' });
const StarSchemeSchema = z
  .object({
    thresholds: z.array(z.number()),
    national: z.boolean().describe('The national 100 / 300 / 600 / 1000 / 1500 h'),
    nationalThresholds: z.array(z.number()),
  })
  .meta({ id: 'StarScheme' });
const SchemeHolders = z.object({
  thresholds: z.array(z.number()),
  national: z.boolean(),
  holders: z.array(z.number().int()).describe('Volunteers with 0, 1, … 5 stars'),
});
const StarPreviewSchema = z
  .object({
    current: SchemeHolders,
    proposed: SchemeHolders,
    volunteers: z.number().int().describe('Registered volunteers counted (not deregistered or merged)'),
    up: z.number().int().describe('Volunteers who would gain stars'),
    down: z.number().int().describe('Volunteers who would lose stars'),
  })
  .meta({ id: 'StarSchemePreview' });

const DATE = z.iso.date().describe('YYYY-MM-DD, China time');
const SanctionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(SANCTION_KINDS),
    reason: z.string(),
    recordIds: z.array(z.uuid()),
    barYears: z.number().int(),
    startsOn: DATE,
    liftsOn: DATE.describe('The first day the person may be nominated again (the end, or the revocation)'),
    createdAt: z.date(),
    createdBy: z.string().nullable(),
    revokedAt: z.date().nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
  })
  .meta({ id: 'Sanction' });
const BarSchema = z
  .object({ barred: z.boolean(), until: DATE.optional(), sanctionIds: z.array(z.uuid()).optional() })
  .meta({ id: 'AwardBar' });
const CitableRecordSchema = z.object({
  id: z.uuid(),
  serviceDate: DATE,
  activityTitle: z.string(),
  hours: z.number(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
});
const SanctionsSchema = z
  .object({
    bar: BarSchema,
    items: z.array(SanctionSchema),
    records: z.array(CitableRecordSchema).describe('The volunteer’s service records, newest first (200 at most), to cite'),
  })
  .meta({ id: 'Sanctions' });
const SanctionBody = z
  .strictObject({
    kind: z.enum(SANCTION_KINDS).describe('falsified_hours: 虚假记录服务时长; dishonesty: other breach of faith (失信)'),
    reason: z.string().max(500),
    recordIds: z.array(z.uuid()).max(50).default([]).describe('The volunteer’s service records it concerns'),
    barYears: z.number().describe(`Whole years barred from awards, ${MIN_BAR_YEARS}–${MAX_BAR_YEARS}`),
    startsOn: DATE.describe('The first barred day; not after today'),
  })
  .meta({ id: 'NewSanction' });
const IdParams = z.object({ id: z.uuid() });

/** The star scheme (city office) and sanctions that bar a volunteer from awards (offices of the area). */
export const honoursRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/settings/star-scheme',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'The hours for each star (the city’s, or the national 100 / 300 / 600 / 1000 / 1500 h)',
        tags: ['honours'],
        response: { 200: StarSchemeSchema, ...errors(401) },
      },
    },
    async (request) => stars.readStarScheme(app.db, requireActor(request)),
  );

  app.post(
    '/settings/star-scheme/preview',
    {
      config: { action: 'stars.manage' },
      schema: {
        summary: 'How many volunteers would hold each star under a proposed scheme, beside the scheme in force (nothing saved)',
        tags: ['honours'],
        body: StarSchemeBody,
        response: { 200: StarPreviewSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => stars.previewStarScheme(app.db, requireActor(request), request.body.thresholds),
  );

  app.put(
    '/settings/star-scheme',
    {
      config: { action: 'stars.manage' },
      schema: {
        summary: 'Set the hours for each star (city office); volunteers’ stars follow at once. Audited',
        tags: ['honours'],
        body: StarSchemeBody,
        response: { 200: StarSchemeSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => stars.saveStarScheme(app.db, { actor: requireActor(request), requestId: request.id }, request.body.thresholds),
  );

  app.get(
    '/volunteers/:id/sanctions',
    {
      config: { action: 'sanction.read' },
      schema: {
        summary: 'A volunteer’s sanctions, standing and revoked, and whether they are barred from awards today (offices of their area)',
        tags: ['honours'],
        params: IdParams,
        response: { 200: SanctionsSchema, ...errors(401, 404) },
      },
    },
    async (request) => sanctions.listSanctions(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/volunteers/:id/sanctions',
    {
      config: { action: 'sanction.manage' },
      schema: {
        summary: 'Record a sanction: the volunteer is barred from awards for 1–3 years from the start. Audited, never public',
        tags: ['honours'],
        params: IdParams,
        body: SanctionBody,
        response: { 201: z.object({ id: z.uuid() }), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const row = await sanctions.recordSanction(
        app.db,
        { actor: requireActor(request), requestId: request.id },
        request.params.id,
        request.body,
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    '/sanctions/:id/revoke',
    {
      config: { action: 'sanction.manage' },
      schema: {
        summary: 'Revoke a sanction with a reason: the bar ends today; the sanction and the reason stay on record. Audited',
        tags: ['honours'],
        params: IdParams,
        body: z.strictObject({ reason: z.string().max(500) }),
        response: { 200: z.object({ volunteerId: z.uuid() }), ...errors(400, 401, 404, 409) },
      },
    },
    async (request) =>
      sanctions.revokeSanction(app.db, { actor: requireActor(request), requestId: request.id }, request.params.id, request.body.reason),
  );
};
