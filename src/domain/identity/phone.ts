import { toHalfWidth } from './text.ts';

/** Mainland mobile numbers (their masked display is src/platform/masking.ts). */

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
