import { z } from 'zod';
import { AWARD_KINDS, NOMINATORS } from '../../domain/honours/awards.ts';

/** The award rounds' API shapes, each registered by name (OpenAPI components). */

const DATE = z.iso.date().describe('YYYY-MM-DD, China time');
const Criterion = z.object({
  name: z.string().max(40),
  nameEn: z.string().max(80),
  weight: z.number().describe('Relative weight; the ranking is the weighted mean'),
});

export const NewRoundSchema = z
  .strictObject({
    areaCode: z
      .string()
      .regex(/^\d{4}(\d{2})?$/)
      .describe('The office’s own area: the city (4 digits) or a district (6)'),
    kind: z
      .enum(AWARD_KINDS)
      .describe(
        'volunteer: 最美志愿者; organization: 优秀志愿服务组织; project: 优秀志愿服务项目; named: the city’s own award to volunteers',
      ),
    year: z.number().int(),
    titleZh: z.string().max(80),
    titleEn: z.string().max(160),
    quota: z.number().int(),
    minHours: z.number().describe('Cumulative confirmed hours a volunteer needs (as for stars); 0 for none'),
    nominators: z.array(z.enum(NOMINATORS)).max(2),
    nominationDeadline: DATE,
    scale: z.number().int().describe('Scores out of 10 or 100'),
    criteria: z.array(Criterion).max(10),
  })
  .meta({ id: 'NewAwardRound' });

export const RoundSchema = z
  .object({
    id: z.uuid(),
    areaCode: z.string(),
    kind: z.enum(AWARD_KINDS),
    year: z.number().int(),
    titleZh: z.string(),
    titleEn: z.string(),
    quota: z.number().int(),
    minHours: z.number(),
    nominators: z.array(z.string()),
    nominationDeadline: DATE,
    scale: z.number().int(),
    criteria: z.array(Criterion),
    status: z.enum(['open', 'notice', 'finalized']),
    publishedOn: DATE.nullable(),
    noticeEndsOn: DATE.nullable().describe('The notice’s last day (objections taken through it)'),
    finalizedOn: DATE.nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'AwardRound' });

export const RoundListSchema = z
  .array(
    RoundSchema.extend({
      nominees: z.number().int(),
      openObjections: z.number().int(),
      manages: z.boolean().describe('The actor’s office runs this round (else it may nominate in it)'),
    }),
  )
  .meta({ id: 'AwardRounds' });

const NomineeSchema = z.object({
  id: z.uuid(),
  subjectType: z.enum(['volunteer', 'organization', 'project']),
  subjectId: z.uuid(),
  name: z.string(),
  volunteerNo: z.string().nullable(),
  organizationName: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['nominated', 'selected', 'removed', 'awarded']),
  createdAt: z.date(),
  eligible: z.boolean().nullable().describe('Today; null for a nominator’s view'),
  because: z.array(z.enum(['hours', 'barred'])).describe('Why not eligible (offices only)'),
  hours: z.number().nullable(),
  barredUntil: DATE.nullable().describe('The first day a sanction lets them be awarded (offices only)'),
  score: z.number().nullable().optional().describe('Mean over reviewers of each one’s weighted mean'),
  rank: z.number().int().nullable().optional(),
  reviewers: z.number().int().optional(),
  myScores: z.array(z.number()).nullable().optional(),
});

const ObjectionSchema = z.object({
  id: z.uuid(),
  nomineeId: z.uuid(),
  nomineeName: z.string(),
  reason: z.string(),
  contactMasked: z.string(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  resolution: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const RoundDetailSchema = z
  .object({
    round: RoundSchema,
    manages: z.boolean(),
    nominees: z.array(NomineeSchema),
    objections: z.array(ObjectionSchema).optional().describe('Offices only'),
  })
  .meta({ id: 'AwardRoundDetail' });

export const NominationSchema = z
  .strictObject({
    subjectId: z.uuid().describe('The volunteer, organization or project, by the round’s kind'),
    reason: z.string().max(1000),
    organizationId: z.uuid().optional().describe('Nominating as this organization; absent: as an office'),
  })
  .meta({ id: 'AwardNomination' });

export const ScoresSchema = z
  .strictObject({ scores: z.array(z.number()).max(10).describe('One per criterion, in order, 0 to the round’s scale') })
  .meta({ id: 'AwardScores' });

export const SelectionSchema = z.strictObject({ nomineeIds: z.array(z.uuid()).max(500) }).meta({ id: 'AwardSelection' });

export const ResolutionSchema = z
  .strictObject({
    outcome: z.enum(['upheld', 'dismissed']),
    reason: z.string().max(500),
    allOfNominee: z
      .boolean()
      .optional()
      .describe('dismissed: dismiss every other open objection to the same nominee too, with the same reason (a flood of repeats)'),
  })
  .meta({ id: 'AwardObjectionResolution' });

export const ObjectionBodySchema = z
  .strictObject({
    reason: z.string().max(1000),
    contact: z.string().max(80).describe('A phone number or e-mail; sealed, shown to the office masked'),
  })
  .meta({ id: 'NewAwardObjection' });

const PublicRound = z.object({
  id: z.uuid(),
  kind: z.enum(AWARD_KINDS),
  year: z.number().int(),
  titleZh: z.string(),
  titleEn: z.string(),
  areaCode: z.string(),
  publishedOn: DATE.nullable(),
  noticeEndsOn: DATE.nullable(),
  finalizedOn: DATE.nullable(),
  entries: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      name: z.string(),
      organization: z.string().nullable(),
    }),
  ),
});

export const PublicNoticesSchema = z.array(PublicRound.extend({ objectionsOpen: z.boolean() })).meta({ id: 'AwardNotices' });
export const HonoursRollSchema = z.array(PublicRound).meta({ id: 'HonoursRoll' });

export const MyHonoursSchema = z
  .object({
    totalHours: z.number(),
    stars: z.number().int(),
    awards: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        titleEn: z.string().nullable(),
        year: z.number().int(),
        grantedOn: DATE,
        grantedByArea: z.string(),
      }),
    ),
  })
  .meta({ id: 'MyHonours' });
