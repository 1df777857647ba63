import type { KeyObject } from 'node:crypto';
import { bytesVerify, type CertificateFacts, canonicalFacts, signBytes } from './certificate.ts';

/**
 * What a certificate PDF carries so that anyone holding the platform's public key
 * (/api/verify-key) can check it with no server: the signed statement (the facts' canonical JSON,
 * the same bytes the platform signed when it issued the certificate) and its Ed25519 signature,
 * in the PDF's metadata; and, in its QR code, the verify address with the facts and signature
 * packed into the fragment. A revoked certificate's PDF also carries a signed revocation.
 */
export interface CertificateSeal {
  v: 1;
  /** The signed statement: canonicalFacts(facts) as text. */
  statement: string;
  /** Ed25519 signature of the statement's UTF-8 bytes, base64. */
  signature: string;
  /** The signing key's fingerprint (keyFingerprint). */
  keyId: string;
  /** Present once the certificate is revoked: canonicalRevocation as text, and its signature. */
  revocation?: { statement: string; signature: string };
}

export interface Revocation {
  code: string;
  revokedOn: string;
  reason: string;
}

/** The signed bytes of a revocation: its fields in a fixed order, like canonicalFacts. */
export function canonicalRevocation(r: Revocation): Buffer {
  return Buffer.from(JSON.stringify({ revokes: r.code, status: 'revoked', revokedOn: r.revokedOn, reason: r.reason }), 'utf8');
}

/** A seal over signed text (a certificate's or a statement's canonical facts), with a revocation signed now when given. */
export function sealSigned(
  statement: string,
  signature: string,
  keyId: string,
  revoked?: { revocation: Revocation; key: KeyObject },
): CertificateSeal {
  const seal: CertificateSeal = { v: 1, statement, signature, keyId };
  if (revoked) {
    const bytes = canonicalRevocation(revoked.revocation);
    seal.revocation = { statement: bytes.toString('utf8'), signature: signBytes(bytes, revoked.key) };
  }
  return seal;
}

export const sealCertificate = (
  facts: CertificateFacts,
  signature: string,
  keyId: string,
  revoked?: { revocation: Revocation; key: KeyObject },
): CertificateSeal => sealSigned(canonicalFacts(facts).toString('utf8'), signature, keyId, revoked);

/**
 * The seal as it sits in the PDF: one marked, base64 string (an info-dictionary entry), so it is
 * found in the file's bytes without a PDF parser and survives any writer's string escaping.
 * Statements (statement-seal.ts) carry the same structure under their own mark.
 */
const MARK = 'VNSEAL1:';
export const SEAL_INFO_KEY = 'VolunetCertificate';
export const sealText = (seal: { v: 1 }, mark = MARK) => mark + Buffer.from(JSON.stringify(seal), 'utf8').toString('base64');

/** The seals under `mark` in a PDF's bytes (normally one; a file that carries two different ones is not to be trusted). */
export function sealsInPdf(pdf: Uint8Array, mark = MARK): string[] {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(`${mark}([A-Za-z0-9+/=]{16,})`, 'g'))) found.add(m[1]);
  return [...found];
}

export type SealCheckOf<F> =
  | { result: 'missing' }
  | { result: 'forged' }
  | { result: 'valid'; facts: F; keyId: string }
  | { result: 'revoked'; facts: F; keyId: string; revokedOn: string; reason: string };
export type SealCheck = SealCheckOf<CertificateFacts>;

