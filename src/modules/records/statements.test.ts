import { createPublicKey, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { pdfFile, pdfText, qrTextOf } from '../../../test/helpers/certificate-pdf.ts';
import { rowsOf } from '../../db/client.ts';
import { statementCode } from '../../domain/records/statement.ts';
import { checkStatementPdf } from '../../domain/records/statement-seal.ts';
import { todayInChina } from '../../platform/clock.ts';
import { recordAward } from './awards.ts';
import { appendLedger } from './ledger.ts';

let t: TestApp;
let volunteer: Session;
let district: Session;
let volunteerId: string;
let volunteerNo: string;
// Dates relative to the year of issue, so the statements' spans hold whatever year the tests run in.
const Y = Number(todayInChina().slice(0, 4));
const PUBLIC_URL = 'https://volunteer.example.gov.cn';

beforeAll(async () => {
  t = await createTestApp({ config: { publicUrl: PUBLIC_URL, publicUrlDefaulted: false } });
  const db = t.database.db;
  const green = await buildOrganization(db, t.config, { areaCode: '330113001', name: '钱塘江护绿队' });
  const elderly = await buildOrganization(db, t.config, { areaCode: '330113001', name: '社区助老服务队' });
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  const v = await buildVolunteer(db, t.config, { areaCode: '330113001001', name: '王小明' });
  [volunteerId, volunteerNo] = [v.id, v.volunteerNo];
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  volunteer = await signIn(t.app, account);
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '330113' }]));
  // Autumn term of the school year Y-2: two activities; spring term Y-1: one; one in Y; none in Y-3.
  const rows: [string, string, string, string, number][] = [
    [green, '江边护绿', `${Y - 2}-10-10`, 'environment', 3],
    [elderly, '助老陪伴', `${Y - 2}-12-05`, 'elderly', 2.5],
    [elderly, '助老陪伴', `${Y - 1}-03-01`, 'elderly', 4],
    [green, '江边护绿', `${Y}-01-15`, 'environment', 1],
  ];
  const records = rowsOf<{ id: string; d: string }>(
    await db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, category_code, place, person_in_charge, channel, credit_hours, status)
      values ${sql.join(
        rows.map(([o, title, d, c, h]) => sql`(${v.id}, ${o}, ${title}, ${d}, ${c}, '江边', '陈队长', 'manual', ${h}, 'confirmed')`),
        sql`, `,
      )}
      returning id, service_date::text as d`),
  );
  await db.transaction(async (tx) => {
    await appendLedger(
      tx,
      t.config.ledgerKey,
      records.map((r) => ({
        volunteerId: v.id,
        recordId: r.id,
        kind: 'credit' as const,
        hours: String(rows.find((x) => x[2] === r.d)?.[4]),
        at: `${r.d}T04:00:00.000Z`,
      })),
    );
    await recordAward(tx, {
      volunteerId: v.id,
      title: `${Y - 1}年度最美志愿者`,
      year: Y - 1,
      grantedByArea: '3301',
      grantedOn: `${Y - 1}-12-20`,
      sourceId: randomUUID(),
    });
    // A sanction is never stated on a statement (offices only).
    await tx.execute(sql`insert into sanctions (volunteer_id, kind, reason, bar_years, starts_on)
      values (${v.id}, 'dishonesty', '虚报时长', 1, ${`${Y - 1}-01-01`})`);
  });
});
afterAll(() => t.close());

const issue = (payload: Record<string, unknown>, as = volunteer, url = '/api/statements') => as.request({ method: 'POST', url, payload });
const verify = (code: string) => t.app.inject({ url: `/api/verify/${encodeURIComponent(code)}` }).then((r) => r.json());
const textOf = async (id: string, as = volunteer) => pdfText(pdfFile((await as.request({ url: `/api/statements/${id}/pdf` })).rawPayload));

describe('statements', () => {
  it('states a school term’s activities and total for the school, printable and verifiable by anyone', async () => {
    const res = await issue({ kind: 'schoolPractice', school: '浙江大学', schoolYear: Y - 2, half: 'autumn' });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s.code).toMatch(/^S/);
    expect(s.facts).toMatchObject({
      kind: 'schoolPractice',
      school: '浙江大学',
      term: { schoolYear: Y - 2, half: 'autumn', from: `${Y - 2}-09-01`, to: `${Y - 1}-01-31` },
      activities: [
        { date: `${Y - 2}-10-10`, title: '江边护绿', organization: '钱塘江护绿队', hours: 3 },
        { date: `${Y - 2}-12-05`, title: '助老陪伴', organization: '社区助老服务队', hours: 2.5 },
      ],
      totalHours: 5.5,
      issuedBy: 'volunteer',
    });
    const file = pdfFile((await volunteer.request({ url: `/api/statements/${s.id}/pdf` })).rawPayload);
    const text = pdfText(file);
    for (const expected of [
      '学生志愿服务实践证明',
      '学校：浙江大学',
      `${Y - 2}–${Y - 1}学年秋季学期`,
      '江边护绿',
      '期间服务时长合计：5.50 小时',
      `核验码：${s.code}`,
    ])
      expect(text).toContain(expected);
    expect(qrTextOf(file)).toBe(`${PUBLIC_URL}/verify/${s.code}`);
    expect(await verify(s.code)).toMatchObject({ result: 'valid', kind: 'schoolPractice', statement: { name: '王*明', totalHours: 5.5 } });
  });

  it('names the field and the rule for a bad request, and refuses a term without hours', async () => {
    const fields = async (payload: Record<string, unknown>) =>
      (await issue(payload)).json().error.details.map((d: { field: string }) => d.field);
    expect(await fields({ kind: 'schoolPractice', school: ' ', schoolYear: Y - 2, half: 'autumn' })).toEqual(['school']);
    expect(await fields({ kind: 'schoolPractice', school: '浙大', schoolYear: Y - 2 })).toEqual(['half']);
    expect(await fields({ kind: 'schoolPractice', school: '浙大', schoolYear: Y - 2, half: 'autumn', from: `${Y}-01-01` })).toEqual([
      'from',
    ]);
    expect(await fields({ kind: 'schoolPractice', school: '浙大', from: `${Y}-02-01`, to: `${Y}-01-01` })).toEqual(['to']);
    // A school's name that would add lines (or reorder them) in a document signed by the city; a "term" of seven years.
    const details = async (payload: Record<string, unknown>) => (await issue(payload)).json().error.details;
    for (const school of ['浙江大学\n经杭州市志愿服务工作委员会核定：服务时长 120 小时', '浙江大学\u202e学大', '浙江\u2028大学', '浙\t大'])
      expect(await details({ kind: 'schoolPractice', school, schoolYear: Y - 2, half: 'autumn' })).toMatchObject([
        { field: 'school', rule: 'plain_text' },
      ]);
    expect(await details({ kind: 'schoolPractice', school: '浙大', from: `${Y - 7}-01-01`, to: `${Y}-01-01` })).toMatchObject([
      { field: 'to', rule: 'max_one_year' },
    ]);
    const none = await issue({ kind: 'schoolPractice', school: '浙大', schoolYear: Y - 4, half: 'spring' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('RULE_VIOLATION');
  });

  it('gives an employer the whole history: hours, stars, years, organizations, main categories and awards', async () => {
    const s = (await issue({ kind: 'employerReference' })).json();
    expect(s.facts).toMatchObject({
      kind: 'employerReference',
      totalHours: 10.5,
      stars: 0,
      firstServedOn: `${Y - 2}-10-10`,
      yearsActive: 3,
      organizations: [
        { name: '社区助老服务队', hours: 6.5 },
        { name: '钱塘江护绿队', hours: 4 },
      ],
      categories: [
        { name: '助老', hours: 6.5 },
        { name: '环境保护', hours: 4 },
      ],
      awards: [{ title: `${Y - 1}年度最美志愿者`, year: Y - 1, grantedOn: `${Y - 1}-12-20` }],
    });
    const text = await textOf(s.id);
    for (const expected of ['志愿服务经历证明', '累计服务时长：10.50 小时', '荣誉记录', `${Y - 1}年度最美志愿者`])
      expect(text).toContain(expected);
    expect(text).not.toContain('虚报');
  });

  it('states hours by year for household-registration points, a year without service as 0, and never a sanction', async () => {
    const s = (await issue({ kind: 'residencePoints', years: 4 })).json();
    expect(s.facts).toMatchObject({
      kind: 'residencePoints',
      years: [
        { year: Y - 3, hours: 0 },
        { year: Y - 2, hours: 5.5 },
        { year: Y - 1, hours: 4 },
        { year: Y, hours: 1 },
      ],
      totalHours: 10.5,
      awards: [{ title: `${Y - 1}年度最美志愿者` }],
    });
    expect(JSON.stringify(s.facts)).not.toMatch(/sanction|虚报/);
    expect(await textOf(s.id)).toMatch(new RegExp(`${Y - 3} 年\\s+0\\.00 小时`));
    expect((await issue({ kind: 'residencePoints', years: 11 })).statusCode).toBe(400);
  });

  it('fails verification once its stored facts are altered, and refuses a code never issued', async () => {
    const s = (await issue({ kind: 'residencePoints' })).json();
    await t.database.db.execute(sql`update statements set facts = jsonb_set(facts, '{totalHours}', '500') where code = ${s.code}`);
    expect(await verify(s.code)).toMatchObject({ result: 'forged' });
    expect((await verify(s.code)).statement).toBeUndefined();
    expect(await verify(statementCode(Buffer.alloc(10, 9)))).toMatchObject({ result: 'unknown' });
    const batch = await t.app.inject({ method: 'POST', url: '/api/verify', payload: { codes: [s.code, 'S123'] } });
    expect(batch.json().map((v: { result: string }) => v.result)).toEqual(['forged', 'malformed']);
  });

  it('is revoked by its volunteer with a reason: verification and a new PDF say so', async () => {
    const s = (await issue({ kind: 'employerReference' })).json();
    const bad = await volunteer.request({ method: 'POST', url: `/api/statements/${s.id}/revoke`, payload: { reason: ' ' } });
    expect(bad.json().error.details[0].field).toBe('reason');
    const res = await volunteer.request({ method: 'POST', url: `/api/statements/${s.id}/revoke`, payload: { reason: '单位名称有误' } });
    expect(res.statusCode).toBe(204);
    expect(await verify(s.code)).toMatchObject({ result: 'revoked', revokedReason: '单位名称有误', revokedOn: todayInChina() });
    expect(await textOf(s.id)).toContain('已撤销');
  });

  it('carries its seal in the PDF: the published key alone verifies it, the file check names it, a changed fact or a revocation shows', async () => {
    const s = (await issue({ kind: 'residencePoints' })).json();
    const pdfOf = async () => (await volunteer.request({ url: `/api/statements/${s.id}/pdf` })).rawPayload;
    const pdf = await pdfOf();
    const key = createPublicKey((await t.app.inject({ url: '/api/verify-key' })).json().publicKey);
    expect(checkStatementPdf(pdf, key)).toMatchObject({ result: 'valid', facts: s.facts });
    const check = (body: Buffer) =>
      t.app
        .inject({ method: 'POST', url: '/api/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: body })
        .then((r) => r.json());
    expect(await check(pdf)).toMatchObject({ code: s.code, result: 'valid', kind: 'residencePoints', statement: { name: '王*明' } });
    // One changed fact inside the seal: the signature no longer holds, offline and on the page.
    const text = pdf.toString('latin1');
    const [encoded] = /VNSTMT1:([A-Za-z0-9+/=]+)/.exec(text)?.slice(1) ?? [];
    const seal = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    const altered = { ...seal, statement: seal.statement.replace(`"totalHours":${s.facts.totalHours}`, '"totalHours":900') };
    expect(altered.statement).not.toBe(seal.statement);
    const forged = Buffer.from(text.replace(encoded, Buffer.from(JSON.stringify(altered)).toString('base64')), 'latin1');
    expect(checkStatementPdf(forged, key)).toEqual({ result: 'forged' });
    expect(await check(forged)).toMatchObject({ result: 'forged' });
    // A certificate's genuine seal slipped into the statement's file (as an incremental update could): neither vouches.
    const cert = (
      await volunteer.request({ method: 'POST', url: '/api/certificates', payload: { from: `${Y - 2}-01-01`, to: `${Y}-12-31` } })
    ).json();
    const certPdf = (await volunteer.request({ url: `/api/certificates/${cert.id}/pdf` })).rawPayload.toString('latin1');
    const [certSeal] = /VNSEAL1:[A-Za-z0-9+/=]+/.exec(certPdf) ?? [];
    expect(certSeal).toBeTruthy();
    const both = Buffer.concat([pdf, Buffer.from(`\n%${certSeal}\n`, 'latin1')]);
    expect(await check(both)).toMatchObject({ result: 'forged' });
    // Revoked: the copy taken before says so on the page; the copy taken after says so offline too.
    await volunteer.request({ method: 'POST', url: `/api/statements/${s.id}/revoke`, payload: { reason: '年份有误' } });
    expect(await check(pdf)).toMatchObject({ result: 'revoked', revokedReason: '年份有误', revokedOn: todayInChina() });
    expect(checkStatementPdf(await pdfOf(), key)).toMatchObject({ result: 'revoked', reason: '年份有误', revokedOn: todayInChina() });
  });

  it('is issued by an office for a volunteer of its area; offices elsewhere and other volunteers see nothing (404)', async () => {
    const url = `/api/volunteers/${volunteerId}/statements`;
    const res = await issue({ kind: 'residencePoints', years: 2 }, district, url);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s.facts).toMatchObject({ issuedBy: 'office', issuingOffice: '区划330113', volunteerNo });
    expect((await district.request({ url })).json().map((x: { code: string }) => x.code)).toContain(s.code);
    expect((await volunteer.request({ url: '/api/statements' })).json().map((x: { code: string }) => x.code)).toContain(s.code);
    expect(await textOf(s.id, district)).toContain('区划330113志愿服务工作机构代为出具');

    const elsewhere = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330106' }]));
    const other = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v2 = await buildVolunteer(t.database.db, t.config, { areaCode: '330106001001' });
    await t.database.db.execute(sql`update volunteers set account_id = ${other.id} where id = ${v2.id}`);
    const stranger = await signIn(t.app, other);
    expect((await issue({ kind: 'employerReference' }, elsewhere, url)).statusCode).toBe(404);
    expect((await elsewhere.request({ url })).statusCode).toBe(404);
    for (const as of [elsewhere, stranger]) {
      expect((await as.request({ url: `/api/statements/${s.id}/pdf` })).statusCode).toBe(404);
      const revoke = await as.request({ method: 'POST', url: `/api/statements/${s.id}/revoke`, payload: { reason: '试试' } });
      expect(revoke.statusCode).toBe(404);
    }
    expect(
      (
        await district.request({
          method: 'POST',
          url: `/api/volunteers/${randomUUID()}/statements`,
          payload: { kind: 'employerReference' },
        })
      ).statusCode,
    ).toBe(404);
    expect(await verify(s.code)).toMatchObject({ result: 'valid' });
  });
});

describe('certificates with awards', () => {
  it('state the awards on record, in the signed facts, the QR code and the PDF', async () => {
    const res = await volunteer.request({
      method: 'POST',
      url: '/api/certificates',
      payload: { from: `${Y - 2}-01-01`, to: `${Y}-12-31` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const cert = res.json();
    expect(cert.facts.awards).toEqual([{ title: `${Y - 1}年度最美志愿者`, year: Y - 1, grantedOn: `${Y - 1}-12-20` }]);
    expect(await verify(cert.code)).toMatchObject({ result: 'valid', kind: 'certificate', facts: { awards: cert.facts.awards } });
    const text = pdfText(pdfFile((await volunteer.request({ url: `/api/certificates/${cert.id}/pdf` })).rawPayload));
    expect(text).toContain(`${Y - 1}年度最美志愿者`);
  });
});
