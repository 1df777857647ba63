import { createHash, type KeyObject, sign, verify } from 'node:crypto';

/**
 * The proof of service (志愿服务记录证明): its facts, signed with the platform's Ed25519 key, and
 * a verification code anyone can check. The code carries a check character, so a mistyped or
 * truncated code is refused before anything is looked up; a forged one is not found; altered
 * facts no longer match their signature.
 */
export interface CertificateFacts {
  code: string;
  volunteerNo: string;
  name: string;
  docMasked: string | null;
  from: string;
  to: string;
  totalHours: number;
  organizations: { name: string; hours: number; records: number }[];
  /**
   * The awards on record when it was issued (MCA 2020 measures, Art 9). Certificates issued before
   * awards were stated, and those of volunteers with none, have no such key: their signed bytes
   * stay exactly what they were.
   */
  awards?: AwardFact[];
  issuedOn: string;
}

/** An award as certificates and statements state it. */
export interface AwardFact {
  title: string;
  year: number;
  grantedOn: string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const CHECK = `${ALPHABET}*~$=U`; // 37 check symbols (mod 37)

function checkSymbol(body: string): string {
  let n = 0n;
  for (const c of body) n = n * 32n + BigInt(ALPHABET.indexOf(c));
  return CHECK[Number(n % 37n)];
}

/**
 * A verification code: a letter saying what it proves ("C" a certificate, "S" a statement) + 16
 * base32 characters from 10 random bytes + a mod-37 check character.
 */
export function verificationCode(random: Buffer, prefix: 'C' | 'S'): string {
  let bits = 0n;
  for (const b of random.subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let body = '';
  for (let i = 0; i < 16; i++) {
    body = ALPHABET[Number(bits & 31n)] + body;
    bits >>= 5n;
  }
  return `${prefix}${body}${checkSymbol(body)}`;
}

export const certificateCode = (random: Buffer) => verificationCode(random, 'C');

/**
 * Normalizes what a person typed (lowercase, dashes, spaces) and checks the form and check
 * character: a certificate's or a statement's code, or undefined.
 */
export function parseVerificationCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[CS][0-9A-HJKMNP-TV-Z]{16}[0-9A-HJKMNP-TV-Z*~$=U]$/.test(code)) return undefined;
  return checkSymbol(code.slice(1, 17)) === code[17] ? code : undefined;
}

/** A certificate's code (a statement's, or anything else, is undefined). */
export function parseCertificateCode(input: string): string | undefined {
  const code = parseVerificationCode(input);
  return code?.startsWith('C') ? code : undefined;
}

/** The signed bytes: the facts as JSON with keys in a fixed order. */
export function canonicalFacts(f: CertificateFacts): Buffer {
  const ordered = {
    code: f.code,
    volunteerNo: f.volunteerNo,
    name: f.name,
    docMasked: f.docMasked,
    from: f.from,
    to: f.to,
    totalHours: f.totalHours,
    organizations: f.organizations.map((o) => ({ name: o.name, hours: o.hours, records: o.records })),
    // Only when present, so a certificate signed before awards were stated keeps its bytes.
    ...(f.awards ? { awards: f.awards.map((a) => ({ title: a.title, year: a.year, grantedOn: a.grantedOn })) } : {}),
    issuedOn: f.issuedOn,
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

/** Ed25519 over signed bytes, base64: certificates and statements alike. */
export const signBytes = (bytes: Buffer, key: KeyObject) => sign(null, bytes, key).toString('base64');

export function bytesVerify(bytes: Buffer, signature: string, publicKey: KeyObject) {
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export const signFacts = (f: CertificateFacts, key: KeyObject) => signBytes(canonicalFacts(f), key);

export const factsVerify = (f: CertificateFacts, signature: string, publicKey: KeyObject) =>
  bytesVerify(canonicalFacts(f), signature, publicKey);

/** A short fingerprint of the public key, printed on the certificate and published for partners. */
export const keyFingerprint = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