const isFacts = (v: unknown): v is CertificateFacts =>
  typeof v === 'object' &&
  v !== null &&
  ['code', 'volunteerNo', 'name', 'from', 'to', 'issuedOn'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string') &&
  typeof (v as CertificateFacts).totalHours === 'number' &&
  Array.isArray((v as CertificateFacts).organizations);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const verifies = (statement: string, signature: string, key: KeyObject) => bytesVerify(Buffer.from(statement, 'utf8'), signature, key);

/**
 * Checks a seal with a public key alone: `factsOf` accepts the signed text only in its one
 * canonical form, the text must carry the key's signature, and a revocation must be signed too
 * and name the same code.
 */
export function checkSignedSeal<F extends { code: string }>(
  encoded: string,
  publicKey: KeyObject,
  factsOf: (statement: string) => F | undefined,
): SealCheckOf<F> {
  const seal = parseJson(Buffer.from(encoded, 'base64').toString('utf8')) as Partial<CertificateSeal> | undefined;
  if (!seal || typeof seal.statement !== 'string' || typeof seal.signature !== 'string') return { result: 'forged' };
  const facts = factsOf(seal.statement);
  if (!facts) return { result: 'forged' };
  if (!verifies(seal.statement, seal.signature, publicKey)) return { result: 'forged' };
  const keyId = String(seal.keyId ?? '');
  if (!seal.revocation) return { result: 'valid', facts, keyId };
  const { statement, signature } = seal.revocation;
  const r = parseJson(statement) as { revokes?: unknown; revokedOn?: unknown; reason?: unknown } | undefined;
  if (!r || r.revokes !== facts.code || typeof r.revokedOn !== 'string' || typeof r.reason !== 'string') return { result: 'forged' };
  if (canonicalRevocation({ code: facts.code, revokedOn: r.revokedOn, reason: r.reason }).toString('utf8') !== statement)
    return { result: 'forged' };
  if (!verifies(statement, signature, publicKey)) return { result: 'forged' };
  return { result: 'revoked', facts, keyId, revokedOn: r.revokedOn, reason: r.reason };
}

function certificateFactsOf(statement: string): CertificateFacts | undefined {
  const facts = parseJson(statement);
  return isFacts(facts) && canonicalFacts(facts).toString('utf8') === statement ? facts : undefined;
}

export const checkSeal = (encoded: string, publicKey: KeyObject): SealCheck => checkSignedSeal(encoded, publicKey, certificateFactsOf);

/** A file's verdict under one mark: no seal, two different seals (forged), or the one seal's check. */
export function checkPdfSeal<F extends { code: string }>(
  pdf: Uint8Array,
  publicKey: KeyObject,
  mark: string,
  factsOf: (statement: string) => F | undefined,
): SealCheckOf<F> {
  const seals = sealsInPdf(pdf, mark);
  if (seals.length === 0) return { result: 'missing' };
  if (seals.length > 1) return { result: 'forged' };
  return checkSignedSeal(seals[0], publicKey, factsOf);
}

/** A certificate PDF's verdict. */
export const checkCertificatePdf = (pdf: Uint8Array, publicKey: KeyObject): SealCheck =>
  checkPdfSeal(pdf, publicKey, MARK, certificateFactsOf);

/**
 * The QR code's text: the verify address (which a phone opens) with the signed facts packed in its
 * fragment, never sent to a server: the facts as a JSON array in canonical order without the code
 * (it is in the path), then the signature, both base64url. An offline reader rebuilds the statement.
 */
export function qrPayload(verifyUrl: string, facts: CertificateFacts, signature: string): string {
  const packed = [
    facts.volunteerNo,
    facts.name,
    facts.docMasked,
    facts.from,
    facts.to,
    facts.totalHours,
    facts.organizations.map((o) => [o.name, o.hours, o.records]),
    facts.issuedOn,
  ];
  // Awards ride as a ninth element only when the certificate states them (older codes have eight).
  if (facts.awards) packed.push(facts.awards.map((a) => [a.title, a.year, a.grantedOn]));
  const b64url = (b: Buffer) => b.toString('base64url');
  return `${verifyUrl}#${b64url(Buffer.from(JSON.stringify(packed), 'utf8'))}.${b64url(Buffer.from(signature, 'base64'))}`;
}

/** The facts and signature from a QR code's text (qrPayload), or undefined when it holds none. */
export function factsFromQr(payload: string): { facts: CertificateFacts; signature: string } | undefined {
  const m = /\/verify\/([0-9A-Z*~$=]{18})#([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(payload);
  if (!m) return undefined;
  const p = parseJson(Buffer.from(m[2], 'base64url').toString('utf8'));
  if (!Array.isArray(p) || (p.length !== 8 && p.length !== 9) || !Array.isArray(p[6])) return undefined;
  if (p.length === 9 && !Array.isArray(p[8])) return undefined;
  const facts = {
    code: m[1],
    volunteerNo: p[0],
    name: p[1],
    docMasked: p[2],
    from: p[3],
    to: p[4],
    totalHours: p[5],
    organizations: (p[6] as unknown[][]).map(([name, hours, records]) => ({ name, hours, records })),
    ...(p.length === 9 ? { awards: (p[8] as unknown[][]).map(([title, year, grantedOn]) => ({ title, year, grantedOn })) } : {}),
    issuedOn: p[7],
  } as CertificateFacts;
  if (!isFacts(facts)) return undefined;
  return { facts, signature: Buffer.from(m[3], 'base64url').toString('base64') };
}
