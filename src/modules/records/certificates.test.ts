import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { pdfFile, pdfText, qrTextOf } from '../../../test/helpers/certificate-pdf.ts';
import { loadConfig } from '../../config.ts';
import { rowsOf } from '../../db/client.ts';
import { type CertificateFacts, certificateCode, factsVerify, keyFingerprint, signFacts } from '../../domain/records/certificate.ts';
import { checkCertificatePdf, factsFromQr, sealCertificate, sealsInPdf } from '../../domain/records/certificate-seal.ts';
import { certificatePdf, qrText } from './certificate-pdf.ts';
import { appendLedger } from './ledger.ts';

let t: TestApp;
let volunteer: Session;
let district: Session;
let name: string;
let volunteerNo: string;

const PUBLIC_URL = 'https://volunteer.example.gov.cn/vn';
const certificateFacts = (): CertificateFacts => ({
  code: certificateCode(Buffer.alloc(10, 3)),
  volunteerNo: 'V3301000000001',
  name: '王小明',
  docMasked: '3301**********0049',
  from: '2026-01-01',
  to: '2026-12-31',
  totalHours: 0,
  organizations: [],
  issuedOn: '2026-12-07',
});

beforeAll(async () => {
  t = await createTestApp({ config: { publicUrl: PUBLIC_URL, publicUrlDefaulted: false } });
  const org = await buildOrganization(t.database.db, t.config, { areaCode: '330113001', name: '钱塘江护绿队' });
  const org2 = await buildOrganization(t.database.db, t.config, { areaCode: '330113001', name: '社区助老服务队' });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: '330113001001', name: '王小明' });
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  volunteer = await signIn(t.app, account);
  district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330113' }]));
  [name, volunteerNo] = ['王小明', v.volunteerNo];
  // Confirmed records in 2026 at two organizations (3 h + 2.5 h, and 4 h), one in 2025.
  const records = rowsOf<{ id: string; d: string }>(
    await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      values (${v.id}, ${org}, '护绿', '2026-03-01', '江边', '陈队长', 'manual', 3, 'confirmed'),
             (${v.id}, ${org}, '护绿', '2026-04-01', '江边', '陈队长', 'manual', 2.5, 'confirmed'),
             (${v.id}, ${org2}, '助老', '2026-05-01', '社区', '李站长', 'manual', 4, 'confirmed'),
             (${v.id}, ${org2}, '助老', '2025-05-01', '社区', '李站长', 'manual', 6, 'confirmed')
      returning id, service_date::text as d`),
  );
  await t.database.db.transaction((tx) =>
    appendLedger(
      tx,
      t.config.ledgerKey,
      records.map((r, i) => ({
        volunteerId: v.id,
        recordId: r.id,
        kind: 'credit' as const,
        hours: String([3, 2.5, 4, 6][i]),
        at: `${r.d}T04:00:00.000Z`,
      })),
    ),
  );
});
afterAll(() => t.close());

const issue = (from = '2026-01-01', to = '2026-12-31') =>
  volunteer.request({ method: 'POST', url: '/api/certificates', payload: { from, to } });
const pdfOf = async (id: string, headers: Record<string, string> = {}) =>
  (await volunteer.request({ url: `/api/certificates/${id}/pdf`, headers })).rawPayload;
const publicKey = async () => createPublicKey((await t.app.inject({ url: '/api/verify-key' })).json().publicKey);
const verify = (code: string) => t.app.inject({ url: `/api/verify/${encodeURIComponent(code)}` }).then((r) => r.json());

describe('certificates', () => {
  it('issues a signed certificate of the period’s confirmed hours per organization, printable with its Chinese text intact', async () => {
    const res = await issue();
    expect(res.statusCode, res.body).toBe(201);
    const cert = res.json();
    expect(cert.facts).toMatchObject({
      name,
      volunteerNo,
      totalHours: 9.5,
      organizations: [
        { name: '钱塘江护绿队', hours: 5.5, records: 2 },
        { name: '社区助老服务队', hours: 4, records: 1 },
      ],
    });
    const pdf = await volunteer.request({ url: `/api/certificates/${cert.id}/pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdfFile(pdf.rawPayload));
    for (const expected of [
      '志愿服务记录证明',
      `姓名：${name}`,
      `志愿者编号：${volunteerNo}`,
      '服务期间：2026-01-01 至 2026-12-31',
      '服务时长合计：9.50 小时',
      '钱塘江护绿队',
      `核验码：${cert.code}`,
    ])
      expect(text).toContain(expected);
    expect(text).not.toMatch(/\d{17}[\dX]/); // no full ID number anywhere
  });

  it('lets anyone verify a code (name masked) and refuses a mistyped, truncated, forged or altered one', async () => {
    const cert = (await issue('2026-03-01', '2026-03-31')).json();
    expect(await verify(cert.code)).toMatchObject({ result: 'valid', facts: { name: '王*明', totalHours: 3 } });
    expect(await verify(`${cert.code.slice(0, 6).toLowerCase()}-${cert.code.slice(6)}`)).toMatchObject({ result: 'valid' });
    expect(await verify(cert.code.slice(0, 12))).toMatchObject({ result: 'malformed' });
    const typo = cert.code.slice(0, 3) + (cert.code[3] === '5' ? '6' : '5') + cert.code.slice(4);
    expect(await verify(typo)).toMatchObject({ result: 'malformed' });
    expect(await verify(certificateCode(Buffer.alloc(10, 7)))).toMatchObject({ result: 'unknown' });
    await t.database.db.execute(sql`update certificates set facts = jsonb_set(facts, '{totalHours}', '300') where code = ${cert.code}`);
    expect(await verify(cert.code)).toMatchObject({ result: 'forged' });
  });

  it('supersedes a certificate when a new one is issued for the same period, and shows a revocation', async () => {
    const first = (await issue('2025-01-01', '2025-12-31')).json();
    const second = (await issue('2025-01-01', '2025-12-31')).json();
    const batch = await t.app.inject({ method: 'POST', url: '/api/verify', payload: { codes: [first.code, second.code, 'nonsense'] } });
    expect(batch.json().map((v: { result: string }) => v.result)).toEqual(['superseded', 'valid', 'malformed']);
    expect(
      (await district.request({ method: 'POST', url: `/api/certificates/${second.id}/revoke`, payload: { reason: '记录有误' } }))
        .statusCode,
    ).toBe(204);
    expect(await verify(second.code)).toMatchObject({ result: 'revoked', revokedReason: '记录有误' });
    expect((await issue('2024-01-01', '2024-12-31')).json().error.message).toContain('没有已确认');
    const key = (await t.app.inject({ url: '/api/verify-key' })).json();
    expect(key).toMatchObject({ algorithm: 'Ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
  });

  it('lets a district office find a certificate of its own area by code to revoke it; others see nothing', async () => {
    const cert = (await issue('2026-04-01', '2026-04-30')).json();
    const found = await district.request({ url: `/api/certificates/by-code/${cert.code.toLowerCase()}` });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ id: cert.id, code: cert.code, status: 'valid', facts: { name: '王*明', totalHours: 2.5 } });
    const elsewhere = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330106' }]));
    expect((await elsewhere.request({ url: `/api/certificates/by-code/${cert.code}` })).statusCode).toBe(404);
    expect((await volunteer.request({ url: `/api/certificates/by-code/${cert.code}` })).statusCode).toBe(404);
    expect((await district.request({ url: '/api/certificates/by-code/NOT-A-CODE' })).statusCode).toBe(404);
  });
});

