import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.ts';
import { appendLedger } from '../src/modules/records/index.ts';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from './factories.ts';
import { createTestApp, TEST_PII_KEYS, type TestApp } from './helpers/app.ts';
import { pdfFile } from './helpers/certificate-pdf.ts';

// `volunet verify-pdf` runs as a user runs it: a separate process, with no server and no database.
let t: TestApp;
let volunteer: Session;
let district: Session;

// Started without blocking this process: one test serves the key from the app in this process.
function volunet(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, VOLUNET_DATA_DIR: t.config.dataDir, VOLUNET_PII_KEYS: TEST_PII_KEYS, DATABASE_URL: '' };
  const child = spawn('node', ['bin/volunet.mjs', ...args], { env, timeout: 120_000 });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

beforeAll(async () => {
  t = await createTestApp();
  const org = await buildOrganization(t.database.db, t.config, { areaCode: '330113001', name: '钱塘江护绿队' });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: '330113001001', name: '王小明' });
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  volunteer = await signIn(t.app, account);
  district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330113' }]));
  const [record] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      values (${v.id}, ${org}, '护绿', '2026-03-01', '江边', '陈队长', 'manual', 3, 'confirmed') returning id`),
  );
  await t.database.db.transaction((tx) =>
    appendLedger(tx, t.config.ledgerKey, [
      { volunteerId: v.id, recordId: record.id, kind: 'credit', hours: '3', at: '2026-03-01T04:00:00.000Z' },
    ]),
  );
});
afterAll(() => t.close());

async function certificatePdf(from: string, to: string) {
  const cert = (await volunteer.request({ method: 'POST', url: '/api/certificates', payload: { from, to } })).json();
  return { cert, pdf: (await volunteer.request({ url: `/api/certificates/${cert.id}/pdf` })).rawPayload };
}

describe('volunet verify-pdf', () => {
  it('passes a genuine PDF with this installation’s key and prints its facts (exit 0)', async () => {
    const { cert, pdf } = await certificatePdf('2026-01-01', '2026-06-30');
    const run = await volunet('verify-pdf', pdfFile(pdf));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('VALID');
    for (const fact of [cert.code, '王小明', '2026-01-01 ~ 2026-06-30', '钱塘江护绿队']) expect(run.stdout).toContain(fact);
  });

  it('refuses a PDF whose facts were changed by one byte, and one signed with another key (exit 2)', async () => {
    const { pdf } = await certificatePdf('2026-02-01', '2026-06-30');
    const text = pdf.toString('latin1');
    const [, seal] = /VNSEAL1:([A-Za-z0-9+/=]+)/.exec(text) ?? [];
    const decoded = JSON.parse(Buffer.from(seal, 'base64').toString('utf8'));
    decoded.statement = decoded.statement.replace('"totalHours":3', '"totalHours":8');
    const tampered = Buffer.from(text.replace(seal, Buffer.from(JSON.stringify(decoded)).toString('base64')), 'latin1');
    const run = await volunet('verify-pdf', pdfFile(tampered));
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout).toContain('FORGED');
    expect(run.stdout).not.toContain('totalHours');

    const otherPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    const other = pdfFile(Buffer.from(otherPem), 'other.pem');
    expect((await volunet('verify-pdf', pdfFile(pdf), '--key', other)).status).toBe(2);
    expect((await volunet('verify-pdf', pdfFile(Buffer.from('%PDF-1.4 not a certificate')))).status).toBe(2);
  });

  it('takes the published key from a file or a platform’s address, and says revoked for a revoked certificate’s PDF (exit 3)', async () => {
    const { cert } = await certificatePdf('2026-03-01', '2026-06-30');
    await district.request({ method: 'POST', url: `/api/certificates/${cert.id}/revoke`, payload: { reason: '服务记录重复' } });
    const revoked = pdfFile((await volunteer.request({ url: `/api/certificates/${cert.id}/pdf` })).rawPayload);
    const keyJson = path.join(path.dirname(revoked), 'verify-key.json');
    writeFileSync(keyJson, (await t.app.inject({ url: '/api/verify-key' })).body);
    const run = await volunet('verify-pdf', revoked, '--key', keyJson);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout).toContain('REVOKED');
    expect(run.stdout).toContain('服务记录重复');

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const genuine = pdfFile((await certificatePdf('2026-01-01', '2026-12-31')).pdf);
    const online = await volunet('verify-pdf', genuine, '--key', origin);
    expect(online.stdout).toContain(`${origin}/api/verify-key`);
    expect(online.status, online.stderr).toBe(0);
  });

  it('checks a signed statement’s PDF the same way: its facts with the key alone, forged once changed', async () => {
    const statement = (await volunteer.request({ method: 'POST', url: '/api/statements', payload: { kind: 'employerReference' } })).json();
    const pdf = (await volunteer.request({ url: `/api/statements/${statement.id}/pdf` })).rawPayload;
    const run = await volunet('verify-pdf', pdfFile(pdf));
    expect(run.status, run.stderr).toBe(0);
    for (const fact of ['VALID', statement.code, '王小明', 'employerReference', '钱塘江护绿队', 'total hours:   3'])
      expect(run.stdout).toContain(fact);
    const text = pdf.toString('latin1');
    const [, seal] = /VNSTMT1:([A-Za-z0-9+/=]+)/.exec(text) ?? [];
    const decoded = JSON.parse(Buffer.from(seal, 'base64').toString('utf8'));
    decoded.statement = decoded.statement.replace('"totalHours":3', '"totalHours":30');
    const tampered = Buffer.from(text.replace(seal, Buffer.from(JSON.stringify(decoded)).toString('base64')), 'latin1');
    expect((await volunet('verify-pdf', pdfFile(tampered))).status).toBe(2);
  });
});
