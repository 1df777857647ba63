import type { MessageKey } from '../../platform/i18n/messages.ts';
import { levelOfCode } from '../areas/area-code.ts';
import { ageGroup, ageOn, cleanCode, cleanText, normalizeMobile, parseLooseDate } from '../identity/index.ts';
import {
  checkRegistration,
  type DocumentType,
  EDUCATION_LEVELS,
  type Issue,
  LANGUAGE_LEVELS,
  MAX_AGE,
  POLITICAL_STATUSES,
  SCHOOL_TYPES,
  type Sex,
} from '../volunteers/registration.ts';
import type { ImportField } from './presets.ts';

export type RawRow = Partial<Record<ImportField, string>>;
type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

/** A person as an import row describes them, cleaned and checked; ID number optional. */
export interface ImportPerson {
  externalId?: string;
  name: string;
  doc?: { type: DocumentType; value: string };
  sex: Sex | null;
  birthDate: string | null;
  phone: string;
  areaCode: string;
  guardian: { name: string; phone: string } | null;
  politicalStatus: string | null;
  /** A cadre (干部) of a party or government organ or public unit; null when the file does not say. */
  cadre: boolean | null;
  education: string | null;
  occupation: string | null;
  schoolName: string | null;
  schoolType: 'college' | 'secondary' | 'primary' | null;
  skills: { code: string }[];
  languages: { code: string; level: LanguageLevel }[];
  serviceCategories: string[];
}

/** What the row checker needs to know about the city: its communities and its skills catalog. */
export interface RowContext {
  today: string;
  communityExists(code: string): boolean;
  /** May this importer bring people of this community in? (the policy's area scope) */
  inScope(code: string): boolean;
  /** A skill's code from its code, Chinese or English name; undefined when not in the catalog. */
  skillCode(name: string): string | undefined;
}

/** Words other platforms write for our enumerations (compared after cleanText + lowercase). */
const WORDS: Record<string, Record<string, string>> = {
  docType: {
    居民身份证: 'resident_id',
    身份证: 'resident_id',
    二代身份证: 'resident_id',
    resident_id: 'resident_id',
    护照: 'passport',
    passport: 'passport',
    港澳居民来往内地通行证: 'hk_macau_permit',
    港澳通行证: 'hk_macau_permit',
    回乡证: 'hk_macau_permit',
    hk_macau_permit: 'hk_macau_permit',
    台湾居民来往大陆通行证: 'taiwan_permit',
    台胞证: 'taiwan_permit',
    taiwan_permit: 'taiwan_permit',
    外国人永久居留身份证: 'foreign_permanent_residence',
    外国人永久居留证: 'foreign_permanent_residence',
    foreign_permanent_residence: 'foreign_permanent_residence',
    港澳台居民居住证: 'hmt_residence_permit',
    hmt_residence_permit: 'hmt_residence_permit',
  },
  sex: {
    男: 'male',
    男性: 'male',
    m: 'male',
    male: 'male',
    1: 'male',
    女: 'female',
    女性: 'female',
    f: 'female',
    female: 'female',
    2: 'female',
  },
  politicalStatus: {
    中共党员: 'cpc_member',
    党员: 'cpc_member',
    中国共产党党员: 'cpc_member',
    中共预备党员: 'cpc_probationary',
    预备党员: 'cpc_probationary',
    共青团员: 'cyl_member',
    团员: 'cyl_member',
    民主党派: 'democratic_party',
    民主党派成员: 'democratic_party',
    群众: 'non_affiliated',
    无党派人士: 'non_affiliated',
  },
  education: {
    小学: 'primary',
    初中: 'junior_secondary',
    高中: 'senior_secondary',
    中专: 'vocational',
    职高: 'vocational',
    大专: 'vocational',
    本科: 'bachelor',
    大学本科: 'bachelor',
    硕士: 'master',
    硕士研究生: 'master',
    博士: 'doctorate',
    博士研究生: 'doctorate',
  },
  schoolType: { 高校: 'college', 大学: 'college', 高等院校: 'college', 中学: 'secondary', 小学: 'primary' },
  language: {
    中文: 'zh',
    普通话: 'zh',
    英语: 'en',
    英文: 'en',
    日语: 'ja',
    韩语: 'ko',
    法语: 'fr',
    德语: 'de',
    俄语: 'ru',
    西班牙语: 'es',
    手语: 'csl',
  },
  yesNo: {
    是: 'yes',
    否: 'no',
    有: 'yes',
    无: 'no',
    y: 'yes',
    n: 'no',
    yes: 'yes',
    no: 'no',
    true: 'yes',
    false: 'no',
    1: 'yes',
    0: 'no',
  },
  languageLevel: { 基础: 'basic', 一般: 'basic', 工作: 'working', 良好: 'working', 熟练: 'fluent', 精通: 'fluent', 母语: 'native' },
};
const CODES: Record<string, readonly string[]> = {
  politicalStatus: POLITICAL_STATUSES,
  education: EDUCATION_LEVELS,
  schoolType: SCHOOL_TYPES,
  language: ['zh', 'en', 'ja', 'ko', 'fr', 'de', 'ru', 'es', 'csl'],
  languageLevel: LANGUAGE_LEVELS,
};

