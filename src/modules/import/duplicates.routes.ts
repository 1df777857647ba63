import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import * as service from './duplicates.service.ts';

const SideSchema = z
  .object({
    id: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    sex: z.string().nullable(),
    birthDate: z.string().nullable(),
    docMasked: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    areaCode: z.string(),
    registeredVia: z.string(),
    status: z.string(),
    hasAccount: z.boolean(),
    createdAt: z.iso.datetime(),
    sources: z.array(z.string()).describe('source:externalId, oldest first'),
  })
  .meta({ id: 'DuplicateSide' });

const CandidateSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'merged', 'kept_apart']),
    reason: z.enum(['name_phone']),
    createdAt: z.iso.datetime(),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    record: SideSchema.describe('The older record'),
    other: SideSchema.describe('The record that arrived later'),
  })
  .meta({ id: 'DuplicateCandidate' });

const CandidatePageSchema = page(CandidateSchema).meta({ id: 'DuplicatePage' });

const MergeSchema = z
  .object({
    id: z.string(),
    survivorId: z.string(),
    mergedId: z.string(),
    survivorNo: z.string(),
    mergedNo: z.string(),
    actorLabel: z.string(),
    at: z.iso.datetime(),
    undoneBy: z.string().nullable(),
    undoneAt: z.iso.datetime().nullable(),
    links: z.number().int().describe('Platform links moved'),
    memberships: z.number().int().describe('Memberships moved'),
  })
  .meta({ id: 'VolunteerMerge' });

const iso = (d: Date | null) => d?.toISOString() ?? null;
type Side = Omit<z.infer<typeof SideSchema>, 'createdAt'> & { createdAt: Date };
const sideDto = (s: Side) => ({ ...s, createdAt: s.createdAt.toISOString() });
const Id = z.object({ id: z.uuid() });

const MergeRequestSchema = z
  .strictObject({ survivorId: z.uuid().describe('The record that stays: one of the pair') })
  .meta({ id: 'DuplicateMerge' });

const MergedSchema = z.object({ mergeId: z.string() }).meta({ id: 'DuplicateMerged' });

export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: Parameters<typeof requireActor>[0]) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/',
    {
      config: { action: 'volunteer.merge' },
      schema: {
        summary: 'Possible duplicates in my area: the same name and phone, and no ID number to decide',
        tags: ['import'],
        querystring: z.strictObject({ status: z.enum(['open', 'merged', 'kept_apart']).default('open'), ...PageQuery }),
        response: { 200: CandidatePageSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const result = await service.listDuplicates(app.db, requireActor(request), request.query);
      return {
        total: result.total,
        items: result.items.map((c) => ({
          ...c,
          createdAt: c.createdAt.toISOString(),
          decidedAt: iso(c.decidedAt),
          record: sideDto(c.record as Side),
          other: sideDto(c.other as Side),
        })),
      };
    },
  );

  app.post(
    '/:id/merge',
    {
      config: { action: 'volunteer.merge' },
      schema: {
        summary: 'Merge the pair into one record; the survivor keeps its values and gains the other’s links and memberships',
        tags: ['import'],
        params: Id,
        body: MergeRequestSchema,
        response: { 200: MergedSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => ({ mergeId: (await service.mergeDuplicate(app.db, ctx(request), request.params.id, request.body.survivorId)).id }),
  );

  app.post(
    '/:id/keep-apart',
    {
      config: { action: 'volunteer.merge' },
      schema: {
        summary: 'Two people after all: the pair leaves the queue',
        tags: ['import'],
        params: Id,
        response: { 204: z.null(), ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.keepApart(app.db, ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/merges',
    {
      config: { action: 'volunteer.merge' },
      schema: {
        summary: 'Merges a volunteer took part in, undone ones included',
        tags: ['import'],
        querystring: z.strictObject({ volunteerId: z.uuid() }),
        response: { 200: z.array(MergeSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      (await service.mergeHistory(app.db, requireActor(request), request.query.volunteerId)).map((m) => ({
        ...m,
        at: m.at.toISOString(),
        undoneAt: iso(m.undoneAt),
      })),
  );

  app.post(
    '/merges/:id/undo',
    {
      config: { action: 'volunteer.merge' },
      schema: {
        summary: 'Undo a merge: links, memberships and filled fields go back, and the pair returns to the queue',
        tags: ['import'],
        params: Id,
        response: { 204: z.null(), ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.undoMerge(app.db, ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
