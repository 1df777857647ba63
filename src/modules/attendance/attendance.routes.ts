import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CODE_TRIES, CODE_TRY_WINDOW_MS } from '../../domain/attendance/code-throttle.ts';
import { CHECKIN_METHODS } from '../../domain/attendance/methods.ts';
import { DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as review from './attendance.review.ts';
import * as service from './attendance.service.ts';

const ResultSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['in', 'out']),
    status: z
      .enum(['accepted', 'review', 'dismissed'])
      .describe('review: kept for the organizer, with its anomalies; dismissed: a repeat of one the organizer dismissed'),
    anomalies: z.array(z.string()).describe('outside_geofence, not_on_roster, two_places, over_12h, future, unknown_card, …'),
    duplicate: z.boolean().describe('The same key was sent before: this is that event'),
  })
  .meta({ id: 'AttendanceResult' });

const ScanResultSchema = ResultSchema.extend({
  volunteer: z
    .object({ name: z.string().describe('Masked: 张*明'), volunteerNo: z.string() })
    .nullable()
    .describe('Whom the card belongs to; null for a card of no volunteer (kept for review as unknown_card)'),
}).meta({ id: 'AttendanceScanResult' });

const Kind = z.enum(['in', 'out']).optional().describe('Left out: check in if not checked in, else check out');
const Key = z
  .string()
  .min(8)
  .max(80)
  .optional()
  .describe(
    'Idempotency key, the sender’s own: sent again with the same content it answers the first event (duplicate); with other content it is refused (409). Another person’s key is another event',
  );

const ActivityCodeSchema = z.object({ digits: z.string(), token: z.string(), expiresAt: z.date() }).meta({ id: 'ActivityCode' });

const ECardSchema = z.object({ name: z.string(), volunteerNo: z.string(), token: z.string(), expiresAt: z.date() }).meta({ id: 'ECard' });

const TodaySchema = z
  .object({
    activityId: z.string(),
    title: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    geofenceMeters: z.number().int(),
    checkinMethods: z.array(z.enum(CHECKIN_METHODS)),
    positionName: z.string(),
    state: z.enum(['none', 'in', 'out']).describe('From my latest accepted event'),
    lastAt: z.date().nullable(),
  })
  .meta({ id: 'TodayActivity' });

const CodeCheckinSchema = z
  .strictObject({
    token: z.string().max(200).optional(),
    activityId: z.uuid().optional(),
    digits: z.string().max(6).optional(),
    kind: Kind,
    key: Key,
  })
  .meta({ id: 'CodeCheckin' });

const HereCheckinSchema = z
  .strictObject({
    activityId: z.uuid(),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    kind: Kind,
    key: Key,
  })
  .meta({ id: 'GeofenceCheckin' });

const EcardScanSchema = z
  .strictObject({ activityId: z.uuid(), token: z.string().max(200), kind: Kind, key: Key })
  .meta({ id: 'ECardScan' });

const ManualSchema = z
  .strictObject({
    activityId: z.uuid(),
    volunteerId: z.uuid(),
    kind: z.enum(['in', 'out']),
    at: DateTimeInput,
    reason: z.string().trim().max(500),
  })
  .meta({ id: 'ManualAttendance' });

const ActivityReviewEventSchema = z
  .object({
    id: z.string(),
    volunteerId: z.string().nullable(),
    kind: z.enum(['in', 'out']),
    at: z.date(),
    channel: z.string(),
    anomalies: z.array(z.string()),
    cardRef: z.string().nullable(),
  })
  .meta({ id: 'ActivityReviewEvent' });

const ReviewEventSchema = z
  .object({
    id: z.string(),
    activityId: z.string().nullable(),
    activityTitle: z.string().nullable(),
    volunteerId: z.string().nullable(),
    volunteerName: z.string().nullable(),
    volunteerNo: z.string().nullable(),
    kind: z.enum(['in', 'out']),
    at: z.date(),
    receivedAt: z.date(),
    channel: z.string(),
    deviceName: z.string().nullable(),
    cardRef: z.string().nullable(),
    anomalies: z.array(z.string()),
    reason: z.string().nullable(),
  })
  .meta({ id: 'ReviewEvent' });

const ReviewDecisionSchema = z
  .strictObject({ accept: z.boolean(), note: z.string().trim().max(500).optional() })
  .meta({ id: 'ReviewDecision' });

const ReviewDecidedSchema = z.object({ id: z.string(), status: z.enum(['accepted', 'dismissed']) }).meta({ id: 'ReviewDecided' });

const SheetPersonSchema = z
  .object({
    enrollmentId: z.string(),
    volunteerId: z.string(),
    name: z.string(),
    volunteerNo: z.string(),
    position: z.string(),
    state: z.enum(['none', 'in', 'out']),
    lastAt: z.date().nullable(),
    inReview: z.number().int(),
    recordId: z.string().nullable(),
    recordStatus: z.enum(['pending', 'confirmed', 'rejected']).nullable(),
    checkInAt: z.date().nullable(),
    checkOutAt: z.date().nullable(),
    creditHours: z.number().nullable(),
    addedHours: z.number().nullable(),
  })
  .meta({ id: 'SheetPerson' });