/** A platform's word or our own code for an enumeration value; undefined when it is neither. */
export function lookupWord(kind: keyof typeof WORDS, input: string): string | undefined {
  const key = cleanText(input).toLowerCase();
  return WORDS[kind][key] ?? (CODES[kind]?.includes(key) ? key : undefined);
}

const LIST_SEPARATORS = /[;；,，、|/]+/;
const splitList = (s: string) =>
  s
    .split(LIST_SEPARATORS)
    .map((x) => cleanText(x))
    .filter(Boolean);

export interface RowResult {
  person?: ImportPerson;
  issues: Issue[];
  /** Values that were dropped but did not stop the row (an unknown skill): listed in the report. */
  warnings: Issue[];
}

/**
 * One import row under the registration rules (MCA 2020 measures, Art 5; PIPL for minors). An
 * ID number, when present, is checked like on the registration form and decides birth date and
 * sex; without one the row still stands on name + phone, and identity resolution treats it as
 * a possible duplicate rather than a certain match.
 */
export function checkImportRow(raw: RawRow, ctx: RowContext): RowResult {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const issue = (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) =>
    issues.push({ field, rule, messageKey, params });
  const value = (f: ImportField) => cleanText(raw[f] ?? '');

  // PostgreSQL text cannot hold U+0000 (SQLSTATE 22021): such a row is refused naming its cells,
  // instead of failing the whole file at the write.
  const withNul = (Object.keys(raw) as ImportField[]).filter((f) => raw[f]?.includes('\u0000'));
  if (withNul.length > 0) {
    for (const f of withNul) issue(f, 'noNul', 'import.nulCharacter');
    return { issues, warnings };
  }

  const enumValue = (field: ImportField, kind: keyof typeof WORDS) => {
    const text = value(field);
    if (!text) return null;
    const code = lookupWord(kind, text);
    if (!code) issue(field, 'enum', 'import.unknownValue', { value: text });
    return code ?? null;
  };

  const sex = enumValue('sex', 'sex') as Sex | null;
  const docNumber = cleanCode(raw.docNumber ?? '');
  const docTypeText = value('docType');
  const docType = (docTypeText ? lookupWord('docType', docTypeText) : 'resident_id') as DocumentType | undefined;
  if (!docType) issue('docType', 'enum', 'import.unknownValue', { value: docTypeText });

  const areaCode = cleanCode(raw.areaCode ?? '');
  const guardianGiven = value('guardianName') || value('guardianPhone');
  const guardianInput = guardianGiven ? { name: value('guardianName'), phone: value('guardianPhone'), consent: true } : null;
  let identity: Pick<ImportPerson, 'name' | 'doc' | 'sex' | 'birthDate' | 'phone' | 'guardian'> | undefined;

  if (docNumber && docType) {
    // The platform holds the person's consent to register; what we check is the data.
    const checked = checkRegistration(
      {
        name: raw.name ?? '',
        docType,
        docNumber,
        sex,
        birthDate: raw.birthDate || null,
        phone: raw.phone ?? '',
        areaCode,
        guardian: guardianInput,
        consent: true,
      },
      ctx.today,
    );
    issues.push(...checked.issues.filter((i) => i.field !== 'areaCode'));
    const r = checked.value;
    if (r)
      identity = {
        name: r.name,
        doc: { type: docType, value: r.docValue },
        sex: r.sex,
        birthDate: r.birthDate,
        phone: r.phone,
        guardian: r.guardian,
      };
  } else if (!docNumber) {
    identity = checkWithoutDocument(raw, sex, guardianInput, ctx.today, issue);
  }

  if (!areaCode) issue('areaCode', 'required', 'field.required');
  else if (levelOfCode(areaCode) !== 'community') issue('areaCode', 'level', 'volunteer.areaLevel');
  else if (!ctx.communityExists(areaCode)) issue('areaCode', 'exists', 'volunteer.areaMissing', { code: areaCode });
  else if (!ctx.inScope(areaCode)) issue('areaCode', 'scope', 'import.outOfScope', { code: areaCode });

  const politicalStatus = enumValue('politicalStatus', 'politicalStatus');
  // A word the platform uses that we do not know ("-", "科级") drops the flag with a note, not the row.
  const cadreText = value('cadre');
  const cadreWord = cadreText ? lookupWord('yesNo', cadreText) : undefined;
  if (cadreText && !cadreWord)
    warnings.push({ field: 'cadre', rule: 'enum', messageKey: 'import.unknownValue', params: { value: cadreText } });
  const cadre = cadreWord ? cadreWord === 'yes' : null;
  const education = enumValue('education', 'education');
  const schoolName = value('schoolName') || null;
  const schoolType = enumValue('schoolType', 'schoolType') as ImportPerson['schoolType'];
  if (schoolName && !schoolType) issue('schoolType', 'required', 'volunteer.schoolTypeRequired');

  const skills: { code: string }[] = [];
  for (const name of splitList(value('skills'))) {
    const code = ctx.skillCode(name);
    if (!code) warnings.push({ field: 'skills', rule: 'catalog', messageKey: 'import.unknownSkill', params: { value: name } });
    else if (!skills.some((s) => s.code === code)) skills.push({ code });
  }
  const languages = parseLanguages(value('languages'), issue);

  const externalId = cleanCode(raw.externalId ?? '') || undefined;
  if (externalId && externalId.length > 64) issue('externalId', 'max_length', 'area.tooLong', { max: 64 });
  const occupation = value('occupation').slice(0, 60) || null;

  if (issues.length || !identity) return { issues, warnings };
  return {
    issues,
    warnings,
    person: {
      externalId,
      ...identity,
      areaCode,
      politicalStatus,
      cadre,
      education,
      occupation,
      schoolName,
      schoolType,
      skills,
      languages,
      serviceCategories: [...new Set(splitList(value('serviceCategories')).map((c) => c.slice(0, 40)))].slice(0, 20),
    },
  };
}

