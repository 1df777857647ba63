import { toHalfWidth } from '../identity/text.ts';
import type { BeneficiaryKind } from '../requests/catalog.ts';

// Numbers typed as Chinese numerals (三幢三零一室) are numbers too; one that names the road or the
// compound (文三路, 翠苑一区) is not a door.
const NUMERAL = '\\d零一二三四五六七八九十百千两〇';
const BUILDING = new RegExp(`[${NUMERAL}]+\\s*(?:号楼|幢|栋|座)`);
const NUMBERS = new RegExp(`[${NUMERAL}]+`, 'g');
const NAMED_BY_NUMBER = /^[路街巷道村区]/;
const HAS_NUMBER = new RegExp(`[${NUMERAL}]`);

/**
 * The beneficiary record's masked address, for the offices' lists: the street and compound, down
 * to the building, but never the door. A volunteer before assignment sees less: the road only
 * (src/domain/requests/place-mask.ts).
 */
export function maskAddress(address: string): string {
  const s = toHalfWidth(address).trim();
  const building = BUILDING.exec(s);
  if (building) {
    const end = building.index + building[0].length;
    return HAS_NUMBER.test(s.slice(end)) ? `${s.slice(0, end)} ***` : s;
  }
  // No building: the last number is the door (南山路 1 号 301 室 → 南山路 1 号 *** 室).
  const door = [...s.matchAll(NUMBERS)].filter((m) => !NAMED_BY_NUMBER.test(s.slice((m.index ?? 0) + m[0].length))).pop();
  if (!door) return s;
  const at = door.index ?? 0;
  return `${s.slice(0, at)}${'*'.repeat(Math.max(door[0].length, 3))}${s.slice(at + door[0].length)}`;
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
