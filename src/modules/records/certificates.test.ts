import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { certificateCode } from '../../domain/records/certificate.ts';
import { appendLedger } from './ledger.ts';

let t: TestApp;
let volunteer: Session;
let district: Session;
let name: string;
let volunteerNo: string;

beforeAll(async () => {
  t = await createTestApp();
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
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-cert-')), 'c.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
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
