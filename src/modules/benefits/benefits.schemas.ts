import { z } from 'zod';
import { OFFER_KINDS, OFFER_STATUSES, PARTNER_KINDS, REDEMPTION_STATUSES } from '../../domain/benefits/offers.ts';
import { AreaCodeSchema } from '../../http/schemas.ts';

/** The benefits API's shapes, each registered by name (components.schemas). */

const DATE = z.iso.date().describe('YYYY-MM-DD, China time');
const POINTS = z.string().describe('Points, two decimals');

export const PartnerBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(PARTNER_KINDS),
  areaCode: AreaCodeSchema,
  address: z.string().trim().min(1).max(200),
  contact: z.string().trim().min(1).max(100).describe('Whom the office calls (a name and a number at the partner)'),
});

export const PartnerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(PARTNER_KINDS),
    areaCode: z.string(),
    address: z.string(),
    contact: z.string(),
    members: z.array(z.string()).describe('Display names of the accounts that act for it'),
    memberAccounts: z
      .array(z.object({ accountId: z.uuid(), displayName: z.string() }))
      .describe('The accounts that act for it, to unlink one'),
  })
  .meta({ id: 'BenefitPartner' });

export const OfferBody = z.strictObject({
  kind: z.enum(OFFER_KINDS),
  title: z.string().max(100),
  description: z.string().max(2000).default(''),
  price: z.number().describe('Points; 0 for a star-based advantage'),
  stock: z.number().int().nullable().describe('Units left; null = unlimited (advantages only)'),
  perPersonLimit: z.number().int().default(1),
  minStars: z.number().int().default(0),
  areaPrefix: z.string().nullable().default(null).describe('Only volunteers of this area (a code prefix); null = anyone'),
  validFrom: DATE,
  validTo: DATE,
  codeDays: z.number().int().default(30).describe('Days an unused code stays valid before it expires and refunds'),
});

export const OfferSchema = z
  .object({
    id: z.uuid(),
    partnerId: z.uuid(),
    areaCode: z.string(),
    kind: z.enum(OFFER_KINDS),
    title: z.string(),
    description: z.string(),
    price: POINTS,
    stock: z.number().int().nullable(),
    perPersonLimit: z.number().int(),
    minStars: z.number().int(),
    areaPrefix: z.string().nullable(),
    validFrom: DATE,
    validTo: DATE,
    codeDays: z.number().int(),
    status: z.enum(OFFER_STATUSES),
    reviewNote: z.string().nullable(),
  })
  .meta({ id: 'BenefitOffer' });

export const OfferViewSchema = OfferSchema.extend({
  partnerName: z.string(),
  partnerKind: z.enum(PARTNER_KINDS),
  address: z.string(),
}).meta({ id: 'BenefitOfferView' });

export const NearOfferSchema = OfferViewSchema.extend({
  nearness: z.number().int().describe('Digits of the deepest area level shared with me: 12 same community … 4 same city'),
  taken: z.number().int().describe('Codes of it I hold (open or used)'),
  eligible: z.boolean(),
  reasons: z.array(z.string()).describe('Why I may not take it, in my language'),
}).meta({ id: 'NearBenefitOffer' });

export const NearMeSchema = z
  .object({ stars: z.number().int(), balance: POINTS, areaCode: z.string(), offers: z.array(NearOfferSchema) })
  .meta({ id: 'BenefitsNearMe' });

export const RedeemedSchema = z
  .object({
    id: z.uuid(),
    offerId: z.uuid(),
    title: z.string(),
    price: POINTS,
    status: z.enum(REDEMPTION_STATUSES),
    code: z.string().describe('The one-time code, 10 digits (shown as QR and digits)'),
    expiresAt: z.string(),
  })
  .meta({ id: 'Redeemed' });

export const MyRedemptionSchema = z
  .object({
    id: z.uuid(),
    offerId: z.uuid(),
    title: z.string(),
    partnerName: z.string(),
    address: z.string(),
    price: POINTS,
    status: z.enum(REDEMPTION_STATUSES),
    createdAt: z.string(),
    expiresAt: z.string(),
    usedAt: z.string().nullable(),
    code: z.string().nullable().describe('Only while open'),
  })
  .meta({ id: 'MyRedemption' });

export const CodeBody = z.strictObject({ code: z.string().max(40).describe('10 digits, typed or scanned') });

export const CodeCheckSchema = z
  .object({
    id: z.uuid(),
    offerTitle: z.string(),
    offerKind: z.enum(OFFER_KINDS),
    price: POINTS,
    volunteerName: z.string().describe('Masked'),
    status: z.enum(REDEMPTION_STATUSES),
    createdAt: z.string(),
    expiresAt: z.string(),
    usedAt: z.string().nullable(),
  })
  .meta({ id: 'RedemptionCheck' });

export const AdvantageCheckSchema = z
  .object({
    eligible: z.boolean(),
    reason: z.string().describe('One answer for every person not eligible: no star level, no area'),
    volunteerName: z.string().nullable().describe('Masked; only for an eligible person'),
    volunteerNo: z.string(),
    offerTitle: z.string(),
  })
  .meta({ id: 'AdvantageCheck' });

const Counts = {
  issued: z.number().int(),
  used: z.number().int(),
  expired: z.number().int(),
  cancelled: z.number().int(),
  pointsIssued: POINTS,
  pointsRefunded: POINTS,
  pointsNet: POINTS,
};
export const StatementSchema = z
  .object({
    partner: z.object({ id: z.uuid(), name: z.string() }),
    month: z.string(),
    rows: z.array(z.object({ offerId: z.uuid(), title: z.string(), kind: z.enum(OFFER_KINDS), price: POINTS, ...Counts })),
    totals: z.object(Counts),
  })
  .meta({ id: 'BenefitStatement' });

export const MyOffersSchema = z
  .object({ partner: z.object({ id: z.uuid(), name: z.string(), areaCode: z.string() }), offers: z.array(OfferViewSchema) })
  .meta({ id: 'MyBenefitOffers' });

export const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .describe('YYYY-MM, China month'),
});
