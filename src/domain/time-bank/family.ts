import { ageOn } from '../identity/dates.ts';

/**
 * Who a volunteer's time credits may go to (时间银行转赠). Nanjing's time bank: credits are used by
 * the depositor, their spouse, or relatives aged 60 and over; the relationship is recorded by the
 * volunteer and confirmed by an office of their area. Age is counted on the transfer's China day
 * from the birth date in the relative's resident ID number (GB 11643, digits 7–14).
 */
export const RELATIONS = ['spouse', 'parent', 'parent_in_law', 'grandparent', 'child', 'grandchild', 'sibling'] as const;
export type Relation = (typeof RELATIONS)[number];

/** ended: by the volunteer; revoked: by an office of the area, with a reason. Both kept for the record. */
export const RELATION_STATUSES = ['pending', 'confirmed', 'rejected', 'ended', 'revoked'] as const;
export type RelationStatus = (typeof RELATION_STATUSES)[number];

/** Relationships one account may record (or try to) in a day: the registry lookup is not an oracle (review 2026-12). */
export const FAMILY_RECORDS_PER_DAY = 10;

/** Nanjing: relatives other than a spouse receive credits from this age on. */
export const TRANSFER_MIN_AGE = 60;

export interface TransferFacts {
  fromVolunteerId: string;
  toVolunteerId: string;
  /** The recorded relationship between them, if any (from → to). */
  relation?: { relation: Relation; status: RelationStatus; birthDate: string };
  /** The transfer's China day (YYYY-MM-DD). */
  today: string;
}

export type TransferRefusal = 'self' | 'notFamily' | 'ended' | 'notConfirmed' | 'under60';

/** Why a transfer may not go ahead, or null: never to oneself, only along a confirmed relationship, to a spouse or a relative 60+. */
export function transferRefusal(f: TransferFacts): TransferRefusal | null {
  if (f.fromVolunteerId === f.toVolunteerId) return 'self';
  if (!f.relation) return 'notFamily';
  if (f.relation.status === 'ended' || f.relation.status === 'revoked') return 'ended';
  if (f.relation.status !== 'confirmed') return 'notConfirmed';
  if (f.relation.relation !== 'spouse' && ageOn(f.relation.birthDate, f.today) < TRANSFER_MIN_AGE) return 'under60';
  return null;
}

export type AmountRule = 'positive' | 'cents' | 'max';
/** The most one operation moves (the ledger's numeric(14,2) holds far more; a typo guard). */
export const MAX_CREDITS_MOVED = 100_000;

/**
 * An amount of credits moved by a person: a whole number of cents from 0.01, within the guard. Null when
 * fine. Exact, not within a tolerance: 1e-9 once passed and rounded to 0.00 against the ledger's CHECK
 * (a 500). A JSON decimal with two places at most is the double nearest it, so it survives toFixed(2).
 */
export function amountRule(amount: number): AmountRule | null {
  if (!Number.isFinite(amount) || amount <= 0) return 'positive';
  if (amount > MAX_CREDITS_MOVED) return 'max';
  if (Number(amount.toFixed(2)) !== amount) return 'cents';
  return null;
}
