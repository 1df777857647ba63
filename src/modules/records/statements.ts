import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { isWithinArea } from '../../domain/areas/area-code.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { keyFingerprint } from '../../domain/records/certificate.ts';
import {
  RESIDENCE_YEARS,
  residenceYears,
  round2,
  type StatementBase,
  type StatementFacts,
  type StatementKind,
  signStatement,
  statementCode,
  statementVerifies,
  type TermHalf,
  termBounds,
  yearsWithHours,
} from '../../domain/records/statement.ts';
import { sealStatement } from '../../domain/records/statement-seal.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize } from '../../platform/policy.ts';
import { findSelf, requireSelf } from '../volunteers/index.ts';
import { awardFacts } from './awards.ts';
import { certificatePerson } from './certificates.queries.ts';
import { requireReconciledLedger } from './ledger-signable.ts';
import { verifyUrl } from './proof-pdf.ts';
import { volunteerStanding } from './records.service.ts';
import { statementPdf } from './statement-pdf.ts';
import * as q from './statements.queries.ts';

type Ctx = AuditContext & { actor: Actor };

/** What is asked for: the kind, and for a school statement the school and term, for household registration the years. */
export interface StatementRequest {
  kind: StatementKind;
  school?: string;
  schoolYear?: number;
  half?: TermHalf;
  from?: string;
  to?: string;
  years?: number;
}

type Issuer = Pick<StatementFacts, 'issuedBy' | 'issuingOffice'>;
type Person = Awaited<ReturnType<typeof certificatePerson>>;

const invalid = (field: string, rule: string, messageKey: MessageKey) =>
  new AppError('VALIDATION', 'error.validation', {}, [{ field, rule, messageKey }]);

