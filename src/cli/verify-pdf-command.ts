import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { keyFingerprint } from '../domain/records/certificate.ts';
import type { SealCheckOf } from '../domain/records/certificate-seal.ts';
import type { StatementFacts } from '../domain/records/statement.ts';
import { checkProofPdf } from '../domain/records/statement-seal.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** Exit codes: 0 valid; 2 forged, altered or neither a certificate nor a statement; 3 revoked. */
export const VERIFY_PDF_EXIT = { valid: 0, forged: 2, missing: 2, revoked: 3 } as const;

/** A public key from PEM text or the JSON of GET /api/verify-key. */
function keyFromText(text: string, where: string): KeyObject {
  let pem = text;
  if (text.trimStart().startsWith('{')) pem = String((JSON.parse(text) as { publicKey?: unknown }).publicKey ?? '');
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${where}: not an Ed25519 public key`);
  return key;
}

/**
 * --key: a file (PEM, or the JSON /api/verify-key answers), or an address: a platform's
 * /api/verify-key, or its public address, to which /api/verify-key is added.
 */
async function loadKey(source: string | undefined): Promise<{ key: KeyObject; from: string }> {
  if (!source) {
    const config = loadConfig();
    return { key: config.publicKey, from: `${config.dataDir} (VOLUNET_SIGNING_KEY / signing-key.pem)` };
  }
  if (/^https?:\/\//i.test(source)) {
    const url = /verify-key\/?$/.test(source) ? source : `${source.replace(/\/+$/, '')}/api/verify-key`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    return { key: keyFromText(await response.text(), url), from: url };
  }
  return { key: keyFromText(readFileSync(source, 'utf8'), source), from: source };
}

/** What a statement states, in the words of its PDF (statement-pdf.ts). */
function statementLines(f: StatementFacts) {
  out(`  证明 statement:         ${f.kind}`);
  if (f.kind === 'schoolPractice') {
    out(`  学校 school:            ${f.school}`);
    out(`  实践期间 period:        ${f.term.from} ~ ${f.term.to}`);
    for (const a of f.activities) out(`    ${a.date}  ${a.title}  ${a.organization}  ${a.hours} h`);
  } else if (f.kind === 'employerReference') {
    out(`  星级 stars:             ${f.stars}`);
    for (const o of f.organizations) out(`    ${o.name}  ${o.hours} h`);
  } else {
    out(`  星级 stars:             ${f.stars}`);
    for (const y of f.years) out(`    ${y.year}  ${y.hours} h`);
  }
  out(`  服务时长 total hours:   ${f.totalHours}`);
  if (f.kind !== 'schoolPractice') for (const a of f.awards) out(`    ${a.year} ${a.title}`);
}

/** Checks a certificate or statement PDF with the public key alone: no server, no database. */
export async function runVerifyPdf(file: string, opts: { key?: string }): Promise<number> {
  const { key, from } = await loadKey(opts.key);
  const bytes = readFileSync(file);
  const proof = checkProofPdf(bytes, key);
  const check: SealCheckOf<{ code: string; name: string; volunteerNo: string; docMasked: string | null; issuedOn: string }> = proof.check;
  out(`密钥 key: ${from} (${keyFingerprint(key)})`);
  if (check.result === 'missing') {
    out('无效 INVALID: 文件中没有证明的签名数据 the file carries no certificate or statement seal');
    return VERIFY_PDF_EXIT.missing;
  }
  if (check.result === 'forged') {
    out('伪造 FORGED: 签名与所述内容不符，或并非此密钥所签 the seal does not verify with this key (altered, or signed by another)');
    return VERIFY_PDF_EXIT.forged;
  }
  const f = check.facts;
  if (check.result === 'revoked') out(`已撤销 REVOKED on ${check.revokedOn}: ${check.reason}`);
  else out('有效 VALID: 签名核验通过 the signature verifies');
  out(`  核验码 code:            ${f.code}`);
  out(`  姓名 name:              ${f.name}`);
  out(`  志愿者编号 volunteer no: ${f.volunteerNo}`);
  if (f.docMasked) out(`  证件号码 ID document:   ${f.docMasked}`);
  if (proof.document === 'certificate' && (proof.check.result === 'valid' || proof.check.result === 'revoked')) {
    const c = proof.check.facts;
    out(`  服务期间 period:        ${c.from} ~ ${c.to}`);
    out(`  服务时长 total hours:   ${c.totalHours}`);
    for (const o of c.organizations) out(`    ${o.name}  ${o.hours} h (${o.records})`);
  } else statementLines(f as StatementFacts);
  out(`  出具日期 issued on:     ${f.issuedOn}`);
  // The key id in the file is not signed: compared with the key used, never printed as it stands.
  if (check.keyId !== keyFingerprint(key)) out('  注意 NOTE: 文件所记密钥指纹与所用密钥不同 the key id in the file is not the key used');
  if (check.result === 'valid')
    out(
      '  离线核验无法确认是否已撤销，请访问核验地址联网核验 (offline, a revocation cannot be ruled out: check online at the verify address)',
    );
  return VERIFY_PDF_EXIT[check.result];
}
