import { AREA_CODE_PATTERN, isWithinArea } from '../areas/area-code.ts';

/** Benefits (礼遇 / 积分兑换, issue 19): partners' offers, their review and who may take them. Pure. */
export const PARTNER_KINDS = ['shop', 'museum', 'transit', 'hospital', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** item: goods picked up; service: a service given; advantage: a star-based right checked on the spot (no points, no stock). */
export const OFFER_KINDS = ['item', 'service', 'advantage'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const OFFER_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const REDEMPTION_STATUSES = ['open', 'used', 'expired', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/** Days an unused code stays valid unless the offer says otherwise. */
export const DEFAULT_CODE_DAYS = 30;

export interface OfferTerms {
  kind: OfferKind;
  title: string;
  price: number;
  /** null: unlimited (advantages). */
  stock: number | null;
  perPersonLimit: number;
  minStars: number;
  /** The volunteer must belong to this area (a prefix of their area code); null: anyone. */
  areaPrefix: string | null;
  validFrom: string;
  validTo: string;
  codeDays: number;
}

export interface Issue {
  field: string;
  rule: string;
  params?: Record<string, string | number>;
}

const cents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** What is wrong with an offer's terms, field by field (the service names each in both languages). */
export function offerIssues(t: OfferTerms): Issue[] {
  const issues: Issue[] = [];
  if (!t.title.trim()) issues.push({ field: 'title', rule: 'required' });
  if (!(t.price >= 0 && t.price <= 100_000) || !cents(t.price)) issues.push({ field: 'price', rule: 'price' });
  if (t.stock !== null && !(Number.isInteger(t.stock) && t.stock >= 0)) issues.push({ field: 'stock', rule: 'stock' });
  if (!(Number.isInteger(t.perPersonLimit) && t.perPersonLimit >= 1)) issues.push({ field: 'perPersonLimit', rule: 'limit' });
  if (!(Number.isInteger(t.minStars) && t.minStars >= 0 && t.minStars <= 5)) issues.push({ field: 'minStars', rule: 'stars' });
  if (t.areaPrefix !== null && !AREA_CODE_PATTERN.test(t.areaPrefix)) issues.push({ field: 'areaPrefix', rule: 'area' });
  if (t.validTo < t.validFrom) issues.push({ field: 'validTo', rule: 'window' });
  if (!(Number.isInteger(t.codeDays) && t.codeDays >= 1 && t.codeDays <= 365)) issues.push({ field: 'codeDays', rule: 'codeDays' });
  // An advantage is a right shown on the spot: it costs nothing and cannot run out.
  if (t.kind === 'advantage' && (t.price !== 0 || t.stock !== null)) issues.push({ field: 'kind', rule: 'advantage' });
  if (t.kind !== 'advantage' && t.stock === null && t.price > 0) issues.push({ field: 'stock', rule: 'stockRequired' });
  return issues;
}

/** Who moves an offer where: the partner drafts, submits and withdraws; the office of its area approves or rejects. */
const TRANSITIONS: Record<'partner' | 'office', Partial<Record<OfferStatus, OfferStatus[]>>> = {
  partner: { draft: ['submitted', 'withdrawn'], rejected: ['submitted', 'withdrawn'], submitted: ['withdrawn'], approved: ['withdrawn'] },
  office: { submitted: ['approved', 'rejected'] },
};

export function canMove(by: 'partner' | 'office', from: OfferStatus, to: OfferStatus): boolean {
  return TRANSITIONS[by][from]?.includes(to) ?? false;
}

/** A partner edits its terms only before they are under review or in force (an approved offer is withdrawn and drafted anew). */
export const EDITABLE_STATUSES: OfferStatus[] = ['draft', 'rejected'];
export const isEditable = (status: OfferStatus) => EDITABLE_STATUSES.includes(status);

export interface Taker {
  stars: number;
  areaCode: string;
}

export interface OfferState {
  status: OfferStatus;
  validFrom: string;
  validTo: string;
  minStars: number;
  areaPrefix: string | null;
}

/**
 * Why a volunteer may not take an offer today (China date), first reason first: not approved,
 * out of its window, too few stars, outside its area. Empty: eligible.
 */
export function eligibilityIssues(offer: OfferState, who: Taker, today: string): Issue[] {
  const issues: Issue[] = [];
  if (offer.status !== 'approved') issues.push({ field: 'offer', rule: 'notApproved' });
  if (today < offer.validFrom || today > offer.validTo)
    issues.push({ field: 'offer', rule: 'window', params: { from: offer.validFrom, to: offer.validTo } });
  if (who.stars < offer.minStars) issues.push({ field: 'stars', rule: 'stars', params: { min: offer.minStars, have: who.stars } });
  if (offer.areaPrefix && !isWithinArea(who.areaCode, offer.areaPrefix))
    issues.push({ field: 'area', rule: 'area', params: { area: offer.areaPrefix } });
  return issues;
}

/** How near two areas are: the digits of the deepest level they share (12 same community … 4 same city, 0 none). */
export function nearness(a: string, b: string): number {
  for (const n of [12, 9, 6, 4]) if (a.length >= n && b.length >= n && a.slice(0, n) === b.slice(0, n)) return n;
  return 0;
}
