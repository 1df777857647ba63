import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EMERGENCY_CALL_STATUSES, EMERGENCY_RESPONSES } from '../../domain/requests/catalog.ts';
import { AreaCodeSchema, DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import * as service from './emergency.service.ts';

const CallSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    headcount: z.number().int(),
    standbyCount: z.number().int().describe('Places on the standby list'),
    acceptedCount: z.number().int(),
    notifiedCount: z.number().int().describe('Volunteers told when the call was issued'),
    status: z.enum(EMERGENCY_CALL_STATUSES).describe('open; full (every place taken: accepts go to the standby list); closed'),
    createdAt: z.date(),
  })
  .meta({ id: 'EmergencyCallSummary' });

const CallPageSchema = page(CallSummarySchema).meta({ id: 'EmergencyCallPage' });

const ResponseSchema = z
  .object({
    volunteerId: z.string(),
    name: z.string(),
    volunteerNo: z.string(),
    phoneMasked: z.string().nullable(),
    response: z.enum(EMERGENCY_RESPONSES),
    standbyNo: z.number().int().nullable(),
    respondedAt: z.date().nullable(),
  })
  .meta({ id: 'EmergencyResponse' });

const CountsSchema = z
  .object({
    notified: z.number().int(),
    waiting: z.number().int().describe('Told, not answered yet'),
    accepted: z.number().int(),
    standby: z.number().int(),
    declined: z.number().int(),
    released: z.number().int().describe('Let go: answered after the standby list filled, or the call was closed first'),
  })
  .meta({ id: 'EmergencyCounts' });

const CallSchema = CallSummarySchema.extend({
  message: z.string(),
  organizationId: z.string().nullable().describe('The organization that runs it on the ground (its service records name it)'),
  organizationName: z.string().nullable(),
  activityId: z.string().nullable().describe('The shift the accepted volunteers check in at; their hours are recorded there'),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  radiusMeters: z.number().int().nullable(),
  skills: z.array(z.string()),
  filledAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  counts: CountsSchema,
  responses: z.array(ResponseSchema).describe('The answers so far, newest first (at most 200)'),
  mayClose: z.boolean(),
}).meta({ id: 'EmergencyCall' });

const MyCallSchema = CallSummarySchema.extend({
  message: z.string(),
  response: z.enum(EMERGENCY_RESPONSES).describe('My answer: notified (not yet), accepted, standby, declined, released (it was full)'),
  standbyNo: z.number().int().nullable(),
}).meta({ id: 'EmergencyMyCall' });

const CallCreateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(100),
    message: z.string().trim().max(500).optional().describe('What to bring, where to gather'),
    areaCode: AreaCodeSchema.describe('The area called (its whole subtree); within the office’s scope'),
    organizationId: z
      .uuid()
      .describe('The organization that runs the call on the ground: active, covering the area, within the office’s scope'),
    lat: z.number().min(-90).max(90).nullable().optional().describe('Centre of the circle (with lng and radiusMeters)'),
    lng: z.number().min(-180).max(180).nullable().optional(),
    radiusMeters: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .nullable()
      .optional()
      .describe('Only volunteers whose position is this close to the centre'),
    skills: z.array(z.string().min(1).max(40)).max(10).optional().describe('Codes of skills every volunteer called must hold'),
    startsAt: DateTimeInput,
    endsAt: DateTimeInput,
    headcount: z.number().int().describe('Places; more than 0').max(10_000),
    standbyCount: z.number().int().min(0).max(10_000).optional().describe('Places on the standby list (default 0)'),
  })
  .meta({ id: 'EmergencyCallCreate' });

const CancelSchema = z.strictObject({ reason: z.string().max(500) }).meta({ id: 'EmergencyCancel' });

const OrganizationChoiceSchema = z
  .object({ items: z.array(z.object({ id: z.string(), name: z.string(), areaCode: z.string() })) })
  .meta({ id: 'EmergencyOrganizations' });

const AnswerSchema = z.strictObject({ response: z.enum(['accept', 'decline']) }).meta({ id: 'EmergencyAnswer' });

const IdParams = z.object({ id: z.uuid() });

