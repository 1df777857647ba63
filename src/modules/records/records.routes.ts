import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { recordHistory } from './record-history.ts';
import * as service from './records.service.ts';

const RecordSchema = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    activityId: z.string().nullable(),
    enrollmentId: z.string().nullable(),
    organizationId: z.string(),
    activityTitle: z.string(),
    serviceDate: z.string(),
    place: z.string(),
    content: z.string(),
    personInCharge: z.string(),
    checkInAt: z.date().nullable(),
    checkOutAt: z.date().nullable(),
    channel: z.string(),
    creditHours: z.number().describe('From check-in/out, clipped to the activity and rounded'),
    addedHours: z.number().describe('Entered by the organizer (补录)'),
    status: z.enum(['pending', 'confirmed', 'rejected']),
    rejectReason: z.string().nullable(),
  })
  .meta({ id: 'ServiceRecord' });

const clean = (r: Record<string, unknown> | undefined) => {
  const { projectId: _, categoryCode: __, decidedBy: ___, decidedAt: ____, createdAt: _____, ...rest } = r ?? {};
  return rest as z.infer<typeof RecordSchema>;
};

const IdParams = z.object({ id: z.uuid() });
const Hours = {
  checkInAt: DateTimeInput.nullable().optional(),
  checkOutAt: DateTimeInput.nullable().optional(),
  addedHours: z.number().min(0).max(24).optional(),
  reason: z.string().trim().max(500).optional().describe('Why hours are entered by hand (audited)'),
};

const CreateSchema = z
  .strictObject({ enrollmentId: z.uuid(), content: z.string().trim().max(500).optional(), ...Hours })
  .meta({ id: 'ServiceRecordCreate' });

const CompleteSchema = z.strictObject(Hours).meta({ id: 'ServiceRecordUpdate' });

const RejectSchema = z.strictObject({ reason: z.string().trim().max(500) }).meta({ id: 'ServiceRecordRejection' });

const CorrectionRequestSchema = z
  .strictObject({ requestedHours: z.number().min(0).max(24), reason: z.string().trim().max(500) })
  .meta({ id: 'CorrectionRequest' });

const CorrectionRequestedSchema = z.object({ id: z.string(), status: z.string() }).meta({ id: 'CorrectionRequested' });

const OpenCorrectionSchema = z
  .object({
    id: z.string(),
    recordId: z.string(),
    activityTitle: z.string(),
    serviceDate: z.string(),
    volunteerName: z.string().describe('Masked'),
    currentHours: z.number(),
    requestedHours: z.number(),
    reason: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'OpenCorrection' });

const CorrectionDecisionSchema = z
  .strictObject({ accept: z.boolean(), note: z.string().trim().max(500).optional() })
  .meta({ id: 'CorrectionDecision' });

const CorrectionDecidedSchema = z
  .object({ id: z.string(), status: z.enum(['accepted', 'rejected']), delta: z.number(), hours: z.number() })
  .meta({ id: 'CorrectionDecided' });

const PendingSchema = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    volunteerName: z.string().describe('Masked'),
    volunteerNo: z.string(),
    activityId: z.string().nullable(),
    activityTitle: z.string(),
    serviceDate: z.string(),
    activityHours: z.number().nullable().describe('The activity’s length: added hours may not exceed it'),
    channel: z.string(),
    checkInAt: z.date().nullable(),
    checkOutAt: z.date().nullable(),
    creditHours: z.number(),
    addedHours: z.number(),
    deadline: z.string(),
    overdue: z.boolean(),
  })
  .meta({ id: 'PendingRecord' });

const HistorySchema = z
  .object({
    id: z.string(),
    activityTitle: z.string(),
    serviceDate: z.string(),
    volunteerName: z.string().describe('Masked'),
    volunteerNo: z.string(),
    channel: z.string(),
    checkInAt: z.date().nullable(),
    checkOutAt: z.date().nullable(),
    creditHours: z.number(),
    addedHours: z.number(),
    status: z.enum(['pending', 'confirmed', 'rejected']),
    rejectReason: z.string().nullable(),
    ledgerHours: z.number().describe('The sum of its ledger entries'),
    entries: z.array(z.object({ seq: z.number(), kind: z.enum(['credit', 'added', 'correction']), hours: z.number(), at: z.string() })),
    corrections: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['open', 'accepted', 'rejected']),
        requestedHours: z.number(),
        reason: z.string(),
        decisionNote: z.string().nullable(),
        createdAt: z.date(),
        decidedAt: z.date().nullable(),
      }),
    ),
  })
  .meta({ id: 'RecordHistory' });

