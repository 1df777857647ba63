import type { KeyObject } from 'node:crypto';
import { type AwardFact, bytesVerify, signBytes, verificationCode } from './certificate.ts';

/**
 * Signed statements (证明) that partners ask for (issue 19), on the certificates' machinery: the
 * same Ed25519 key, a verification code of the same form (prefix "S"), the same verify page.
 * - schoolPractice (学生志愿服务实践证明): the hours of each activity in a school term, and the
 *   term's total — the school compares it with its own target (≥ 8 h a year at college, ≥ 2 h at
 *   school), so the statement states the total only.
 * - employerReference (志愿服务经历证明): cumulative hours, stars, years active, organizations,
 *   main service categories, awards on record.
 * - residencePoints (积分落户): hours by year for the last N years, stars, awards on record.
 *   Sanctions are never stated (they are visible to offices only).
 */
export const STATEMENT_KINDS = ['schoolPractice', 'employerReference', 'residencePoints'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const TERM_HALVES = ['autumn', 'spring'] as const;
export type TermHalf = (typeof TERM_HALVES)[number];

/** How many years back a household-registration statement may go, and its default. */
export const RESIDENCE_YEARS = { min: 1, max: 10, default: 5 } as const;

export interface StatementBase {
  code: string;
  volunteerNo: string;
  name: string;
  docMasked: string | null;
  /** Who issued it: the volunteer themselves, or an office (its area's name). */
  issuedBy: 'volunteer' | 'office';
  issuingOffice: string | null;
  issuedOn: string;
}

export interface SchoolPracticeFacts extends StatementBase {
  kind: 'schoolPractice';
  /** The school's name as the volunteer states it (the platform does not know schools). */
  school: string;
  /** A school term (schoolYear 2025 = 2025–2026) or dates the volunteer chose (both null). */
  term: { schoolYear: number | null; half: TermHalf | null; from: string; to: string };
  activities: { date: string; title: string; organization: string; hours: number }[];
  totalHours: number;
}

export interface EmployerReferenceFacts extends StatementBase {
  kind: 'employerReference';
  totalHours: number;
  stars: number;
  firstServedOn: string | null;
  /** Calendar years with confirmed hours. */
  yearsActive: number;
  organizations: { name: string; hours: number }[];
  categories: { name: string; hours: number }[];
  awards: AwardFact[];
}

export interface ResidencePointsFacts extends StatementBase {
  kind: 'residencePoints';
  /** Oldest first, every year of the span (a year without service states 0). */
  years: { year: number; hours: number }[];
  totalHours: number;
  stars: number;
  awards: AwardFact[];
}

export type StatementFacts = SchoolPracticeFacts | EmployerReferenceFacts | ResidencePointsFacts;

/**
 * A school term's dates (China time). The Chinese school year starts in September: the autumn
 * term runs 1 September – 31 January, the spring term 1 February – 31 August (summer social
 * practice counts towards the year that ends), so the terms tile the year with no day lost.
 */
export function termBounds(schoolYear: number, half: TermHalf): { from: string; to: string } {
  return half === 'autumn'
    ? { from: `${schoolYear}-09-01`, to: `${schoolYear + 1}-01-31` }
    : { from: `${schoolYear + 1}-02-01`, to: `${schoolYear + 1}-08-31` };
}

/** The school year a date falls in (2026-03-01 → 2025, the 2025–2026 year). */
export const schoolYearOf = (date: string) => Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 9 ? 1 : 0);

/** The last n calendar years up to and including the year of issue, oldest first. */
export function residenceYears(issuedOn: string, n: number): number[] {
  const last = Number(issuedOn.slice(0, 4));
  return Array.from({ length: n }, (_, i) => last - n + 1 + i);
}

/** Hours by year for every year of the span, 0 where there were none, rounded to the hundredth. */
export function yearsWithHours(years: number[], rows: { year: number; hours: number }[]) {
  const by = new Map(rows.map((r) => [r.year, r.hours]));
  return years.map((year) => ({ year, hours: round2(by.get(year) ?? 0) }));
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export const statementCode = (random: Buffer) => verificationCode(random, 'S');

/**
 * The signed bytes: the facts as JSON with every object's keys sorted, so the same facts always
 * sign the same way whatever order they were built or stored in (jsonb reorders keys).
 */
export function canonicalStatement(facts: StatementFacts): Buffer {
  return Buffer.from(JSON.stringify(sortKeys(facts)), 'utf8');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export const signStatement = (f: StatementFacts, key: KeyObject) => signBytes(canonicalStatement(f), key);

export const statementVerifies = (f: StatementFacts, signature: string, publicKey: KeyObject) =>
  bytesVerify(canonicalStatement(f), signature, publicKey);