/** Without an ID number: name and phone are required; birth date and sex are taken as given. */
function checkWithoutDocument(
  raw: RawRow,
  sex: Sex | null,
  guardianInput: { name: string; phone: string } | null,
  today: string,
  issue: (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) => void,
) {
  const name = cleanText(raw.name ?? '');
  if (!name) issue('name', 'required', 'field.required');
  else if (name.length > 50) issue('name', 'max_length', 'area.tooLong', { max: 50 });
  const phone = normalizeMobile(raw.phone ?? '');
  if (!phone) issue('phone', raw.phone?.trim() ? 'format' : 'required', raw.phone?.trim() ? 'account.badPhone' : 'field.required');
  const birthDate = raw.birthDate?.trim() ? parseLooseDate(raw.birthDate) : null;
  if (birthDate === undefined) issue('birthDate', 'date', 'volunteer.badBirthDate');
  let guardian: ImportPerson['guardian'] = null;
  if (birthDate) {
    const age = ageOn(birthDate, today);
    if (birthDate > today || age > MAX_AGE) issue('birthDate', 'range', 'volunteer.badBirthDate');
    if (ageGroup(age) !== 'adult') {
      const guardianPhone = guardianInput ? normalizeMobile(guardianInput.phone) : undefined;
      if (!guardianInput?.name || !guardianPhone) issue('guardian.name', 'required_for_minor', 'volunteer.guardianRequired');
      else guardian = { name: guardianInput.name, phone: guardianPhone };
    }
  }
  if (!name || !phone || birthDate === undefined) return undefined;
  return { name, sex, birthDate, phone, guardian };
}

function parseLanguages(
  text: string,
  issue: (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) => void,
): ImportPerson['languages'] {
  const languages: ImportPerson['languages'] = [];
  for (const item of splitList(text)) {
    // "英语(熟练)", "英语（熟练）", "en:fluent" or just "英语" (then basic).
    const [, name, level] = /^([^(（:：]+)(?:[(（:：]\s*([^)）]+?)\s*[)）]?)?$/.exec(item) ?? [];
    const code = name ? lookupWord('language', name) : undefined;
    const levelCode = level ? lookupWord('languageLevel', level) : 'basic';
    if (!code || !levelCode) {
      issue('languages', 'format', 'import.badLanguage', { value: item });
      continue;
    }
    if (!languages.some((l) => l.code === code)) languages.push({ code, level: levelCode as LanguageLevel });
  }
  return languages;
}
