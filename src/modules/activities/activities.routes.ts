import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHECKIN_METHODS } from '../../domain/attendance/methods.ts';
import { PROJECT_STATUSES, RISK_LEVELS } from '../../domain/projects/lifecycle.ts';
import { LANGUAGE_LEVELS } from '../../domain/volunteers/registration.ts';
import { DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './activities.service.ts';

const text = (max: number) => z.string().trim().max(max);
const TIME = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .describe('HH:MM, China time');

const PositionInput = z
  .strictObject({
    name: text(60).min(1),
    description: text(1000).optional(),
    headcount: z.number().int().min(1).max(100_000),
    reviewMode: z.enum(['auto', 'review']).optional().describe('auto: accepted at once while places remain; review: the organizer decides'),
    skills: z.array(z.string().min(1).max(40)).max(20).optional(),
    languages: z
      .array(z.strictObject({ code: z.string().min(2).max(10), minLevel: z.enum(LANGUAGE_LEVELS) }))
      .max(10)
      .optional(),
    minAge: z.number().int().min(1).max(120).nullable().optional(),
    maxAge: z.number().int().min(1).max(120).nullable().optional(),
    courseIds: z.array(z.uuid()).max(10).optional().describe('Training courses that must be completed'),
    minStars: z.number().int().min(0).max(5).optional(),
    insuranceRequired: z.boolean().optional(),
    minorsAllowed: z.boolean().optional(),
    minorDailyHours: z.number().min(0.5).max(8).nullable().optional(),
  })
  .meta({ id: 'PositionCreate' });

const Place = {
  stationId: z.uuid().nullable().optional(),
  address: text(200).optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  geofenceMeters: z.number().int().min(10).max(5000).optional(),
  checkinMethods: z.array(z.enum(CHECKIN_METHODS)).min(1).optional(),
};

const PositionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    headcount: z.number().int(),
    reviewMode: z.enum(['auto', 'review']),
    skills: z.array(z.string()),
    languages: z.array(z.object({ code: z.string(), minLevel: z.enum(LANGUAGE_LEVELS) })),
    minAge: z.number().nullable(),
    maxAge: z.number().nullable(),
    courseIds: z.array(z.string()),
    minStars: z.number(),
    insuranceRequired: z.boolean(),
    minorsAllowed: z.boolean(),
    minorDailyHours: z.number().nullable(),
    acceptedCount: z.number().int(),
    applied: z.number().int(),
    waitlisted: z.number().int(),
    free: z.number().int(),
  })
  .meta({ id: 'Position' });

const ActivityFields = {
  id: z.string(),
  projectId: z.string(),
  seriesId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  stationId: z.string().nullable(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  geofenceMeters: z.number().int(),
  checkinMethods: z.array(z.enum(CHECKIN_METHODS)),
  applyDeadline: z.date(),
  cancelDeadline: z.date(),
  status: z.enum(['scheduled', 'cancelled']),
};

const DetailSchema = z
  .object({
    ...ActivityFields,
    stationName: z.string().nullable(),
    mayManage: z.boolean(),
    project: z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(PROJECT_STATUSES),
      organizationId: z.string(),
      organizationName: z.string(),
      areaCode: z.string(),
      categoryCode: z.string(),
      insuranceRequired: z.boolean(),
      risks: z.string(),
      riskLevel: z.enum(RISK_LEVELS),
    }),
    positions: z.array(PositionSchema),
  })
  .meta({ id: 'ActivityDetail' });

const ListItemSchema = z
  .object({ ...ActivityFields, headcount: z.number().int(), accepted: z.number().int(), positions: z.number().int() })
  .meta({ id: 'ActivityListItem' });

const IdParams = z.object({ id: z.uuid() });
const Scope = z.strictObject({
  scope: z.enum(['one', 'future']).default('one').describe('This occurrence, or this and every later one of its series'),
});

const CreateSchema = z
  .strictObject({
    projectId: z.uuid(),
    title: text(100).min(1),
    description: text(5000).optional(),
    startsAt: DateTimeInput.optional(),
    endsAt: DateTimeInput.optional(),
    series: z
      .strictObject({
        from: z.string().describe('First possible date, YYYY-MM-DD'),
        weekdays: z.array(z.number().int()).min(1).max(7).describe('1 = Monday … 7 = Sunday'),
        startTime: TIME,
        endTime: TIME,
        weeks: z.number().int(),
      })
      .optional(),
    ...Place,
    applyHoursBefore: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    cancelHoursBefore: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    positions: z.array(PositionInput).min(1).max(50),
  })
  .meta({ id: 'ActivityCreate' });

const CreatedSchema = z.object({ created: z.number().int(), ids: z.array(z.string()) }).meta({ id: 'ActivitiesCreated' });

const UpdateSchema = z
  .strictObject({
    title: text(100).min(1).optional(),
    description: text(5000).optional(),
    startTime: TIME.optional(),
    endTime: TIME.optional(),
    ...Place,
  })
  .meta({ id: 'ActivityUpdate' });

const CancelSchema = z.strictObject({ reason: text(500) }).meta({ id: 'ActivityCancel' });

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.post(
    '/',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'Plan a one-off activity or a weekly series, with its positions',
        description:
          'Give `startsAt`/`endsAt` for one activity, or `series` (weekdays, times of day in China time, number of weeks) for a series: ' +
          'each occurrence becomes its own activity with a copy of the positions.',
        tags: ['activities'],
        body: CreateSchema,
        response: { 201: CreatedSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const rows = await service.createActivities(app.db, ctx(request), request.body);
      return reply.status(201).send({ created: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One activity with its positions and places',
        tags: ['activities'],
        params: IdParams,
        response: { 200: DetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getActivity(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/of-project/:id',
    {
      config: { action: ['activity.read', 'project.browse'] },
      schema: {
        summary: 'A project’s activities, soonest first',
        tags: ['activities'],
        params: IdParams,
        response: { 200: z.array(ListItemSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => service.projectActivities(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change one occurrence or all future ones; people on it are told',
        tags: ['activities'],
        params: IdParams,
        querystring: Scope,
        body: UpdateSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.changeActivity(app.db, ctx(request), request.params.id, request.query.scope, request.body),
  );

  app.post(
    '/:id/cancel',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Cancel one occurrence or the rest of its series; applications end with the reason',
        tags: ['activities'],
        params: IdParams,
        querystring: Scope,
        body: CancelSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.cancelActivity(app.db, ctx(request), request.params.id, request.query.scope, request.body.reason),
  );
};
