import { cleanCode } from './text.ts';

/**
 * The public volunteer number, printed on certificates and read out over the phone in place
 * of the ID number (PIPL Art 6: collect and show no more than the purpose needs):
 * 'V' + 4-digit city code + 8-digit sequence + 1 Damm check digit.
 */

// Damm's weakly totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004). Running the
// digits through it catches every single-digit error and every adjacent transposition, which
// the Luhn check misses for 09 ↔ 90.
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

const MAX_SEQUENCE = 99_999_999;
const PATTERN = /^V\d{13}$/;

/** The Damm interim digit of a digit string; appended as a check digit it brings the total to 0. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const d of digits) interim = DAMM[interim][Number(d)];
  return interim;
}

export function formatVolunteerNo(cityCode: string, sequence: number): string {
  if (!/^\d{4}$/.test(cityCode)) throw new RangeError('city code must be 4 digits');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > MAX_SEQUENCE) throw new RangeError('sequence out of range');
  const body = cityCode + String(sequence).padStart(8, '0');
  return `V${body}${dammDigit(body)}`;
}

/** The canonical number ('v 3301 …' → 'V3301…'), or undefined when it is malformed or fails its check. */
export function normalizeVolunteerNo(s: string): string | undefined {
  const value = cleanCode(s);
  return PATTERN.test(value) && dammDigit(value.slice(1)) === 0 ? value : undefined;
}

export function isValidVolunteerNo(s: string): boolean {
  return normalizeVolunteerNo(s) !== undefined;
}
