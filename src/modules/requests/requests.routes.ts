import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery } from '../../platform/pagination.ts';
import { rateRequest, takeRequest, transition } from './request-steps.ts';
import { getRequest, listRequests, mergedNotice, presentCreated } from './request-view.ts';
import {
  ListQuery,
  RatingSchema,
  ServiceRequestCreateSchema,
  ServiceRequestDetailSchema,
  ServiceRequestPageSchema,
  ServiceRequestSchema,
  TransitionSchema,
} from './requests.schemas.ts';
import { createRequest } from './requests.service.ts';

const IdParams = z.object({ id: z.uuid() });
// Reading one request: who may read requests, and a volunteer serving it (or seeing it published).
const READ = [
  'request.read',
  'request.take',
  'request.triage',
  'request.assign',
  'request.progress',
  'request.cancel',
  'request.rate',
] as const;

export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id, locale: request.locale });
  const detail = (request: FastifyRequest, id: string) => getRequest(app.db, app.config, ctx(request), id);

  app.get(
    '/',
    {
      config: { action: 'request.read' },
      schema: {
        summary: 'List the service requests the actor may read, newest first',
        tags: ['requests'],
        querystring: z.strictObject({ ...ListQuery, ...PageQuery }),
        response: { 200: ServiceRequestPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => listRequests(app.db, requireActor(request), request.locale, request.query),
  );

  app.post(
    '/',
    {
      config: { action: ['request.create', 'request.overrideGuard', ...READ] },
      schema: {
        summary: 'Raise a service request (a duplicate of an open one is merged into it: 200 with mergedInto)',
        tags: ['requests'],
        body: ServiceRequestCreateSchema,
        response: { 200: ServiceRequestSchema, 201: ServiceRequestSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const created = await createRequest(app.db, app.config, ctx(request), request.body);
      const shown = await presentCreated(app.db, app.config, ctx(request), created);
      if (!created.merged) return reply.code(201).send({ ...shown, notice: null });
      return reply.code(200).send({ ...shown, notice: mergedNotice(request.locale, shown.mergedInto?.requestNo ?? '') });
    },
  );

  app.get(
    '/:id',
    {
      config: { action: READ },
      schema: {
        summary: 'One request, its timeline and who serves it, as the viewer may see it (Art 21)',
        tags: ['requests'],
        params: IdParams,
        response: { 200: ServiceRequestDetailSchema, ...errors(401, 404) },
      },
    },
    async (request) => detail(request, request.params.id),
  );

  app.post(
    '/:id/transitions',
    {
      config: { action: ['request.overrideGuard', ...READ] },
      schema: {
        summary: 'Take a step: triage, assign, publish, start, done, close or cancel',
        tags: ['requests'],
        params: IdParams,
        body: TransitionSchema,
        response: { 200: ServiceRequestDetailSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => {
      await transition(app.db, app.config.ledgerKey, ctx(request), request.params.id, request.body);
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/:id/take',
    {
      config: { action: READ },
      schema: {
        summary: 'A volunteer takes a published request (within their weekly limit)',
        tags: ['requests'],
        params: IdParams,
        response: { 200: ServiceRequestDetailSchema, ...errors(401, 404, 409, 422) },
      },
    },
    async (request) => {
      await takeRequest(app.db, ctx(request), request.params.id);
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/:id/rating',
    {
      config: { action: READ },
      schema: {
        summary: 'The beneficiary (or an operator or office for them) confirms the service and rates it 1–5',
        tags: ['requests'],
        params: IdParams,
        body: RatingSchema,
        response: { 200: ServiceRequestDetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      await rateRequest(app.db, ctx(request), request.params.id, request.body);
      return detail(request, request.params.id);
    },
  );
};
