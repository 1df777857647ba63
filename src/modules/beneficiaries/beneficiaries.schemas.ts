import { z } from 'zod';
import { BENEFICIARY_KINDS, CONSENT_GIVERS, REQUEST_CHANNELS, REQUEST_STATUSES } from '../../domain/requests/catalog.ts';
import { AreaCodeSchema } from '../../http/schemas.ts';
import { page } from '../../platform/pagination.ts';

const text = (max: number) => z.string().trim().max(max);

export const BeneficiarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(BENEFICIARY_KINDS),
    birthYear: z.number().int().nullable(),
    areaCode: z.string(),
    addressMasked: z.string().nullable().describe('Street and compound, down to the building; never the door'),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    phoneMasked: z.string().nullable(),
    contactName: z.string().nullable(),
    contactRelation: z.string().nullable(),
    contactPhoneMasked: z.string().nullable(),
    hasNotes: z.boolean().describe('Care notes are on file (sealed; read them through /pii)'),
    consentBy: z.enum(CONSENT_GIVERS),
    consentAt: z.iso.datetime(),
    stationId: z.string().nullable(),
    ownAccount: z.boolean().describe('Linked to a resident’s own account'),
    status: z.enum(['active', 'inactive']),
    createdAt: z.iso.datetime(),
    mayRevealPii: z.boolean(),
    mayEdit: z.boolean(),
  })
  .meta({ id: 'Beneficiary' });

export const BeneficiaryPageSchema = page(BeneficiarySchema).meta({ id: 'BeneficiaryPage' });

export const ServiceHistoryItemSchema = z
  .object({
    id: z.string(),
    beneficiaryId: z.string(),
    requestNo: z.string(),
    categoryCode: z.string(),
    categoryNameZh: z.string(),
    categoryNameEn: z.string(),
    date: z.iso.datetime().describe('Start of the requested window'),
    status: z.enum(REQUEST_STATUSES),
    channel: z.enum(REQUEST_CHANNELS),
    servedBy: z.array(z.string()).describe('Volunteers who served, names masked'),
    rating: z.number().int().nullable(),
  })
  .meta({ id: 'ServiceHistoryItem' });

export const BeneficiaryDetailSchema = BeneficiarySchema.extend({
  history: z.array(ServiceHistoryItemSchema).describe('Past requests, newest first (at most 20)'),
}).meta({ id: 'BeneficiaryDetail' });

export const BeneficiaryPiiSchema = z
  .object({
    phone: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'BeneficiaryPii' });

const Fields = {
  name: text(50).min(1),
  kind: z.enum(BENEFICIARY_KINDS),
  birthYear: z.number().int().nullable().optional().describe('Within the last 120 years'),
  areaCode: AreaCodeSchema.describe('Their community (12 digits)'),
  address: text(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  phone: text(30).nullable().optional().describe('Mobile number'),
  contactName: text(50).nullable().optional(),
  contactRelation: text(20).nullable().optional().describe('e.g. 女儿, 邻居'),
  contactPhone: text(30).nullable().optional().describe('A family contact’s mobile number'),
  notes: text(1000).nullable().optional().describe('Care needs (sealed)'),
  consentBy: z.enum(CONSENT_GIVERS).describe('A child in care needs a guardian’s consent'),
};

export const BeneficiaryCreateSchema = z
  .strictObject({
    ...Fields,
    consent: z.literal(true).describe('The person (or guardian) agreed to the record being kept'),
    stationId: z.uuid().nullable().optional().describe('The station registering a walk-in'),
  })
  .meta({ id: 'BeneficiaryCreate' });

export const BeneficiaryUpdateSchema = z.strictObject(Fields).partial().meta({ id: 'BeneficiaryUpdate' });
