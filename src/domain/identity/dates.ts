import { toHalfWidth } from './text.ts';

/**
 * Dates as they arrive in spreadsheets and forms: Excel serial numbers, "2019/3/5",
 * "2019年3月5日", full-width digits, ISO timestamps. Everything leaves as 'YYYY-MM-DD',
 * which also sorts and compares correctly as a plain string.
 */

const DAY_MS = 86_400_000;
// Excel's 1900 date system counts 1900-01-01 as serial 1 and, copying Lotus 1-2-3, treats
// 1900 as a leap year: serial 60 is the non-existent 1900-02-29 and every later serial is one
// day ahead of a plain count. Serials up to 59 count from 1899-12-31, later ones from 1899-12-30.
const EXCEL_EPOCH_BEFORE_BUG = Date.UTC(1899, 11, 31);
const EXCEL_EPOCH_AFTER_BUG = Date.UTC(1899, 11, 30);
const EXCEL_FAKE_LEAP_DAY = 60;
// 99999 is 2173-10-13: past anything a volunteer roster holds, and it keeps serials apart
// from 8-digit compact dates.
const EXCEL_MAX_SERIAL = 99_999;

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/;
// A time of day after the date (ISO 8601 'T' or a space, optional seconds, fraction and
// offset). The calendar date as written is kept; no time-zone shift is applied.
const TIME_SUFFIX = /(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export function isRealDate(y: number, m: number, d: number): boolean {
  if (![y, m, d].every(Number.isInteger)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

// Gregorian rule: every fourth year, except centuries not divisible by 400.
function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function formatYmd(y: number, m: number, d: number): string | undefined {
  if (!isRealDate(y, m, d)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fromUtc(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return formatYmd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function fromExcelSerial(serial: number): string | undefined {
  const day = Math.floor(serial);
  if (day < 1 || day > EXCEL_MAX_SERIAL || day === EXCEL_FAKE_LEAP_DAY) return undefined;
  const epoch = day < EXCEL_FAKE_LEAP_DAY ? EXCEL_EPOCH_BEFORE_BUG : EXCEL_EPOCH_AFTER_BUG;
  return fromUtc(new Date(epoch + day * DAY_MS));
}

function fromText(input: string): string | undefined {
  const s = toHalfWidth(input)
    .trim()
    .replace(/\s*([年月日])\s*/g, '$1')
    .replace(TIME_SUFFIX, '');
  if (/^\d{1,5}$/.test(s)) return fromExcelSerial(Number(s));
  const match = COMPACT.exec(s) ?? CHINESE.exec(s);
  if (match) return formatYmd(Number(match[1]), Number(match[2]), Number(match[3]));
  const separated = SEPARATED.exec(s);
  if (separated) return formatYmd(Number(separated[1]), Number(separated[3]), Number(separated[4]));
  return undefined;
}

/** 'YYYY-MM-DD' for any date form we meet in imports, or undefined when it is not a real date. */
export function parseLooseDate(input: string | number | Date | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  if (input instanceof Date) return fromUtc(input);
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    // A spreadsheet cell typed as a number may hold 20190305 rather than a serial.
    if (Number.isInteger(input) && input >= 10_000_000 && input <= 99_999_999) return fromText(String(input));
    return fromExcelSerial(input);
  }
  return fromText(input);
}

function splitIsoDate(s: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!isRealDate(y, m, d)) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  return [y, m, d];
}

/**
 * Age in completed years. Someone born on 29 February completes a year on 1 March in common
 * years: of the two readings this one never counts a minor as an adult a day early.
 */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = splitIsoDate(birthDate);
  const [ty, tm, td] = splitIsoDate(today);
  const beforeBirthday = tm < bm || (tm === bm && td < bd);
  return ty - by - (beforeBirthday ? 1 : 0);
}

export type AgeGroup = 'child' | 'minor' | 'adult';

/**
 * PIPL Art 28 makes personal information of a child under 14 sensitive, and Art 31 requires a
 * guardian's consent to process it; the Minors Protection Law Art 2 makes everyone under 18 a minor.
 */
export function ageGroup(age: number): AgeGroup {
  if (age < 14) return 'child';
  if (age < 18) return 'minor';
  return 'adult';
}
