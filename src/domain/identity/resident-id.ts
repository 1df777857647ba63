import { isRealDate } from './dates.ts';
import { cleanCode } from './text.ts';

/**
 * Citizen identity numbers, GB 11643-1999: 6-digit area of first registration (GB/T 2260),
 * 8-digit birth date, 3-digit sequence whose last digit is odd for men and even for women,
 * and an ISO 7064 MOD 11-2 check character.
 */

export type IdRule = 'format' | 'checksum' | 'birth_date' | 'area';
export type Sex = 'male' | 'female';
export type IdResult = { ok: true; value: string; birthDate: string; sex: Sex; areaCode: string } | { ok: false; rule: IdRule };

// ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11; the check character makes the
// weighted sum ≡ 1 (mod 11), with 10 written as 'X'. The table maps (Σ mod 11) to that character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

// GB/T 2260 province-level codes, plus 71 (Taiwan) and 81/82/83 (Hong Kong, Macao, Taiwan
// residence permits, which GB 11643 numbering also uses).
const PROVINCE_CODES = new Set([
  ...range(11, 15),
  ...range(21, 23),
  ...range(31, 37),
  ...range(41, 46),
  ...range(50, 54),
  ...range(61, 65),
  71,
  81,
  82,
  83,
]);

// Before 1900 no living person holds a number; a date there is a typo, not a centenarian.
const EARLIEST_BIRTH = '1900-01-01';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The 18th character for 17 digits. Throws on anything but 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type EighteenDigitResult = { ok: true; birthDate: string; sex: Sex } | { ok: false; rule: 'birth_date' | 'checksum' };

/**
 * The birth date (characters 7–14), sex (17th) and check character (18th) shared by resident
 * IDs, Hong Kong/Macao/Taiwan residence permits and 2023 foreign permanent residence cards.
 * `code` must already be 17 digits followed by a digit or 'X'.
 */
export function readEighteenDigitId(code: string, today: string): EighteenDigitResult {
  const birthDate = `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`;
  const real = isRealDate(Number(code.slice(6, 10)), Number(code.slice(10, 12)), Number(code.slice(12, 14)));
  if (!real || birthDate < EARLIEST_BIRTH || birthDate > today) return { ok: false, rule: 'birth_date' };
  if (residentIdCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, rule: 'checksum' };
  return { ok: true, birthDate, sex: Number(code[16]) % 2 === 1 ? 'male' : 'female' };
}

// First-generation numbers (GB 11643-1989) have 15 digits: a 2-digit year of the 1900s and
// no check character. GB 11643-1999 upgrades them by inserting '19' and appending one.
function upgradeFifteen(code: string): string {
  const first17 = `${code.slice(0, 6)}19${code.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}

export function parseResidentId(input: string, today: string): IdResult {
  let code = cleanCode(input);
  if (/^\d{15}$/.test(code)) code = upgradeFifteen(code);
  if (!/^\d{17}[\dX]$/.test(code)) return { ok: false, rule: 'format' };
  if (!PROVINCE_CODES.has(Number(code.slice(0, 2)))) return { ok: false, rule: 'area' };
  const read = readEighteenDigitId(code, today);
  if (!read.ok) return read;
  return { ok: true, value: code, birthDate: read.birthDate, sex: read.sex, areaCode: code.slice(0, 6) };
}

/** A valid number for tests and demo data; `birthDate` is 'YYYY-MM-DD', `seq3` three digits. */
export function makeResidentId(areaCode6: string, birthDate: string, seq3: string): string {
  const first17 = `${areaCode6}${birthDate.replace(/-/g, '')}${seq3}`;
  if (!/^\d{6}$/.test(areaCode6) || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || !/^\d{3}$/.test(seq3)) {
    throw new RangeError('need a 6-digit area, a YYYY-MM-DD date and a 3-digit sequence');
  }
  return first17 + residentIdCheckChar(first17);
}
