import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as invitations from './invitations.service.ts';
import * as service from './matching.service.ts';
import * as reach from './reach.service.ts';

const ReasonSchema = z
  .object({
    code: z
      .string()
      .describe(
        'Stable: distance, skills, available, notUsuallyAvailable, speaks, noLanguage, rating, noRatingYet, recentlyAssigned, rested, orgServed, covers, stationDistance',
      ),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    text: z.string().describe('The reason in the reader’s language'),
  })
  .meta({ id: 'MatchReason' });

const VolunteerSuggestionSchema = z
  .object({
    volunteerId: z.string(),
    name: z.string(),
    volunteerNo: z.string(),
    distanceKm: z.number(),
    score: z.number(),
    reasons: z.array(ReasonSchema),
  })
  .meta({ id: 'VolunteerSuggestion' });

const SuggestionsSchema = z
  .object({
    volunteers: z.array(VolunteerSuggestionSchema).describe('Best first; nobody over a working-time limit'),
    organizations: z.array(
      z.object({
        organizationId: z.string(),
        name: z.string(),
        areaCode: z.string(),
        served: z.number().int(),
        ratingAvg: z.number().nullable(),
        score: z.number(),
        reasons: z.array(ReasonSchema),
      }),
    ),
    stations: z.array(
      z.object({ stationId: z.string(), name: z.string(), address: z.string(), distanceKm: z.number(), reasons: z.array(ReasonSchema) }),
    ),
  })
  .meta({ id: 'RequestSuggestions' });

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const ReachFields = {
  lat: z.number().min(-90).max(90).nullable().describe('My own position; null: my home community’s centroid'),
  lng: z.number().min(-180).max(180).nullable(),
  requestsOptIn: z.boolean().describe('Show me requests nearby and suggest me for them'),
  emergencyOptIn: z.boolean().describe('Call me for emergencies'),
  invitationsOptIn: z.boolean().describe('Organizers may invite me to positions'),
  quietFrom: HHMM.nullable().describe('Quiet hours start, China time (22:00); no invitation is sent in them'),
  quietTo: HHMM.nullable().describe('Quiet hours end (07:00); before the start wraps past midnight'),
  weeklyInvitationCap: z.number().int().min(0).max(50),
  weeklyTakeCap: z.number().int().min(0).max(50).describe('Requests I may take myself in a week'),
};
const ReachSchema = z
  .object({
    ...ReachFields,
    home: z.object({ areaCode: z.string(), areaName: z.string().nullable(), lat: z.number().nullable(), lng: z.number().nullable() }),
    cityCaps: z.object({ weeklyInvitationCap: z.number().int(), weeklyTakeCap: z.number().int() }),
  })
  .meta({ id: 'VolunteerReach' });
const ReachUpdateSchema = z.strictObject(ReachFields).meta({ id: 'VolunteerReachUpdate' });

const NearbyRequestSchema = z
  .object({
    id: z.string(),
    requestNo: z.string(),
    categoryCode: z.string(),
    categoryZh: z.string(),
    categoryEn: z.string(),
    areaCode: z.string(),
    placeMasked: z.string().nullable(),
    windowStart: z.date(),
    windowEnd: z.date(),
    urgency: z.string(),
    headcount: z.number().int(),
    assigned: z.number().int(),
    skills: z.array(z.string()),
    km: z.number().describe('From my position to the community centre of the place, by half kilometres'),
  })
  .describe('What the task needs, nothing of the person (条例 Art 21): the notes are read once assigned')
  .meta({ id: 'NearbyRequest' });

const CandidatesSchema = z
  .object({
    position: z.object({ positionId: z.string(), positionName: z.string(), activityId: z.string(), title: z.string() }),
    volunteers: z.array(VolunteerSuggestionSchema.extend({ invited: z.boolean() })),
  })
  .meta({ id: 'InvitationCandidates' });

const SendSchema = z.strictObject({ volunteerIds: z.array(z.uuid()).min(1).max(200) }).meta({ id: 'InvitationsSend' });
const SentSchema = z
  .object({
    sent: z.array(z.object({ volunteerId: z.string(), invitationId: z.string() })),
    held: z
      .array(
        z.object({
          volunteerId: z.string(),
          invitationId: z.string(),
          name: z.string(),
          deliverAt: z.date(),
          text: z.string(),
        }),
      )
      .describe('Stored and delivered when the volunteer’s quiet hours end (at deliverAt)'),
    skipped: z.array(
      z.object({
        volunteerId: z.string(),
        name: z.string(),
        reason: z.enum(['optedOut', 'quietHours', 'weeklyCap', 'alreadyInvited', 'notFound']),
        text: z.string(),
      }),
    ),
  })
  .meta({ id: 'InvitationsSent' });

