import type { KeyObject } from 'node:crypto';
import {
  type CertificateSeal,
  checkCertificatePdf,
  checkPdfSeal,
  parseJson,
  type Revocation,
  type SealCheck,
  type SealCheckOf,
  sealSigned,
  sealText,
} from './certificate-seal.ts';
import { canonicalStatement, STATEMENT_KINDS, type StatementFacts } from './statement.ts';

/**
 * A statement PDF carries its seal like a certificate (certificate-seal.ts): the signed canonical
 * facts, their Ed25519 signature, the key id and, once revoked, a signed revocation, under its own
 * mark, so a school or an employer holding the file checks it with the platform's public key and
 * no server (`volunet verify-pdf FILE`).
 */
const MARK = 'VNSTMT1:';
export const STATEMENT_SEAL_INFO_KEY = 'VolunetStatement';
export const statementSealText = (seal: CertificateSeal) => sealText(seal, MARK);

export const sealStatement = (
  facts: StatementFacts,
  signature: string,
  keyId: string,
  revoked?: { revocation: Revocation; key: KeyObject },
): CertificateSeal => sealSigned(canonicalStatement(facts).toString('utf8'), signature, keyId, revoked);

const isStatementFacts = (v: unknown): v is StatementFacts => {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return (
    (STATEMENT_KINDS as readonly unknown[]).includes(f.kind) &&
    ['code', 'volunteerNo', 'name', 'issuedOn', 'issuedBy'].every((k) => typeof f[k] === 'string') &&
    typeof f.totalHours === 'number'
  );
};

/** The facts, only when the signed text is their one canonical form. */
function statementFactsOf(statement: string): StatementFacts | undefined {
  const facts = parseJson(statement);
  return isStatementFacts(facts) && canonicalStatement(facts).toString('utf8') === statement ? facts : undefined;
}

export type StatementSealCheck = SealCheckOf<StatementFacts>;

export const checkStatementPdf = (pdf: Uint8Array, publicKey: KeyObject): StatementSealCheck =>
  checkPdfSeal(pdf, publicKey, MARK, statementFactsOf);

export type ProofPdfCheck =
  | { document: 'certificate'; check: SealCheck }
  | { document: 'statement'; check: StatementSealCheck }
  | { document: null; check: { result: 'missing' } | { result: 'forged' } };

/**
 * A proof PDF (a certificate or a statement) checked with the public key alone. A file that carries
 * both seals is forged: its pages would show one document while the other's seal vouched for it.
 */
export function checkProofPdf(pdf: Uint8Array, publicKey: KeyObject): ProofPdfCheck {
  const certificate = checkCertificatePdf(pdf, publicKey);
  const statement = checkStatementPdf(pdf, publicKey);
  if (certificate.result !== 'missing' && statement.result !== 'missing') return { document: null, check: { result: 'forged' } };
  if (certificate.result !== 'missing') return { document: 'certificate', check: certificate };
  if (statement.result !== 'missing') return { document: 'statement', check: statement };
  return { document: null, check: { result: 'missing' } };
}
