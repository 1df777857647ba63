import { toHalfWidth } from '../identity/text.ts';
import type { BeneficiaryKind } from '../requests/catalog.ts';

/**
 * What a volunteer may see of a person's address before being assigned (条例 Art 21: only what
 * the task needs): the street and compound, down to the building, but never the door.
 */
const BUILDING = /\d+\s*(?:号楼|幢|栋|座)/;
const LAST_NUMBER = /\d+(?=\D*$)/;

export function maskAddress(address: string): string {
  const s = toHalfWidth(address).trim();
  const building = BUILDING.exec(s);
  if (building) {
    const end = building.index + building[0].length;
    return /\d/.test(s.slice(end)) ? `${s.slice(0, end)} ***` : s;
  }
  // No building: the last number is the door (南山路 1 号 301 室 → 南山路 1 号 *** 室).
  return s.replace(LAST_NUMBER, (door) => '*'.repeat(Math.max(door.length, 3)));
}

export interface BeneficiaryFacts {
  kind: BeneficiaryKind;
  birthYear?: number | null;
  consentBy: 'self' | 'guardian' | 'office';
  hasPhone: boolean;
  hasContactPhone: boolean;
  hasAddress: boolean;
}

export interface RuleIssue {
  field: string;
  rule: string;
}

/** The oldest person on record is about 120; a birth year past this year is a typo. */
export const birthYearRange = (thisYear: number) => ({ min: thisYear - 120, max: thisYear });

/**
 * The record's own rules: someone must be able to reach them (a phone, a family contact's
 * phone or an address), a child in care is registered on a guardian's consent (PIPL Art 31),
 * and the birth year is a real one.
 */
export function beneficiaryIssues(facts: BeneficiaryFacts, thisYear: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!facts.hasPhone && !facts.hasContactPhone && !facts.hasAddress) issues.push({ field: 'phone', rule: 'reachable' });
  if (facts.kind === 'child_in_care' && facts.consentBy !== 'guardian') issues.push({ field: 'consentBy', rule: 'guardian' });
  if (facts.birthYear != null) {
    const { min, max } = birthYearRange(thisYear);
    if (facts.birthYear < min || facts.birthYear > max) issues.push({ field: 'birthYear', rule: 'range' });
  }
  return issues;
}