/** The term a school statement covers: a school year's half, or dates — one or the other. */
function termOf(r: StatementRequest) {
  const byTerm = r.schoolYear !== undefined || r.half !== undefined;
  const byDates = r.from !== undefined || r.to !== undefined;
  if (byTerm && byDates) throw invalid('from', 'one_of', 'statement.termBoth');
  if (byTerm) {
    if (r.schoolYear === undefined) throw invalid('schoolYear', 'required', 'statement.termRequired');
    if (r.half === undefined) throw invalid('half', 'required', 'statement.termRequired');
    return { schoolYear: r.schoolYear, half: r.half, ...termBounds(r.schoolYear, r.half) };
  }
  if (r.from === undefined) throw invalid('from', 'required', 'statement.termRequired');
  if (r.to === undefined) throw invalid('to', 'required', 'statement.termRequired');
  if (r.to < r.from) throw invalid('to', 'after_from', 'certificate.periodReversed');
  if (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`) > 365 * 86_400_000)
    throw invalid('to', 'max_one_year', 'statement.termTooLong');
  return { schoolYear: null, half: null, from: r.from, to: r.to };
}

/** The facts of the kind asked for, from the ledger's confirmed hours; refused when there is nothing to state. */
async function factsFor(db: Db, volunteerId: string, r: StatementRequest, base: StatementBase): Promise<StatementFacts> {
  if (r.kind === 'schoolPractice') {
    const school = (r.school ?? '').trim();
    if (!school) throw invalid('school', 'required', 'statement.schoolRequired');
    // Signed with the city's key: a line break or a bidi override would let a volunteer add lines that read as
    // the platform's own words, so the name is one line of visible text.
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(school)) throw invalid('school', 'plain_text', 'statement.schoolPlain');
    const term = termOf(r);
    const activities = (await q.activitiesInPeriod(db, volunteerId, term)).map((a) => ({ ...a, hours: Number(a.hours) }));
    if (activities.length === 0) throw new AppError('RULE_VIOLATION', 'statement.noHours');
    const totalHours = round2(activities.reduce((n, a) => n + a.hours, 0));
    return { ...base, kind: 'schoolPractice', school, term, activities, totalHours };
  }
  const standing = await volunteerStanding(db, volunteerId);
  if (standing.totalHours <= 0) throw new AppError('RULE_VIOLATION', 'statement.noHoursAtAll');
  // Awards on record (MCA 2020 measures, Art 9); sanctions are never stated (offices only).
  const awards = await awardFacts(db, volunteerId);
  if (r.kind === 'employerReference') {
    const h = await q.serviceHistory(db, volunteerId);
    const hours = (rows: { name: string; hours: string }[]) => rows.map((o) => ({ name: o.name, hours: Number(o.hours) }));
    return {
      ...base,
      kind: 'employerReference',
      totalHours: standing.totalHours,
      stars: standing.stars,
      firstServedOn: h.first,
      yearsActive: h.years,
      organizations: hours(h.organizations),
      // The main categories: the three with the most hours.
      categories: hours(h.categories).slice(0, 3),
      awards,
    };
  }
  const span = residenceYears(base.issuedOn, r.years ?? RESIDENCE_YEARS.default);
  const rows = await q.hoursByYear(db, volunteerId, span[0]);
  const years = yearsWithHours(
    span,
    rows.map((y) => ({ year: y.year, hours: Number(y.hours) })),
  );
  const totalHours = round2(years.reduce((n, y) => n + y.hours, 0));
  return { ...base, kind: 'residencePoints', years, totalHours, stars: standing.stars, awards };
}

/** Who is issuing: the volunteer themselves, or an office of the volunteer's area (its grant's area named). */
async function issuerFor(db: Db, actor: Actor, volunteerId: string | undefined): Promise<{ volunteerId: string } & Issuer> {
  if (volunteerId === undefined) {
    // Like proof of service: a volunteer's right over their own data, whatever their status.
    const me = await requireSelf(db, actor, 'statement.issue');
    return { volunteerId: me.id, issuedBy: 'volunteer', issuingOffice: null };
  }
  const v = await q.volunteerArea(db, volunteerId);
  if (!v) throw notFound('entity.volunteer');
  authorize(actor, 'statement.issue', { areaCode: v.areaCode }, 'entity.volunteer');
  const grant = actor.grants.find((g) => g.areaCode && g.role.endsWith('_admin') && isWithinArea(v.areaCode, g.areaCode));
  return { volunteerId, issuedBy: 'office', issuingOffice: grant?.areaCode ? await q.areaName(db, grant.areaCode) : null };
}

/**
 * Issues a signed statement of the kind asked for: by the volunteer (free, self-printable), or by
 * an office for a volunteer of its area (`volunteerId`). Refused while the volunteer's hour ledger
 * does not reconcile, as certificates are.
 */
export async function issueStatement(db: Db, config: Config, ctx: Ctx, volunteerId: string | undefined, request: StatementRequest) {
  const issuer = await issuerFor(db, ctx.actor, volunteerId);
  await requireReconciledLedger(db, config, ctx, issuer.volunteerId);
  const person: Person = await certificatePerson(db, issuer.volunteerId);
  const base = {
    code: statementCode(randomBytes(10)),
    volunteerNo: person.volunteerNo,
    name: person.name,
    docMasked: person.docMasked,
    issuedBy: issuer.issuedBy,
    issuingOffice: issuer.issuingOffice,
    issuedOn: todayInChina(),
  };
  const facts = await factsFor(db, issuer.volunteerId, request, base);
  return db.transaction(async (tx) => {
    const row = await q.insertStatement(tx, {
      code: facts.code,
      volunteerId: issuer.volunteerId,
      kind: facts.kind,
      facts,
      signature: signStatement(facts, config.signingKey),
      keyFingerprint: keyFingerprint(config.publicKey),
      issuedBy: ctx.actor.accountId,
    });
    await recordAudit(tx, ctx, {
      action: 'statement.issue',
      entityType: 'statement',
      entityId: row.id,
      summary: { code: facts.code, kind: facts.kind, issuedBy: facts.issuedBy },
    });
    return {
      id: row.id,
      code: row.code,
      kind: row.kind,
      facts: row.facts,
      status: row.status,
      revokedReason: null,
      issuedAt: row.issuedAt,
    };
  });
}

export async function myStatements(db: Db, actor: Actor) {
  const me = await findSelf(db, actor, 'statement.issue');
  return me ? q.statementsOf(db, me.id) : [];
}

/** An office lists the statements of a volunteer of its area. */
export async function volunteerStatements(db: Db, actor: Actor, volunteerId: string) {
  const v = await q.volunteerArea(db, volunteerId);
  if (!v) throw notFound('entity.volunteer');
  authorize(actor, 'statement.issue', { areaCode: v.areaCode }, 'entity.volunteer');
  return q.statementsOf(db, volunteerId);
}

/** A statement its volunteer, or an office of their area, may read (print) or revoke; anything else is unknown (404). */
export async function statementFor(db: Db, actor: Actor, id: string, action: 'statement.issue' | 'statement.revoke') {
  const row = await q.statementWithOwner(db, id);
  if (!row) throw notFound('entity.statement');
  authorize(actor, action, { areaCode: row.areaCode, accountId: row.accountId }, 'entity.statement');
  return row.statement;
}

/** Revokes a statement issued in error; verification then says so. */
export async function revokeStatement(db: Db, ctx: Ctx, id: string, reason: string) {
  const row = await statementFor(db, ctx.actor, id, 'statement.revoke');
  if (!reason.trim())
    throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' }]);
  await db.transaction(async (tx) => {
    if (!(await q.revokeStatementRow(tx, id, reason.trim()))) return; // already revoked: nothing changes
    await recordAudit(tx, ctx, {
      action: 'statement.revoke',
      entityType: 'statement',
      entityId: id,
      summary: { code: row.code, reason: reason.trim() },
    });
  });
}

export type StatementRow = Awaited<ReturnType<typeof q.statementsWithCodes>>[number];

/** One statement's verdict for the public verify page: forged when its stored facts no longer match their signature. */
export function statementVerdict(code: string, row: StatementRow, publicKey: KeyObject) {
  if (!statementVerifies(row.facts, row.signature, publicKey)) return { code, result: 'forged' as const };
  return {
    code,
    result: row.status,
    kind: row.kind as StatementKind,
    statement: { ...row.facts, name: maskName(row.facts.name) },
    revokedReason: row.revokedReason,
    revokedOn: row.status === 'revoked' ? todayInChina(row.revokedAt ?? row.issuedAt) : null,
  };
}

export const statementsWithCodes = q.statementsWithCodes;

/** A statement as a PDF for its volunteer or an office of their area; a revoked one is stamped as such. */
export async function statementPdfFile(db: Db, config: Config, actor: Actor, id: string) {
  const row = await statementFor(db, actor, id, 'statement.issue');
  const revoked = row.status === 'revoked' ? { on: todayInChina(row.revokedAt ?? new Date()), reason: row.revokedReason ?? '' } : undefined;
  const seal = sealStatement(
    row.facts,
    row.signature,
    row.keyFingerprint,
    revoked && { revocation: { code: row.code, revokedOn: revoked.on, reason: revoked.reason }, key: config.signingKey },
  );
  const pdf = await statementPdf({ facts: row.facts, verifyUrl: verifyUrl(config, row.code), seal, revoked });
  return { code: row.code, pdf };
}
