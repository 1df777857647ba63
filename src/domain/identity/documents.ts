import { parseResidentId, readEighteenDigitId, type Sex } from './resident-id.ts';
import { cleanCode } from './text.ts';

/**
 * Identity documents a volunteer may register with. Registration details must be true,
 * accurate and complete (Volunteer Service Regulations 2017, Art 7); residents of Hong Kong,
 * Macao and Taiwan and foreign nationals register with their own documents.
 */
export const DOCUMENT_TYPES = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
  'hmt_residence_permit',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export type DocResult = { ok: true; value: string; birthDate?: string; sex?: Sex } | { ok: false; rule: string };

export function isDocumentType(s: string): s is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(s);
}

const EIGHTEEN = /^\d{17}[\dX]$/;
// Residence permits for Hong Kong, Macao and Taiwan residents (2018 measures) are numbered
// like resident IDs, with a fixed area code per region.
const HMT_PREFIXES = ['810000', '820000', '830000'];
// ICAO Doc 9303 gives the passport number 9 characters in the machine-readable zone, but
// numbering differs by country, so we only insist on a plausible alphanumeric length.
const PASSPORT = /^[A-Z0-9]{5,17}$/;
// 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), then 8 digits, or 10 on older cards.
const HK_MACAU_PERMIT = /^[HM](\d{8}|\d{10})$/;
// 台湾居民来往大陆通行证: 8 digits on the 2015 card, 10 on the earlier booklet.
const TAIWAN_PERMIT = /^(\d{8}|\d{10})$/;
// 外国人永久居留身份证: before 2023, an ISO 3166-1 alpha-3 nationality code and 12 digits.
const FOREIGN_PR_OLD = /^[A-Z]{3}\d{12}$/;
// From December 2023: 18 characters starting with 9, laid out and checked like a resident ID.
const FOREIGN_PR_2023 = /^9\d{16}[\dX]$/;

function formatOnly(value: string, pattern: RegExp): DocResult {
  return pattern.test(value) ? { ok: true, value } : { ok: false, rule: 'format' };
}

function withBirthAndSex(value: string, today: string): DocResult {
  const read = readEighteenDigitId(value, today);
  return read.ok ? { ok: true, value, birthDate: read.birthDate, sex: read.sex } : read;
}

function validateHmtResidencePermit(value: string, today: string): DocResult {
  if (!EIGHTEEN.test(value)) return { ok: false, rule: 'format' };
  if (!HMT_PREFIXES.includes(value.slice(0, 6))) return { ok: false, rule: 'area' };
  return withBirthAndSex(value, today);
}

function validatePassport(value: string): DocResult {
  return PASSPORT.test(value) && /\d/.test(value) ? { ok: true, value } : { ok: false, rule: 'format' };
}

function validateForeignPermanentResidence(value: string, today: string): DocResult {
  if (FOREIGN_PR_OLD.test(value)) return { ok: true, value };
  if (!FOREIGN_PR_2023.test(value)) return { ok: false, rule: 'format' };
  return withBirthAndSex(value, today);
}

/** Cleans `input` (see cleanCode) and checks it against the rules of its document type. */
export function validateDocument(type: DocumentType, input: string, today: string): DocResult {
  const value = cleanCode(input);
  switch (type) {
    case 'resident_id': {
      const parsed = parseResidentId(value, today);
      return parsed.ok ? { ok: true, value: parsed.value, birthDate: parsed.birthDate, sex: parsed.sex } : parsed;
    }
    case 'hmt_residence_permit':
      return validateHmtResidencePermit(value, today);
    case 'passport':
      return validatePassport(value);
    case 'hk_macau_permit':
      return formatOnly(value, HK_MACAU_PERMIT);
    case 'taiwan_permit':
      return formatOnly(value, TAIWAN_PERMIT);
    case 'foreign_permanent_residence':
      return validateForeignPermanentResidence(value, today);
    default:
      return { ok: false, rule: 'type' };
  }
}
