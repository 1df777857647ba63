import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../domain/identity/index.ts';
import { EDUCATION_LEVELS, LANGUAGE_LEVELS, POLITICAL_STATUSES, SCHOOL_TYPES, SEXES } from '../../domain/volunteers/registration.ts';
import { AreaCodeSchema } from '../../http/schemas.ts';
import { page } from '../../platform/pagination.ts';

const text = (max: number) => z.string().trim().max(max);

export const SkillClaimSchema = z
  .strictObject({
    code: z.string().min(1).max(40),
    certificateNo: text(60).nullable().optional(),
    expiresOn: z.iso.date().nullable().optional(),
  })
  .meta({ id: 'SkillClaim' });

export const LanguageSchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
      .describe('ISO 639 code: zh, en, ja …'),
    level: z.enum(LANGUAGE_LEVELS),
  })
  .meta({ id: 'LanguageClaim' });

/** The profile a volunteer keeps up to date (MCA 2020 measures, Art 5, plus what matching needs). */
export const ProfileFields = {
  politicalStatus: z.enum(POLITICAL_STATUSES).nullable().optional(),
  education: z.enum(EDUCATION_LEVELS).nullable().optional(),
  occupation: text(60).nullable().optional(),
  schoolName: text(100).nullable().optional(),
  schoolType: z.enum(SCHOOL_TYPES).nullable().optional(),
  cadre: z.boolean().optional().describe('A cadre (干部) of a party or government organ or public unit'),
  skills: z.array(SkillClaimSchema).max(30).optional(),
  languages: z.array(LanguageSchema).max(10).optional(),
  serviceCategories: z.array(z.string().min(1).max(40)).max(20).optional(),
  availability: z
    .number()
    .int()
    .min(0)
    .max(2 ** 21 - 1)
    .optional()
    .describe('21 bits: 7 days (Monday first) × morning, afternoon, evening'),
};

export const RegistrationFields = {
  name: text(50).min(1),
  docType: z.enum(DOCUMENT_TYPES),
  docNumber: z.string().trim().min(1).max(40),
  sex: z.enum(SEXES).nullable().optional().describe('Derived from a resident ID number; required for other documents'),
  birthDate: z.string().trim().max(20).nullable().optional().describe('Derived from a resident ID number; required for other documents'),
  phone: z.string().trim().min(1).max(20),
  areaCode: AreaCodeSchema.describe('The community (12 digits) of residence'),
  guardian: z
    .strictObject({ name: text(50), phone: z.string().trim().max(20), consent: z.boolean() })
    .nullable()
    .optional()
    .describe('Required under 18'),
  consent: z.boolean().describe('The person accepted the agreement and the personal-data rules'),
  ...ProfileFields,
};

const Membership = z
  .object({
    organizationId: z.string(),
    organizationName: z.string(),
    role: z.string(),
    status: z.string(),
    joinedAt: z.string().nullable(),
  })
  .meta({ id: 'VolunteerMembership' });

export const VolunteerDetailSchema = z
  .object({
    id: z.string(),
    volunteerNo: z.string(),
    status: z.string(),
    areaCode: z.string(),
    restricted: z.boolean().describe('A child under 14 shown to someone who need not see them: masked name only'),
    ageGroup: z.enum(['child', 'minor', 'adult']).nullable(),
    mayRevealPii: z.boolean(),
    mayEdit: z.boolean(),
    mayDeregister: z.boolean(),
    name: z.string(),
    sex: z.enum(SEXES).nullable(),
    birthDate: z.string().nullable(),
    age: z.number().int().nullable(),
    docType: z.string().nullable(),
    docMasked: z.string().nullable().describe('3301**********123X'),
    phoneMasked: z.string().nullable().describe('138****5678'),
    politicalStatus: z.string().nullable(),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    schoolName: z.string().nullable(),
    schoolType: z.string().nullable(),
    cadre: z.boolean(),
    skills: z.array(
      z.object({ code: z.string(), certificateNo: z.string().nullable().optional(), expiresOn: z.string().nullable().optional() }),
    ),
    languages: z.array(z.object({ code: z.string(), level: z.string() })),
    serviceCategories: z.array(z.string()),
    availability: z.number().int(),
    guardianName: z.string().nullable(),
    guardianPhoneMasked: z.string().nullable(),
    guardianConsentAt: z.string().nullable(),
    registeredVia: z.string(),
    createdAt: z.string(),
    organizations: z.array(Membership),
    sources: z.array(z.object({ source: z.string(), externalId: z.string(), firstSeenAt: z.string(), lastSeenAt: z.string() })),
  })
  .meta({ id: 'VolunteerDetail' });

export const VolunteerListItemSchema = z
  .object({
    id: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    sex: z.string().nullable(),
    age: z.number().int().nullable(),
    areaCode: z.string(),
    phoneMasked: z.string().nullable(),
    politicalStatus: z.string().nullable(),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    status: z.string(),
    restricted: z.boolean(),
  })
  .meta({ id: 'VolunteerListItem' });

/** A page of search results; the total is counted up to a cap (SEARCH_COUNT_CAP) rather than exactly. */
export const VolunteerPageSchema = page(VolunteerListItemSchema)
  .extend({
    total: z.number().int().describe('Matching volunteers, counted up to 10 000'),
    totalCapped: z.boolean().describe('More volunteers match than `total`: counting stopped there'),
  })
  .meta({ id: 'VolunteerPage' });

export const CreatedVolunteerSchema = z.object({ id: z.string(), volunteerNo: z.string() }).meta({ id: 'CreatedVolunteer' });

export const SelfRegistrationSchema = z
  .strictObject({ ...RegistrationFields, password: z.string().min(1).max(200) })
  .meta({ id: 'SelfRegistration' });
export const RegistrationSchema = z
  .strictObject({ ...RegistrationFields, organizationId: z.uuid().optional() })
  .meta({ id: 'VolunteerRegistration' });
export const VolunteerUpdateSchema = z
  .strictObject({ ...ProfileFields, areaCode: AreaCodeSchema.optional() })
  .meta({ id: 'VolunteerUpdate' });

export const VolunteerExportSchema = z
  .object({ exportedAt: z.string(), volunteer: z.record(z.string(), z.unknown()) })
  .meta({ id: 'VolunteerExport' });
export const VolunteerPiiSchema = z
  .object({ docNumber: z.string().nullable(), phone: z.string().nullable(), guardianPhone: z.string().nullable() })
  .meta({ id: 'VolunteerPii' });