describe('certificate PDFs', () => {
  it('name the configured public address in their text and QR code, whatever Host the request named', async () => {
    const cert = (await issue('2026-05-01', '2026-05-31')).json();
    const file = pdfFile(await pdfOf(cert.id, { host: 'evil.example', 'x-forwarded-host': 'evil.example' }));
    const text = pdfText(file);
    expect(text).toContain(`${PUBLIC_URL}/verify/${cert.code}`);
    expect(text).not.toContain('evil.example');
    const qr = qrTextOf(file);
    expect(qr.startsWith(`${PUBLIC_URL}/verify/${cert.code}#`), qr).toBe(true);
    // The QR code holds the signed facts and the signature, and stays small enough to scan from paper.
    const fromQr = factsFromQr(qr);
    expect(fromQr?.facts).toEqual(cert.facts);
    expect(factsVerify(fromQr!.facts, fromQr!.signature, await publicKey())).toBe(true);
    expect(QRCode.create(qr, { errorCorrectionLevel: 'L' }).version).toBeLessThanOrEqual(15);
  });

  it('carry the signed statement, which the published key alone verifies; a one-byte change to the facts fails', async () => {
    const cert = (await issue('2026-04-15', '2026-05-31')).json();
    const pdf = await pdfOf(cert.id);
    const key = await publicKey();
    expect(checkCertificatePdf(pdf, key)).toMatchObject({ result: 'valid', facts: cert.facts });
    const [seal] = sealsInPdf(pdf);
    const decoded = JSON.parse(Buffer.from(seal, 'base64').toString('utf8'));
    expect(JSON.parse(decoded.statement)).toEqual(cert.facts);
    const tampered = { ...decoded, statement: decoded.statement.replace('"totalHours":4', '"totalHours":9') };
    expect(tampered.statement).not.toBe(decoded.statement);
    const forgedPdf = Buffer.from(
      pdf.toString('latin1').replace(seal, Buffer.from(JSON.stringify(tampered), 'utf8').toString('base64')),
      'latin1',
    );
    expect(checkCertificatePdf(forgedPdf, key)).toEqual({ result: 'forged' });
    // Another key (another platform's, or a forger's) does not verify it.
    const other = createPublicKey(loadConfig({ VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-key-')) }).signingKey);
    expect(checkCertificatePdf(pdf, other)).toEqual({ result: 'forged' });

    // The public page checks a PDF file the same way, with no sign-in.
    const check = (body: Buffer) =>
      t.app.inject({ method: 'POST', url: '/api/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: body });
    expect((await check(pdf)).json()).toMatchObject({ code: cert.code, result: 'valid', facts: { name: '王*明', totalHours: 4 } });
    expect((await check(forgedPdf)).json()).toMatchObject({ result: 'forged' });
    expect((await check(Buffer.from('%PDF-1.4 nothing here'))).json()).toMatchObject({ result: 'unsealed' });
  });

  it('of a revoked certificate say so when downloaded again: a visible mark with date and reason, and a signed revocation', async () => {
    const cert = (await issue('2026-02-01', '2026-05-31')).json();
    const before = await pdfOf(cert.id);
    await district.request({ method: 'POST', url: `/api/certificates/${cert.id}/revoke`, payload: { reason: '服务记录重复' } });
    const after = await pdfOf(cert.id);
    const text = pdfText(pdfFile(after));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(text).toContain('已撤销');
    expect(text).toContain('REVOKED');
    expect(text).toContain(today);
    expect(text).toContain('服务记录重复');
    expect(checkCertificatePdf(after, await publicKey())).toMatchObject({ result: 'revoked', revokedOn: today, reason: '服务记录重复' });
    // A copy from before the revocation is still signed, but the public page asks the registry too.
    expect(checkCertificatePdf(before, await publicKey())).toMatchObject({ result: 'valid' });
    const online = await t.app.inject({
      method: 'POST',
      url: '/api/verify/pdf',
      headers: { 'content-type': 'application/pdf' },
      payload: before,
    });
    expect(online.json()).toMatchObject({ result: 'revoked', revokedReason: '服务记录重复', revokedOn: today });
  });
});

describe('a certificate of many organizations', () => {
  it('still prints, its QR code falling back to the verify address while the metadata keeps the whole seal', async () => {
    const { signingKey, publicKey: key } = loadConfig({ VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-key-')) });
    const organizations = Array.from({ length: 60 }, (_, i) => ({ name: `第${i + 1}社区志愿服务队`, hours: 1.5, records: 1 }));
    const facts = { ...certificateFacts(), organizations, totalHours: 90 };
    const signature = signFacts(facts, signingKey);
    const url = `${PUBLIC_URL}/verify/${facts.code}`;
    const seal = sealCertificate(facts, signature, keyFingerprint(key));
    expect(qrText(url, facts, seal)).toBe(url);
    const pdf = await certificatePdf({ facts, verifyUrl: url, seal });
    expect(checkCertificatePdf(pdf, key)).toMatchObject({ result: 'valid', facts });
    // Two organizations fit in the code.
    const few = { ...facts, organizations: organizations.slice(0, 2), totalHours: 3 };
    expect(qrText(url, few, sealCertificate(few, signFacts(few, signingKey), 'k'))).toMatch(/#.+\..+$/);
  });
});

describe('the public address', () => {
  const load = (url?: string) =>
    loadConfig({ VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-config-')), PORT: '8080', VOLUNET_PUBLIC_URL: url });
  it('when not set, is warned about once as the server starts', async () => {
    const log: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log.push(String(chunk));
        done();
      },
    });
    const unset = await createTestApp({
      config: { publicUrl: 'http://localhost:3000', publicUrlDefaulted: true },
      logger: { level: 'warn', stream },
    });
    await unset.close();
    expect(log.filter((line) => line.includes('VOLUNET_PUBLIC_URL'))).toHaveLength(1);
  });

  it('is an http(s) origin with an optional path prefix, or http://localhost:<port> when not set', () => {
    expect(load()).toMatchObject({ publicUrl: 'http://localhost:8080', publicUrlDefaulted: true });
    expect(load('https://Volunteer.Example.gov.cn/vn/')).toMatchObject({
      publicUrl: 'https://volunteer.example.gov.cn/vn',
      publicUrlDefaulted: false,
    });
    for (const bad of [
      'volunteer.example.gov.cn',
      'ftp://example.gov.cn',
      'https://u:p@example.gov.cn',
      'https://example.gov.cn/?a=1',
      'https://example.gov.cn/#x',
    ])
      expect(() => load(bad), bad).toThrow(/VOLUNET_PUBLIC_URL/);
  });
});

describe('addresses that leave the server', () => {
  it('are never built from the request’s Host or X-Forwarded-* headers anywhere in the server', () => {
    const src = path.resolve(import.meta.dirname, '../..');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$|\.d\.ts$/.test(f));
    const fromRequest = /\b(request|req)\.(host|hostname|headers\.host)\b|['"](host|x-forwarded-(host|proto))['"]\]?/i;
    expect(files.filter((f) => fromRequest.test(readFileSync(path.join(src, f), 'utf8')))).toEqual([]);
  });
});
