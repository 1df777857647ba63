import { z } from 'zod';
import { BENEFICIARY_KINDS, REQUEST_CHANNELS, REQUEST_STATUSES, REQUEST_URGENCIES } from '../../domain/requests/catalog.ts';
import { REQUEST_ACTIONS } from '../../domain/requests/lifecycle.ts';
import { AreaCodeSchema, DateTimeInput } from '../../http/schemas.ts';
import { page } from '../../platform/pagination.ts';

const instant = z.date();

export const GuardWarningSchema = z
  .object({
    rule: z.string().describe('perDay | perWeek'),
    count: z.number().int().describe('Services in the period, this one included'),
    limit: z.number().int(),
    period: z.string().describe('The China date, or the Monday of the week'),
  })
  .meta({ id: 'RequestGuardWarning' });

export const ServiceRequestSchema = z
  .object({
    id: z.string(),
    requestNo: z.string(),
    status: z.enum(REQUEST_STATUSES),
    categoryCode: z.string(),
    categoryName: z.string(),
    areaCode: z.string(),
    placeMasked: z.string().nullable().describe('Street and compound only'),
    place: z.string().nullable().describe('The full place: only for the person themselves, and while the service is on, for those serving'),
    windowStart: instant,
    windowEnd: instant,
    urgency: z.enum(REQUEST_URGENCIES),
    headcount: z.number().int(),
    skills: z.array(z.string()),
    notes: z.string(),
    channel: z.enum(REQUEST_CHANNELS),
    escalationLevel: z.number().int().describe('0 community, 1 street, 2 district, 3 city'),
    escalatedAt: instant.nullable(),
    triageDueAt: instant,
    assignDueAt: instant,
    overdue: z.boolean(),
    publishedAt: instant.nullable(),
    organizationId: z.string().nullable(),
    organizationName: z.string().nullable(),
    stationId: z.string().nullable(),
    activityId: z.string().nullable().describe('The shift the request became'),
    beneficiary: z
      .object({ id: z.string(), name: z.string(), kind: z.enum(BENEFICIARY_KINDS), phone: z.string().nullable() })
      .nullable()
      .describe('null once the service is over, for a volunteer'),
    rating: z.number().int().nullable(),
    ratingComment: z.string().nullable(),
    createdAt: instant,
    guardWarnings: z.array(GuardWarningSchema),
    mergedInto: z.object({ id: z.string(), requestNo: z.string() }).nullable(),
    notice: z.string().nullable().optional().describe('Why the answer is not a plain creation (a merge)'),
  })
  .meta({ id: 'ServiceRequest' });

export const ServiceRequestPageSchema = page(ServiceRequestSchema).meta({ id: 'ServiceRequestPage' });

export const ServiceRequestDetailSchema = ServiceRequestSchema.extend({
  events: z.array(
    z.object({
      kind: z.string(),
      fromStatus: z.enum(REQUEST_STATUSES).nullable(),
      toStatus: z.enum(REQUEST_STATUSES).nullable(),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      at: instant,
      actorName: z.string().nullable(),
    }),
  ),
  assignments: z.array(z.object({ volunteerId: z.string(), name: z.string(), volunteerNo: z.string(), via: z.string(), at: instant })),
  mayActions: z.array(z.enum(REQUEST_ACTIONS)).describe('The steps this viewer may take now'),
}).meta({ id: 'ServiceRequestDetail' });

const text = (max: number) => z.string().trim().max(max);

export const ServiceRequestCreateSchema = z
  .strictObject({
    beneficiaryId: z.uuid(),
    categoryCode: z.string().min(1).max(40),
    windowStart: DateTimeInput,
    windowEnd: DateTimeInput,
    urgency: z.enum(REQUEST_URGENCIES).optional(),
    headcount: z.number().int().min(1).max(100).optional(),
    skills: z.array(z.string().min(1).max(40)).max(20).optional(),
    notes: text(500).optional(),
    place: z
      .strictObject({
        address: text(200).min(1),
        areaCode: AreaCodeSchema.optional(),
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
      })
      .optional()
      .describe("Default: the beneficiary's address"),
    channel: z.enum(REQUEST_CHANNELS),
    stationId: z.uuid().optional(),
    callId: z.uuid().optional().describe('The hotline call it was taken on'),
    guardOverrideReason: text(500).optional().describe('Needed (4 characters at least) to go past a blocking over-service guard; audited'),
    payInCredits: z
      .boolean()
      .optional()
      .describe(
        "Paid in the raiser's time credits: window hours × headcount are held at raising (the raiser must be a volunteer holding them)",
      ),
  })
  .meta({ id: 'ServiceRequestCreate' });

export const TransitionSchema = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('triage'),
      organizationId: z.uuid().describe('Active, and covering the area or hosting the station'),
      urgency: z.enum(REQUEST_URGENCIES).optional(),
      headcount: z.number().int().min(1).max(100).optional(),
    }),
    z.strictObject({
      action: z.literal('assign'),
      volunteerIds: z.array(z.uuid()).min(1).max(100),
      guardOverrideReason: text(500).optional(),
    }),
    z.strictObject({ action: z.enum(['publish', 'start', 'done', 'close']) }),
    z.strictObject({ action: z.literal('cancel'), reason: text(500) }),
  ])
  .meta({ id: 'ServiceRequestTransition' });

export const RatingSchema = z
  .strictObject({ rating: z.number().int().min(1).max(5), comment: text(500).optional() })
  .meta({ id: 'ServiceRequestRating' });

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const ListQuery = {
  status: z.enum(REQUEST_STATUSES).optional(),
  overdue: flag.describe('Not triaged or not assigned in time'),
  escalated: flag.describe('Climbed to a higher office'),
  lowRated: flag.describe('Rated 2 or less'),
  categoryCode: z.string().max(40).optional(),
  within: AreaCodeSchema.optional(),
  beneficiaryId: z.uuid().optional(),
  mine: flag.describe("Only my own (a resident's) requests"),
};