const InvitationSchema = z
  .object({
    id: z.string(),
    status: z.enum(['sent', 'accepted', 'declined', 'expired']),
    sentAt: z.date(),
    respondedAt: z.date().nullable(),
    positionId: z.string(),
    positionName: z.string(),
    activityId: z.string(),
    title: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    address: z.string(),
    organizationName: z.string(),
  })
  .meta({ id: 'Invitation' });

const ResponseSchema = z.strictObject({ response: z.enum(['accept', 'decline']) }).meta({ id: 'InvitationResponse' });
const RespondedSchema = z
  .object({
    id: z.string(),
    status: z.enum(['accepted', 'declined']),
    enrollment: z.object({ id: z.string(), status: z.string() }).nullable(),
  })
  .meta({ id: 'InvitationResponded' });

const IdParams = z.object({ id: z.uuid() });

export const matchingRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id, locale: request.locale });

  app.get(
    '/volunteers/me/reach',
    {
      config: { action: 'volunteer.updateReach' },
      schema: {
        summary: 'Where I can be reached from and what I opt into',
        tags: ['matching'],
        response: { 200: ReachSchema, ...errors(401, 422) },
      },
    },
    async (request) => reach.getReach(app.db, requireActor(request)),
  );

  app.put(
    '/volunteers/me/reach',
    {
      config: { action: 'volunteer.updateReach' },
      schema: {
        summary: 'Change my reach: position, opt-ins, quiet hours, weekly caps',
        tags: ['matching'],
        body: ReachUpdateSchema,
        response: { 200: ReachSchema, ...errors(400, 401, 422) },
      },
    },
    async (request) => reach.updateReach(app.db, ctx(request), request.body),
  );

  app.get(
    '/requests/nearby',
    {
      config: { action: 'request.take' },
      schema: {
        summary: 'Published requests near me asking only for skills I have, nearest first',
        tags: ['matching'],
        querystring: z.strictObject({
          radiusKm: z.coerce.number().min(0.5).max(service.NEARBY_RADIUS_KM.max).default(service.NEARBY_RADIUS_KM.default),
        }),
        response: { 200: z.array(NearbyRequestSchema), ...errors(400, 401, 422) },
      },
    },
    async (request) => service.nearbyRequests(app.db, requireActor(request), request.query.radiusKm),
  );

  app.get(
    '/requests/:id/suggestions',
    {
      config: { action: 'match.suggest' },
      schema: {
        summary: 'Who could serve a request: volunteers, organizations and stations, each saying why',
        tags: ['matching'],
        params: IdParams,
        querystring: z.strictObject({
          radiusKm: z.coerce.number().min(0.5).max(50).default(10),
          language: z.string().trim().min(2).max(10).optional().describe('A language the person served speaks (en, ja …)'),
          take: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: { 200: SuggestionsSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.suggestForRequest(app.db, requireActor(request), request.locale, request.params.id, request.query),
  );

  app.get(
    '/positions/:id/invitation-candidates',
    {
      config: { action: 'invitation.send' },
      schema: {
        summary: 'The volunteers the matcher finds for a position (opted into invitations), best first',
        tags: ['matching'],
        params: IdParams,
        querystring: z.strictObject({ take: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: CandidatesSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const found = await service.invitationCandidates(
        app.db,
        requireActor(request),
        request.locale,
        request.params.id,
        request.query.take,
      );
      return { position: found.position, volunteers: found.volunteers };
    },
  );

  app.post(
    '/positions/:id/invitations',
    {
      config: { action: 'invitation.send' },
      schema: {
        summary: 'Invite volunteers to a position; those opted out, at their weekly cap or in quiet hours are skipped with the reason',
        tags: ['matching'],
        params: IdParams,
        body: SendSchema,
        response: { 200: SentSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => invitations.sendInvitations(app.db, ctx(request), request.params.id, request.body.volunteerIds),
  );

  app.get(
    '/invitations',
    {
      config: { action: 'invitation.respond' },
      schema: {
        summary: 'My invitations, newest first',
        tags: ['matching'],
        response: { 200: z.array(InvitationSchema), ...errors(401, 422) },
      },
    },
    async (request) => invitations.myInvitations(app.db, requireActor(request)),
  );

  app.post(
    '/invitations/:id/response',
    {
      // Accepting applies for the position: the enrollment service checks its own action.
      config: { action: ['invitation.respond', 'enrollment.apply'] },
      schema: {
        summary: 'Accept (applies for the position, every eligibility rule applies) or decline an invitation',
        tags: ['matching'],
        params: IdParams,
        body: ResponseSchema,
        response: { 200: RespondedSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => invitations.respondInvitation(app.db, ctx(request), request.params.id, request.body.response),
  );
};