/** The call as the office reads it, with whether it may close it (issuing and closing answer with it too). */
const CALL_ACTIONS = ['emergency.call', 'emergency.read'] as const;

/** Emergency calls (应急动员): an office calls volunteers out; they answer from the notice. */
export const emergencyRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id, locale: request.locale });

  app.post(
    '/',
    {
      config: { action: CALL_ACTIONS },
      schema: {
        summary: 'Issue an emergency call: every matching volunteer who opted in is told at once',
        description:
          'Matches active volunteers who opted in to emergency calls, living in the area, within the radius of the centre ' +
          '(their reach position) and holding every skill. The call, a notice to each and its delivery job (webhook/SMS, ' +
          'e-mail) are committed together before the answer. No one matching: 422 and nothing stored.',
        tags: ['emergency'],
        body: CallCreateSchema,
        response: { 201: CallSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const call = await service.issueCall(app.db, ctx(request), app.config.publicUrl, request.body);
      return reply.status(201).send(call);
    },
  );

  app.get(
    '/',
    {
      config: { action: 'emergency.read' },
      schema: {
        summary: 'Emergency calls in my area, newest first',
        tags: ['emergency'],
        querystring: z.strictObject(PageQuery),
        response: { 200: CallPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => service.listCalls(app.db, requireActor(request), request.query),
  );

  app.get(
    '/organizations',
    {
      config: { action: 'emergency.call' },
      schema: {
        summary: 'The organizations that may run a call in an area: active, covering it, within my scope',
        tags: ['emergency'],
        querystring: z.strictObject({ areaCode: AreaCodeSchema }),
        response: { 200: OrganizationChoiceSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => service.organizationsFor(app.db, requireActor(request), request.query.areaCode),
  );

  app.get(
    '/:id',
    {
      config: { action: CALL_ACTIONS },
      schema: {
        summary: 'One call: counts and the answers as they arrive (phones masked)',
        description:
          'Answers with an ETag; the live page polls with If-None-Match and gets 304 (one lookup by key) until an answer, ' +
          'the call filling or ending changes it.',
        tags: ['emergency'],
        params: IdParams,
        response: { 200: CallSchema, 304: z.null().describe('Unchanged since the ETag sent'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Private and revalidated every time: the browser keeps the body and asks with its tag.
      reply.header('cache-control', 'private, no-cache');
      const sent = request.headers['if-none-match'];
      if (sent && sent === (await service.callTag(app.db, actor, request.params.id))) return reply.code(304).send(null);
      const call = await service.getCall(app.db, actor, request.params.id);
      return reply.header('etag', service.etagOf(actor, call.id, call.version)).send(call);
    },
  );

  app.get(
    '/:id/response',
    {
      config: { action: 'emergency.respond' },
      schema: {
        summary: 'A call I was told of, and my answer (404 for a call I was not called to)',
        tags: ['emergency'],
        params: IdParams,
        response: { 200: MyCallSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.myCall(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/:id/response',
    {
      config: { action: 'emergency.respond' },
      schema: {
        summary: 'Accept or decline a call I was told of',
        description:
          'Accepting takes a place while there is one; then a place on the standby list; then the answer is `released` ' +
          '(it is full). A closed call: 409. A volunteer who accepted cannot decline here (409): the office counts on them.',
        tags: ['emergency'],
        params: IdParams,
        body: AnswerSchema,
        response: { 200: MyCallSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => service.answer(app.db, ctx(request), app.config.publicUrl, request.params.id, request.body.response),
  );

  app.post(
    '/:id/cancel',
    {
      config: { action: CALL_ACTIONS },
      schema: {
        summary: 'Cancel a call: the waiting are told, and the accepted volunteers’ shift is cancelled with the reason',
        tags: ['emergency'],
        params: IdParams,
        body: CancelSchema,
        response: { 200: CallSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => service.cancelCall(app.db, ctx(request), request.params.id, request.body.reason),
  );

  app.post(
    '/:id/close',
    {
      config: { action: CALL_ACTIONS },
      schema: {
        summary: 'Close a call: whoever had not answered, and the standby list, are told',
        tags: ['emergency'],
        params: IdParams,
        response: { 200: CallSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => service.closeCall(app.db, ctx(request), request.params.id),
  );
};
