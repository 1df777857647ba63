import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { sealCertificate } from '../../domain/records/certificate-seal.ts';
import type { StatementKind } from '../../domain/records/statement.ts';
import { checkProofPdf, type StatementSealCheck } from '../../domain/records/statement-seal.ts';
import { todayInChina } from '../../platform/clock.ts';
import { maskName } from '../../platform/masking.ts';
import { certificatePdf } from './certificate-pdf.ts';
import * as q from './certificates.queries.ts';
import { ownCertificate, type Verification } from './certificates.ts';
import { verifyUrl } from './proof-pdf.ts';
import { statementsWithCodes } from './statements.ts';

const revokedOn = (at: Date | null) => todayInChina(at ?? new Date());

/**
 * The volunteer's certificate as a PDF: its facts, the signature made when it was issued, and,
 * once revoked, a revocation signed now with the same key (Ed25519 signs deterministically, so a
 * second download is byte-for-byte the same seal).
 */
export async function certificatePdfFile(db: Db, config: Config, actor: Actor, id: string) {
  const row = await ownCertificate(db, actor, id);
  const revoked = row.status === 'revoked' ? { on: revokedOn(row.revokedAt), reason: row.revokedReason ?? '' } : undefined;
  const seal = sealCertificate(
    row.facts,
    row.signature,
    row.keyFingerprint,
    revoked && { revocation: { code: row.code, revokedOn: revoked.on, reason: revoked.reason }, key: config.signingKey },
  );
  return { code: row.code, pdf: await certificatePdf({ facts: row.facts, verifyUrl: verifyUrl(config, row.code), seal, revoked }) };
}

export type PdfVerification =
  | { code: string; result: 'unsealed' | 'forged' }
  | (Extract<Verification, { kind: 'certificate' }> & { revokedOn: string | null })
  | Extract<Verification, { kind: StatementKind }>
  | { code: string; result: 'unknown' };

/**
 * Checks a PDF file someone holds: the seal inside it against the platform's key (as
 * `volunet verify-pdf` does offline), then the registry, so a copy downloaded before its
 * certificate was revoked or superseded says so too.
 */
export async function verifyCertificatePdf(db: Db, config: Config, pdf: Buffer): Promise<PdfVerification> {
  const proof = checkProofPdf(pdf, config.publicKey);
  if (proof.document === 'statement') return verifyStatement(db, proof.check);
  const { check } = proof;
  if (check.result === 'missing') return { code: '', result: 'unsealed' };
  if (check.result === 'forged') return { code: '', result: 'forged' };
  const { code } = check.facts;
  const [row] = await q.certificatesWithCodes(db, [code]);
  if (!row) return { code, result: 'unknown' };
  const facts = { ...check.facts, name: maskName(check.facts.name) };
  if (row.status === 'revoked')
    return { code, result: 'revoked', kind: 'certificate', facts, revokedReason: row.revokedReason, revokedOn: revokedOn(row.revokedAt) };
  if (check.result === 'revoked')
    return { code, result: 'revoked', kind: 'certificate', facts, revokedReason: check.reason, revokedOn: check.revokedOn };
  return { code, result: row.status, kind: 'certificate', facts, revokedReason: null, revokedOn: null };
}

/** A statement's PDF (statement-seal.ts): its seal, then the registry, the way a certificate's is checked. */
async function verifyStatement(db: Db, check: StatementSealCheck): Promise<PdfVerification> {
  if (check.result === 'missing') return { code: '', result: 'unsealed' };
  if (check.result === 'forged') return { code: '', result: 'forged' };
  const { code, kind } = check.facts;
  const [row] = await statementsWithCodes(db, [code]);
  if (!row) return { code, result: 'unknown' };
  const statement = { ...check.facts, name: maskName(check.facts.name) };
  if (row.status === 'revoked')
    return { code, result: 'revoked', kind, statement, revokedReason: row.revokedReason, revokedOn: revokedOn(row.revokedAt) };
  if (check.result === 'revoked')
    return { code, result: 'revoked', kind, statement, revokedReason: check.reason, revokedOn: check.revokedOn };
  return { code, result: row.status, kind, statement, revokedReason: null, revokedOn: null };
}
