import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HOTLINE_OUTCOMES } from '../../domain/requests/catalog.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import { BeneficiarySchema, ServiceHistoryItemSchema } from '../beneficiaries/index.ts';
import * as service from './hotline.service.ts';

const HotlineCallSchema = z
  .object({
    id: z.string(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().nullable(),
    durationSeconds: z.number().int().nullable(),
    operatorAccountId: z.string(),
    operatorName: z.string(),
    areaCode: z.string().describe('The operator’s area'),
    callerPhoneMasked: z.string().nullable(),
    outcome: z.enum(HOTLINE_OUTCOMES).nullable().describe('null while the call is open'),
    notes: z.string(),
    beneficiaryId: z.string().nullable(),
    beneficiaryName: z.string().nullable(),
    requestId: z.string().nullable(),
    requestNo: z.string().nullable(),
  })
  .meta({ id: 'HotlineCall' });

const HotlineCallPageSchema = page(HotlineCallSchema).meta({ id: 'HotlineCallPage' });

const CallerMatchSchema = BeneficiarySchema.extend({
  callerIs: z.enum(['self', 'contact']).describe('The number is their own, or a family contact’s'),
  history: z.array(ServiceHistoryItemSchema).describe('Their latest requests (at most 5)'),
}).meta({ id: 'HotlineCallerMatch' });

const CallStartedSchema = z
  .object({ call: HotlineCallSchema, beneficiaries: z.array(CallerMatchSchema).describe('Empty: a new person') })
  .meta({ id: 'HotlineCallStarted' });

const CallStartSchema = z.strictObject({ callerPhone: z.string().trim().min(1).max(30) }).meta({ id: 'HotlineCallStart' });

const CallEndSchema = z
  .strictObject({
    outcome: z.enum(HOTLINE_OUTCOMES),
    notes: z.string().trim().max(1000).optional(),
    beneficiaryId: z.uuid().nullable().optional().describe('The person the call was about'),
    requestId: z.uuid().nullable().optional().describe('The request taken or followed up'),
  })
  .meta({ id: 'HotlineCallEnd' });

const VolunteerStatusSchema = z
  .object({
    volunteerNo: z.string(),
    nameMasked: z.string(),
    status: z.enum(['active', 'suspended', 'deregistered', 'merged']),
    stars: z.number().int(),
    totalHours: z.number().describe('Confirmed hours in the ledger'),
  })
  .meta({ id: 'HotlineVolunteerStatus' });

const DATE = z.iso.date().describe('YYYY-MM-DD, China time');

/** The hotline's work: calls logged as they come in, the caller found by their number, lookups for callers. */
export const hotlineRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.post(
    '/calls',
    {
      config: { action: ['hotline.answer', 'beneficiary.read', 'beneficiary.readPii', 'beneficiary.manage'] },
      schema: {
        summary: 'A call comes in: log it and find the people the caller’s number belongs to, with their history',
        tags: ['hotline'],
        body: CallStartSchema,
        response: { 201: CallStartedSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.startCall(app.db, app.config, ctx(request), request.body.callerPhone)),
  );

  app.patch(
    '/calls/:id',
    {
      // Linking checks that the operator may read the person and the request linked.
      config: { action: ['hotline.answer', 'beneficiary.read', 'request.read'] },
      schema: {
        summary: 'End a call with its outcome and notes; link the person and the request',
        tags: ['hotline'],
        params: z.object({ id: z.uuid() }),
        body: CallEndSchema,
        response: { 200: HotlineCallSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.endCall(app.db, ctx(request), request.params.id, request.body),
  );

  app.get(
    '/calls',
    {
      config: { action: 'hotline.readCalls' },
      schema: {
        summary: 'The call log: time, operator, masked caller number, outcome',
        tags: ['hotline'],
        querystring: z.strictObject({
          within: AreaCodeSchema.optional(),
          outcome: z
            .enum([...HOTLINE_OUTCOMES, 'open'])
            .optional()
            .describe('open: calls not ended yet'),
          mine: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true')
            .describe('Only the calls I took'),
          phone: z.string().trim().max(30).optional().describe('Calls from this number'),
          beneficiaryId: z.uuid().optional(),
          from: DATE.optional(),
          to: DATE.optional(),
          ...PageQuery,
        }),
        response: { 200: HotlineCallPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => service.listCalls(app.db, app.config, requireActor(request), request.query),
  );

  app.get(
    '/volunteer-status',
    {
      config: { action: 'hotline.answer' },
      schema: {
        summary: 'A caller asks about a volunteer: masked name, status, stars, confirmed hours',
        description: 'Give `number` (volunteer number) or `phone`. Certificates are checked with the public GET /api/verify/{code}.',
        tags: ['hotline'],
        querystring: z.strictObject({ number: z.string().trim().max(40).optional(), phone: z.string().trim().max(30).optional() }),
        response: { 200: VolunteerStatusSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.volunteerStatus(app.db, app.config, requireActor(request), request.query),
  );
};
