import { toHalfWidth } from './text.ts';

/**
 * Mainland mobile numbers and masked display of contact and document numbers. Lists,
 * exports and audit views show masked values: GB/T 35273-2020 asks that personal
 * information be shown no more fully than the viewer's task needs.
 */

// Spaces, ASCII and Unicode dashes, parentheses, and the invisible characters pasted with them.
const SEPARATORS = /[\s\-\u2010-\u2015()\u200B-\u200D\uFEFF]/g;
// +86 / 0086 / 86 are China's ITU-T E.164 country code; mobile numbers themselves start with 1.
const COUNTRY_PREFIX = /^(?:\+86|0086|86)(?=1\d{10}$)/;
// MIIT numbering plan: mobile numbers are 11 digits, 13x–19x.
const MOBILE = /^1[3-9]\d{9}$/;

export function normalizeMobile(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const digits = toHalfWidth(input).replace(SEPARATORS, '').replace(COUNTRY_PREFIX, '');
  return MOBILE.test(digits) ? digits : undefined;
}

function mask(value: string, keepStart: number, keepEnd: number): string {
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(value.length - keepEnd);
}

/** '13812345678' → '138****5678': the carrier prefix and last four are enough to recognise it. */
export function maskMobile(mobile: string): string {
  return mask(mobile, 3, 4);
}

/**
 * First and last four characters of an ID number ('3301**********123X'); documents shorter
 * than 9 characters keep the first character and the last two, so most of a short number stays hidden.
 */
export function maskIdNumber(value: string): string {
  return value.length < 9 ? mask(value, 1, 2) : mask(value, 4, 4);
}
