import type { MessageKey } from '../../platform/i18n/messages.ts';
import { levelOfCode } from '../areas/area-code.ts';
import { ageGroup, ageOn, cleanText, type DOCUMENT_TYPES, normalizeMobile, parseLooseDate, validateDocument } from '../identity/index.ts';

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const POLITICAL_STATUSES = ['cpc_member', 'cpc_probationary', 'cyl_member', 'democratic_party', 'non_affiliated'] as const;
export const EDUCATION_LEVELS = [
  'primary',
  'junior_secondary',
  'senior_secondary',
  'vocational',
  'bachelor',
  'master',
  'doctorate',
] as const;
export const SCHOOL_TYPES = ['college', 'secondary', 'primary'] as const;
export const LANGUAGE_LEVELS = ['basic', 'working', 'fluent', 'native'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** A person's registration as it arrives (from a form, an organization or an import row). */
export interface RegistrationInput {
  name: string;
  docType: DocumentType;
  docNumber: string;
  sex?: Sex | null;
  birthDate?: string | null;
  phone: string;
  areaCode: string;
  guardian?: { name: string; phone: string; consent: boolean } | null;
  consent: boolean;
}

/** What the rules make of it: normalized values and what was derived from the ID number. */
export interface Registration {
  name: string;
  docType: DocumentType;
  docValue: string;
  sex: Sex;
  birthDate: string;
  phone: string;
  areaCode: string;
  age: number;
  ageGroup: 'child' | 'minor' | 'adult';
  guardian: { name: string; phone: string } | null;
}

export interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

const DOC_RULE_MESSAGES: Record<string, MessageKey> = {
  format: 'volunteer.docFormat',
  checksum: 'volunteer.docChecksum',
  birth_date: 'volunteer.docBirthDate',
  area: 'volunteer.docArea',
};

export const MAX_AGE = 120;

/**
 * The registration rules of the MCA 2020 measures (Art 5) and PIPL: a valid ID document, the
 * birth date and sex it carries, a community of residence, a reachable phone, and for anyone
 * under 18 a guardian who consented (Art 31 of PIPL for under-14s).
 */
export function checkRegistration(input: RegistrationInput, today: string): { value?: Registration; issues: Issue[] } {
  const issues: Issue[] = [];
  const issue = (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) =>
    issues.push({ field, rule, messageKey, params });

  const name = cleanText(input.name);
  if (!name) issue('name', 'required', 'field.required');
  else if (name.length > 50) issue('name', 'max_length', 'area.tooLong', { max: 50 });

  const doc = validateDocument(input.docType, input.docNumber, today);
  if (!doc.ok) issue('docNumber', doc.rule, DOC_RULE_MESSAGES[doc.rule] ?? 'volunteer.docFormat', { type: input.docType });

  const givenBirth = input.birthDate ? parseLooseDate(input.birthDate) : undefined;
  if (input.birthDate && !givenBirth) issue('birthDate', 'date', 'volunteer.badBirthDate');
  let birthDate = givenBirth;
  let sex = input.sex ?? undefined;
  if (doc.ok && doc.birthDate) {
    if (givenBirth && givenBirth !== doc.birthDate) issue('birthDate', 'matches_document', 'volunteer.birthMismatch');
    birthDate = doc.birthDate;
  }
  if (doc.ok && doc.sex) {
    if (sex && sex !== doc.sex) issue('sex', 'matches_document', 'volunteer.sexMismatch');
    sex = doc.sex;
  }
  if (doc.ok && !birthDate && !input.birthDate) issue('birthDate', 'required', 'field.required');
  if (doc.ok && !sex) issue('sex', 'required', 'field.required');

  let age = 0;
  if (birthDate) {
    age = ageOn(birthDate, today);
    if (birthDate > today || age > MAX_AGE) issue('birthDate', 'range', 'volunteer.badBirthDate');
  }

  const phone = normalizeMobile(input.phone);
  if (!phone) issue('phone', 'format', 'account.badPhone');

  if (levelOfCode(input.areaCode) !== 'community') issue('areaCode', 'level', 'volunteer.areaLevel');
  if (!input.consent) issue('consent', 'required', 'volunteer.consentRequired');

  const group = ageGroup(age);
  let guardian: Registration['guardian'] = null;
  if (birthDate && group !== 'adult') {
    const g = input.guardian;
    const guardianName = g ? cleanText(g.name) : '';
    const guardianPhone = g ? normalizeMobile(g.phone) : undefined;
    if (!guardianName) issue('guardian.name', 'required_for_minor', 'volunteer.guardianRequired');
    if (!guardianPhone) issue('guardian.phone', 'required_for_minor', 'volunteer.guardianRequired');
    if (!g?.consent) issue('guardian.consent', 'required_for_minor', 'volunteer.guardianRequired');
    if (guardianName && guardianPhone) guardian = { name: guardianName, phone: guardianPhone };
  }

  if (issues.length || !doc.ok || !birthDate || !sex || !phone) return { issues };
  return {
    issues,
    value: {
      name,
      docType: input.docType,
      docValue: doc.value,
      sex,
      birthDate,
      phone,
      areaCode: input.areaCode,
      age,
      ageGroup: group,
      guardian,
    },
  };
}

/** Weekly availability: 7 days × morning / afternoon / evening as 21 bits, Monday morning first. */
export const AVAILABILITY_SLOTS = ['morning', 'afternoon', 'evening'] as const;
export function availabilityBit(day: number, slot: (typeof AVAILABILITY_SLOTS)[number]): number {
  return 1 << (day * 3 + AVAILABILITY_SLOTS.indexOf(slot));
}
export const WEEKEND_MASK = (0b111 << 15) | (0b111 << 18);