const MyRecordSchema = RecordSchema.omit({
  volunteerId: true,
  activityId: true,
  enrollmentId: true,
  organizationId: true,
  checkInAt: true,
  checkOutAt: true,
})
  .extend({
    organizationName: z.string(),
    ledgerHours: z.number(),
    correction: z
      .object({
        status: z.enum(['open', 'accepted', 'rejected']),
        requestedHours: z.number(),
        decisionNote: z.string().nullable(),
      })
      .nullable()
      .describe('The latest correction request, if any'),
  })
  .meta({ id: 'MyRecord' });

const HoursBySchema = z.object({ key: z.string(), hours: z.number() }).meta({ id: 'HoursBy' });

const MineSchema = z
  .object({
    records: z.array(MyRecordSchema),
    hours: z.object({
      total: z.number(),
      byYear: z.array(HoursBySchema),
      byOrganization: z.array(HoursBySchema),
      byCategory: z.array(HoursBySchema),
    }),
    stars: z.object({
      scheme: z.array(z.number()),
      stars: z.number().int(),
      nextAt: z.number().nullable(),
      hoursToNext: z.number().nullable(),
      fraction: z.number(),
    }),
  })
  .meta({ id: 'MyRecords' });

/** Service records (MCA 2020 measures): made by the organizer, confirmed into the hour ledger. */
export const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.post(
    '/',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'Record an accepted volunteer’s service: check-in/out and/or added hours',
        tags: ['records'],
        body: CreateSchema,
        response: { 201: RecordSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(clean(await service.createRecord(app.db, ctx(request), request.body))),
  );

  app.patch(
    '/:id',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'Complete a pending record (a missing check-out, added hours)',
        tags: ['records'],
        params: IdParams,
        body: CompleteSchema,
        response: { 200: RecordSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => clean(await service.completeRecord(app.db, ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/:id/confirm',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'Confirm a record: its hours go into the hour ledger',
        tags: ['records'],
        params: IdParams,
        response: { 200: RecordSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => clean(await service.confirmRecord(app.db, app.config.ledgerKey, ctx(request), request.params.id)),
  );

  app.post(
    '/:id/reject',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'Reject a record with a reason',
        tags: ['records'],
        params: IdParams,
        body: RejectSchema,
        response: { 200: RecordSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => clean(await service.rejectRecord(app.db, ctx(request), request.params.id, request.body.reason)),
  );

  app.post(
    '/:id/corrections',
    {
      config: { action: 'record.requestCorrection' },
      schema: {
        summary: 'Ask to correct my confirmed record (Art 12–13): the hours it should show, and why',
        tags: ['records'],
        params: IdParams,
        body: CorrectionRequestSchema,
        response: { 201: CorrectionRequestedSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const c = await service.requestCorrection(app.db, ctx(request), request.params.id, request.body);
      return reply.status(201).send({ id: c.id, status: c.status });
    },
  );

  app.get(
    '/corrections',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'An organization’s open correction requests',
        tags: ['records'],
        querystring: z.strictObject({ organizationId: z.uuid() }),
        response: {
          200: z.array(OpenCorrectionSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => service.openCorrections(app.db, requireActor(request), request.query.organizationId),
  );

  app.post(
    '/corrections/:id/decision',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'Accept or reject a correction; accepting adds a ledger entry for the difference',
        tags: ['records'],
        params: IdParams,
        body: CorrectionDecisionSchema,
        response: {
          200: CorrectionDecidedSchema,
          ...errors(400, 401, 404, 422),
        },
      },
    },
    async (request) =>
      service.decideCorrection(app.db, app.config.ledgerKey, ctx(request), request.params.id, request.body.accept, request.body.note),
  );

  app.get(
    '/pending',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'An organization’s records awaiting confirmation, with the 10-working-day deadline (Art 11)',
        tags: ['records'],
        querystring: z.strictObject({ organizationId: z.uuid() }),
        response: {
          200: z.array(PendingSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => service.pendingRecords(app.db, requireActor(request), request.query.organizationId),
  );

  app.get(
    '/:id/history',
    {
      config: { action: 'record.manage' },
      schema: {
        summary: 'A record with its ledger entries and correction requests, for its organization (nothing overwritten, Art 12–13)',
        tags: ['records'],
        params: IdParams,
        response: {
          200: HistorySchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => recordHistory(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/mine',
    {
      config: { action: 'record.read' },
      schema: {
        summary: 'My service records, confirmed hours by year, organization and category, and my stars',
        tags: ['records'],
        response: {
          200: MineSchema,
          ...errors(401, 422),
        },
      },
    },
    async (request) => service.myRecords(app.db, requireActor(request)),
  );
};