const SheetSchema = z
  .object({
    activity: z.object({
      id: z.string(),
      title: z.string(),
      startsAt: z.date(),
      endsAt: z.date(),
      address: z.string(),
      organizationId: z.string(),
      checkinMethods: z.array(z.enum(CHECKIN_METHODS)),
    }),
    people: z.array(SheetPersonSchema),
  })
  .meta({ id: 'AttendanceSheet' });

/** Checking in and out (签到 / 签退) by every channel. Answers come only after the event is committed. */
export const attendanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/activity-code/:id',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'The activity’s current check-in code for the organizer’s screen (QR payload and 6 digits, every 30 s)',
        tags: ['attendance'],
        params: z.object({ id: z.uuid() }),
        response: { 200: ActivityCodeSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.activityCode(app.db, app.config, requireActor(request), request.params.id),
  );

  app.get(
    '/ecard',
    {
      config: { action: 'attendance.checkIn' },
      schema: {
        summary: 'My electronic volunteer card with its rotating QR payload',
        tags: ['attendance'],
        response: {
          200: ECardSchema,
          ...errors(401, 422),
        },
      },
    },
    async (request) => service.ecard(app.db, app.config, requireActor(request)),
  );

  app.get(
    '/today',
    {
      config: { action: 'attendance.checkIn' },
      schema: {
        summary: 'My accepted activities of today (in the city’s time), their check-in methods and whether I am checked in',
        tags: ['attendance'],
        response: {
          200: z.array(TodaySchema),
          ...errors(401),
        },
      },
    },
    async (request) => service.myToday(app.db, requireActor(request)),
  );

  app.post(
    '/code',
    {
      config: { action: 'attendance.checkIn' },
      schema: {
        summary: `Check in or out with the activity’s code: the scanned QR payload, or the activity and its 6 digits (after ${CODE_TRIES} wrong codes in ${CODE_TRY_WINDOW_MS / 60_000} minutes, typed codes are refused with 429 and Retry-After until the window has passed)`,
        tags: ['attendance'],
        body: CodeCheckinSchema,
        response: { 200: ResultSchema, ...errors(400, 401, 409, 422, 429) },
      },
    },
    async (request) => service.checkInWithCode(app.db, app.config, requireActor(request), request.body),
  );

  app.post(
    '/here',
    {
      config: { action: 'attendance.checkIn' },
      schema: {
        summary: 'Geofenced check-in or out from my phone’s position',
        tags: ['attendance'],
        body: HereCheckinSchema,
        response: { 200: ResultSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => service.checkInHere(app.db, requireActor(request), request.body),
  );

  app.post(
    '/ecard',
    {
      config: { action: ['activity.manage', 'attendance.scan', 'volunteer.readChild'] },
      schema: {
        summary: 'Scan a volunteer’s e-card (organizer or station keeper)',
        tags: ['attendance'],
        body: EcardScanSchema,
        response: { 200: ScanResultSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => service.scanEcard(app.db, app.config, requireActor(request), request.body),
  );

  app.post(
    '/manual',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'Enter a check-in or out by hand, with a reason (audited)',
        tags: ['attendance'],
        body: ManualSchema,
        response: { 200: ResultSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.manualEvent(app.db, ctx(request), request.body),
  );

  app.get(
    '/review/:id',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'An activity’s events kept for review, with their anomalies',
        tags: ['attendance'],
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.array(ActivityReviewEventSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => service.reviewEvents(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/review',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'An organization’s events kept for review (its activities’ and its card readers’ unmatched ones), oldest first',
        tags: ['attendance'],
        querystring: z.strictObject({ organizationId: z.uuid(), activityId: z.uuid().optional() }),
        response: {
          200: z.array(ReviewEventSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => review.reviewQueue(app.db, requireActor(request), request.query.organizationId, request.query.activityId),
  );

  app.post(
    '/review/:id/decision',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'Accept an event kept for review (it then counts) or dismiss it with a note (it is kept)',
        tags: ['attendance'],
        params: z.object({ id: z.uuid() }),
        body: ReviewDecisionSchema,
        response: { 200: ReviewDecidedSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => review.decideReviewEvent(app.db, ctx(request), request.params.id, request.body),
  );

  app.get(
    '/sheet/:id',
    {
      config: { action: 'activity.manage' },
      schema: {
        summary: 'An activity’s attendance sheet: the roster, who is checked in now, and each record’s hours',
        tags: ['attendance'],
        params: z.object({ id: z.uuid() }),
        response: {
          200: SheetSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => review.attendanceSheet(app.db, requireActor(request), request.params.id),
  );
};
