import { cleanCode } from './text.ts';

/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: registering authority (1),
 * organization type (1), administrative division (6, GB/T 2260), organization code (9) and a
 * check character (1). Organizations and partners are identified by it.
 */

// 31 characters: the digits and the capitals without I, O, Z, S and V, which are too easily
// read as 1, 0, 2, 5 and U.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Weight of position i is 3^i mod 31; 31 is prime, so every single substitution is caught.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const PATTERN = new RegExp(`^[${CHARSET}]{18}$`);

export type UsccResult = { ok: true; value: string; areaCode: string } | { ok: false; rule: 'format' | 'checksum' };

/** The 18th character for 17 code characters. Throws when `first17` is not 17 such characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('need 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`not a code character: ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  // GB 32100-2015: C18 = 31 − (Σ mod 31), and a result of 31 is written as 0.
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** A valid code for tests and demo data. */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

export function validateUscc(input: string): UsccResult {
  const value = cleanCode(input);
  if (!PATTERN.test(value)) return { ok: false, rule: 'format' };
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, rule: 'checksum' };
  return { ok: true, value, areaCode: value.slice(2, 8) };
}
