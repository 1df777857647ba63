import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  type CertificateFacts,
  certificateCode,
  factsVerify,
  keyFingerprint,
  parseCertificateCode,
  parseVerificationCode,
  signFacts,
} from '../../domain/records/certificate.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize } from '../../platform/policy.ts';
import { findSelf, requireSelf } from '../volunteers/index.ts';
import { awardFacts } from './awards.ts';
import * as q from './certificates.queries.ts';
import { signableHours } from './ledger-signable.ts';
import { statementsWithCodes, statementVerdict } from './statements.ts';

type Ctx = AuditContext & { actor: Actor };

/**
 * Issues the volunteer's proof of service for a period: the confirmed hours in the ledger per
 * recording organization, signed. A new certificate for the same period supersedes the old one.
 */
export async function issueCertificate(db: Db, config: Config, ctx: Ctx, period: { from: string; to: string }) {
  // Proof of service states the records: a volunteer's right over their own data, whatever their status.
  const me = await requireSelf(db, ctx.actor, 'record.read');
  if (period.to < period.from)
    throw new AppError('VALIDATION', 'error.validation', {}, [
      { field: 'to', rule: 'after_from', messageKey: 'certificate.periodReversed' },
    ]);
  const person = await q.certificatePerson(db, me.id);
  const orgs = await signableHours(db, config, ctx, me.id, period);
  if (orgs.length === 0) throw new AppError('RULE_VIOLATION', 'certificate.noHours');
  const organizations = orgs.map((o) => ({ name: o.name, hours: Number(o.hours), records: o.records }));
  const awards = await awardFacts(db, me.id);
  const facts: CertificateFacts = {
    code: certificateCode(randomBytes(10)),
    volunteerNo: person.volunteerNo,
    name: person.name,
    docMasked: person.docMasked,
    from: period.from,
    to: period.to,
    totalHours: Math.round(organizations.reduce((n, o) => n + o.hours, 0) * 100) / 100,
    organizations,
    // The awards on record (MCA 2020 measures, Art 9); none stated, no key, as before awards existed.
    ...(awards.length ? { awards } : {}),
    issuedOn: todayInChina(),
  };
  return db.transaction(async (tx) => {
    const row = await q.insertCertificate(tx, {
      code: facts.code,
      volunteerId: me.id,
      facts,
      signature: signFacts(facts, config.signingKey),
      keyFingerprint: keyFingerprint(config.publicKey),
    });
    await q.supersedeCertificates(tx, me.id, row.id, period);
    await recordAudit(tx, ctx, {
      action: 'certificate.issue',
      entityType: 'certificate',
      entityId: row.id,
      summary: { code: facts.code, totalHours: facts.totalHours },
    });
    return row;
  });
}

export async function myCertificates(db: Db, actor: Actor) {
  const me = await findSelf(db, actor, 'record.read');
  if (!me) return [];
  return q.certificatesOf(db, me.id);
}

export async function ownCertificate(db: Db, actor: Actor, id: string) {
  const me = await findSelf(db, actor, 'record.read');
  const row = await q.findCertificate(db, id);
  if (!row || !me || row.volunteerId !== me.id) throw notFound('entity.certificate');
  return row;
}

/** An office revokes a certificate (issued in error, say); verification then says so. */
export async function revokeCertificate(db: Db, ctx: Ctx, id: string, reason: string) {
  const row = await q.certificateForRevoking(db, id);
  if (!row) throw notFound('entity.certificate');
  authorize(ctx.actor, 'certificate.revoke', { areaCode: row.areaCode }, 'entity.certificate');
  if (!reason.trim())
    throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' }]);
  await db.transaction(async (tx) => {
    await q.revokeCertificateRow(tx, id, reason.trim());
    await recordAudit(tx, ctx, {
      action: 'certificate.revoke',
      entityType: 'certificate',
      entityId: id,
      areaCode: row.areaCode,
      summary: { reason: reason.trim() },
    });
  });
}

/**
 * An office finds a certificate by its verification code (typed, or scanned from the paper's QR
 * code) to revoke it: only certificates of volunteers in its own area; others look unknown (404).
 */
export async function certificateByCode(db: Db, actor: Actor, input: string) {
  const code = parseCertificateCode(input);
  if (!code) throw notFound('entity.certificate');
  const row = await q.certificateWithCode(db, code);
  if (!row) throw notFound('entity.certificate');
  authorize(actor, 'certificate.revoke', { areaCode: row.areaCode }, 'entity.certificate');
  const { areaCode: _, facts, ...rest } = row;
  return { ...rest, facts: { ...facts, name: maskName(facts.name) } };
}

type StatementVerdict = Exclude<ReturnType<typeof statementVerdict>, { result: 'forged' }>;

export type Verification =
  | { code: string; result: 'malformed' | 'unknown' | 'forged' }
  | {
      code: string;
      result: 'valid' | 'superseded' | 'revoked';
      kind: 'certificate';
      facts: Omit<CertificateFacts, 'name'> & { name: string };
      revokedReason: string | null;
      revokedOn: string | null;
    }
  | StatementVerdict;

/**
 * Anyone may check codes, a certificate's (C…) or a statement's (S…): a malformed or truncated
 * code, one that was never issued, and one whose stored facts no longer match their signature are
 * each refused; otherwise the facts (name masked) and whether it is valid, superseded or revoked.
 */
export async function verifyCodes(db: Db, config: Config, inputs: string[]): Promise<Verification[]> {
  const parsed = inputs.map((input) => ({ input, code: parseVerificationCode(input) }));
  const codes = parsed.flatMap((p) => (p.code ? [p.code] : []));
  const certificateCodes = codes.filter((c) => c.startsWith('C'));
  const statementCodes = codes.filter((c) => c.startsWith('S'));
  const rows = certificateCodes.length ? await q.certificatesWithCodes(db, certificateCodes) : [];
  const statementRows = statementCodes.length ? await statementsWithCodes(db, statementCodes) : [];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const statementByCode = new Map(statementRows.map((r) => [r.code, r]));
  return parsed.map(({ input, code }): Verification => {
    if (!code) return { code: input, result: 'malformed' };
    const statement = statementByCode.get(code);
    if (statement) return statementVerdict(code, statement, config.publicKey);
    const row = byCode.get(code);
    if (!row) return { code, result: 'unknown' };
    if (!factsVerify(row.facts, row.signature, config.publicKey)) return { code, result: 'forged' };
    const revokedOn = row.status === 'revoked' ? todayInChina(row.revokedAt ?? row.issuedAt) : null;
    return {
      code,
      result: row.status,
      kind: 'certificate',
      facts: { ...row.facts, name: maskName(row.facts.name) },
      revokedReason: row.revokedReason,
      revokedOn,
    };
  });
}
