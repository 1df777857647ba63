import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENROLLMENT_STATUSES } from '../../domain/enrollment/enrollment.ts';
import { DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { translate } from '../../platform/i18n/messages.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as service from './enrollment.service.ts';
import { rosterWorkbook } from './roster-export.ts';

const EnrollmentSchema = z
  .object({
    id: z.string(),
    positionId: z.string(),
    activityId: z.string(),
    volunteerId: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    waitlistNo: z.number().int().nullable().describe('Place in the waitlist order'),
    reason: z.string().nullable(),
    appliedAt: z.date(),
    decidedAt: z.date().nullable(),
  })
  .meta({ id: 'Enrollment' });

const RosterSchema = z
  .object({
    id: z.string(),
    positionId: z.string(),
    positionName: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    waitlistNo: z.number().int().nullable(),
    reason: z.string().nullable(),
    appliedAt: z.date(),
    volunteerId: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    age: z.number().int().nullable(),
    phoneMasked: z.string().nullable(),
    areaCode: z.string(),
    noShows: z.number().int().describe('No-shows across all of this volunteer’s applications'),
  })
  .meta({ id: 'RosterEntry' });

const MineSchema = z
  .object({
    id: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    waitlistNo: z.number().int().nullable(),
    reason: z.string().nullable(),
    positionId: z.string(),
    positionName: z.string(),
    activityId: z.string(),
    title: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    address: z.string(),
    cancelDeadline: z.date(),
    activityStatus: z.enum(['scheduled', 'cancelled']),
  })
  .meta({ id: 'MyEnrollment' });

const OpportunitySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    projectId: z.string(),
    projectTitle: z.string(),
    categoryCode: z.string(),
    organizationName: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    applyDeadline: z.date(),
    distanceKm: z.number().nullable(),
    free: z.number().int().describe('Places still free across the positions'),
  })
  .meta({ id: 'Opportunity' });

const IdParams = z.object({ id: z.uuid() });

const ApplySchema = z.strictObject({ positionId: z.uuid() }).meta({ id: 'EnrollmentCreate' });

const DecisionSchema = z
  .strictObject({ event: z.enum(['accept', 'reject', 'cancel', 'no_show']), reason: z.string().trim().max(500).optional() })
  .meta({ id: 'EnrollmentDecision' });

const EligibilitySchema = z
  .object({
    positionId: z.string(),
    eligible: z.boolean(),
    reasons: z.array(z.object({ rule: z.string(), message: z.string() }).meta({ id: 'EligibilityReason' })),
  })
  .meta({ id: 'PositionEligibility' });

const clean = <T extends { updatedAt?: unknown }>(row: T | undefined) => {
  const { updatedAt: _, ...rest } = row as T;
  return rest;
};

export const enrollmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id, locale: request.locale });

  app.post(
    '/',
    {
      config: { action: 'enrollment.apply' },
      schema: {
        summary: 'Apply for a position',
        description:
          'Accepted at once (or put to the organizer’s review) while places remain, waitlisted in order once full. ' +
          'A position the volunteer does not qualify for is refused (422) with every reason: a missing skill, course, ' +
          'language level, age or guardian’s consent, insurance, an overlapping shift or a working-time limit.',
        tags: ['enrollment'],
        body: ApplySchema,
        response: { 201: EnrollmentSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(clean(await service.apply(app.db, ctx(request), request.body.positionId))),
  );

  app.get(
    '/opportunities',
    {
      config: { action: ['project.browse', 'enrollment.apply'] },
      schema: {
        summary: 'Find activities to join',
        description:
          'Upcoming activities of projects that recruit: by dates, category, a skill a position asks for, words, and distance ' +
          '(`near=home` for the home community, or `lat`/`lng` from the phone), nearest first when a distance is asked for. ' +
          '`eligible=true` keeps only activities with a position I may apply for now.',
        tags: ['enrollment'],
        querystring: z.strictObject({
          from: DateTimeInput.optional(),
          to: DateTimeInput.optional(),
          category: z.string().max(40).optional(),
          skill: z.string().max(40).optional(),
          q: z.string().trim().max(50).optional(),
          near: z.enum(['home', 'here']).optional(),
          lat: z.coerce.number().min(-90).max(90).optional(),
          lng: z.coerce.number().min(-180).max(180).optional(),
          radiusKm: z.coerce.number().min(0.1).max(500).optional(),
          eligible: z.stringbool().optional(),
          ...PageQuery,
        }),
        response: { 200: z.array(OpportunitySchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const f = request.query;
      const near =
        f.near === 'home'
          ? ('home' as const)
          : f.near === 'here' && f.lat !== undefined && f.lng !== undefined
            ? { lat: f.lat, lng: f.lng }
            : undefined;
      return service.findActivities(app.db, ctx(request), {
        from: f.from,
        to: f.to,
        categoryCode: f.category,
        skill: f.skill,
        q: f.q,
        near,
        radiusKm: f.radiusKm,
        eligibleOnly: f.eligible,
        page: f.page,
        pageSize: f.pageSize,
      });
    },
  );

  app.get(
    '/mine',
    {
      config: { action: 'enrollment.apply' },
      schema: {
        summary: 'My applications for activities that have not ended',
        tags: ['enrollment'],
        response: { 200: z.array(MineSchema), ...errors(401) },
      },
    },
    async (request) => service.myEnrollments(app.db, requireActor(request)),
  );

  app.post(
    '/:id/cancel',
    {
      config: { action: 'enrollment.apply' },
      schema: {
        summary: 'Cancel my application (until the activity’s cancel deadline); the waitlist moves up',
        tags: ['enrollment'],
        params: IdParams,
        response: { 200: EnrollmentSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => clean(await service.cancelOwn(app.db, ctx(request), request.params.id)),
  );

  app.post(
    '/:id/decision',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'The organizer accepts, rejects, cancels or marks a no-show',
        description: 'Rejecting and cancelling need a reason; a no-show is marked once the activity has started.',
        tags: ['enrollment'],
        params: IdParams,
        body: DecisionSchema,
        response: { 200: EnrollmentSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => clean(await service.decide(app.db, ctx(request), request.params.id, request.body.event, request.body.reason)),
  );

  app.get(
    '/roster/:id',
    {
      config: { action: 'activity.read' },
      schema: {
        summary: 'An activity’s roster (contacts masked)',
        tags: ['enrollment'],
        params: IdParams,
        response: { 200: z.array(RosterSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => service.rosterOf(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/roster/:id/xlsx',
    {
      config: { action: 'activity.read' },
      schema: {
        summary: 'An activity’s roster as XLSX (contacts masked)',
        tags: ['enrollment'],
        params: IdParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const rows = await service.rosterOf(app.db, actor, request.params.id);
      const body = await rosterWorkbook(rows, request.locale);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="roster-${request.params.id}.xlsx"`)
        .send(body);
    },
  );

  app.get(
    '/eligibility/:id',
    {
      config: { action: 'enrollment.apply' },
      schema: {
        summary: 'For each position of an activity: may I apply, and if not, exactly why',
        tags: ['enrollment'],
        params: IdParams,
        response: {
          200: z.array(EligibilitySchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const list = await service.eligibility(app.db, ctx(request), request.params.id);
      return list.map((p) => ({
        positionId: p.positionId,
        eligible: p.eligible,
        reasons: p.reasons.map((r) => ({ rule: r.rule, message: translate(request.locale, r.messageKey, r.params) })),
      }));
    },
  );
};
