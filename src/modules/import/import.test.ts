import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { community, csvOf, gbk, previewed, runToEnd, send, upload } from '../../../test/helpers/imports.ts';
import { personOf, personOfExternalId, SOURCES, syntheticCsv } from '../../../test/synthetic-import.ts';
import { rowsOf } from '../../db/client.ts';
import { unseal } from '../../platform/pii.ts';
import { importFile } from './import.service.ts';
import { fileFromBuffer } from './import-file.ts';

let t: TestApp;
let city: Session;
beforeAll(async () => {
  t = await createTestApp();
  for (let n = 0; n < 14; n++) await buildArea(t.database.db, community(n));
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
});
afterAll(() => t.close());

const options = (n: number, persons: number, extra = {}) => ({ persons, overlap: 0.3, communities: [community(n)], ...extra });
const countVolunteers = async (n: number) =>
  Number(rowsOf<{ n: string }>(await t.database.db.execute(sql`select count(*) n from volunteers where area_code = ${community(n)}`))[0].n);

/** Every record's platform links belong to one person, and how many people ended in two records. */
async function mergeQuality(n: number) {
  const links = rowsOf<{ volunteer_id: string; external_id: string }>(
    await t.database.db.execute(sql`select s.volunteer_id, s.external_id from volunteer_sources s
      join volunteers v on v.id = s.volunteer_id where v.area_code = ${community(n)}`),
  );
  const peopleOf = new Map<string, Set<number>>();
  const recordsOf = new Map<number, Set<string>>();
  for (const l of links) {
    const person = personOfExternalId(l.external_id);
    peopleOf.set(l.volunteer_id, (peopleOf.get(l.volunteer_id) ?? new Set()).add(person));
    recordsOf.set(person, (recordsOf.get(person) ?? new Set()).add(l.volunteer_id));
  }
  return {
    falseMerges: [...peopleOf.values()].filter((s) => s.size > 1).length,
    missedMerges: [...recordsOf.values()].filter((s) => s.size > 1).length,
  };
}

describe('upload and preview', () => {
  it('checks every row of a GBK file and writes nothing; messy values are cleaned, bad rows named with row and field', async () => {
    const p = personOf(900_001, [community(0)]);
    const fullWidth = p.docNumber.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const file = gbk(
      [
        '志愿者ID,姓名,证件号码,出生日期,手机号码,所在区划代码,政治面貌',
        `A1, ${p.name} ,${fullWidth.toLowerCase()},${p.birthDate.replace(/-/g, '.')},${p.phone.slice(0, 3)} ${p.phone.slice(3)},${community(0)},中共党员`,
        `A2,李四,110101199003071234,,13800000000,${community(0)},群众`,
        `A3,王五,${personOf(900_002, []).docNumber},,1380000,${community(0)},群众`,
        `A4,赵六,${personOf(900_003, []).docNumber},,13800000001,330106999999,群众`,
      ].join('\r\n'),
    );
    const response = await upload(city, 'volunteer_china', '志愿者.csv', file);
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json();
    expect(job.status).toBe('previewed');
    expect(job.preview.rows).toBe(4);
    expect(job.preview.counts).toMatchObject({ created: 1, rejected: 3 });
    expect(job.preview.mapping.columns.name).toBe('姓名');
    const issues = Object.fromEntries(
      job.preview.issues.map((r: { rowNo: number; issues: { field: string; rule: string }[] }) => [
        r.rowNo,
        r.issues.map((i) => `${i.field}:${i.rule}`),
      ]),
    );
    expect(issues).toEqual({ 3: ['docNumber:checksum'], 4: ['phone:format'], 5: ['areaCode:exists'] });
    expect(await countVolunteers(0)).toBe(0);
  });

  it('answers the upload at once with a previewing job; the preview runs in the background to its counts', async () => {
    const p = personOf(900_060, []);
    const response = await send(
      city,
      'generic',
      'bg.csv',
      csvOf(['姓名,证件号码,手机号,社区代码', `${p.name},${p.docNumber},${p.phone},${community(9)}`]),
    );
    expect(response.statusCode, response.body).toBe(201);
    // The answer is the stored job, before any row was read.
    expect(response.json()).toMatchObject({ status: 'previewing', rowsRead: 0, preview: null });
    const job = await previewed(city, response.json().id);
    expect(job).toMatchObject({ status: 'previewed', rowsRead: 1, rowsTotal: 1, preview: { rows: 1, counts: { created: 1 } } });
  });

  it('ends the preview of a file whose header lacks required columns as failed, naming them', async () => {
    const response = await upload(city, 'generic', 'bad.csv', csvOf(['编号,姓名,备注', '1,张三,x']));
    expect(response.statusCode).toBe(201);
    const job = response.json();
    expect(job.status).toBe('failed');
    expect(job.errorIssues[0]).toMatchObject({ field: 'header', rule: 'columns', row: 1 });
    expect(job.errorIssues[0].message).toContain('phone');
    expect(job.error).toContain('phone');
  });

  it('refuses an unknown source and a broken zip at once; a file without data rows ends its preview as failed', async () => {
    expect((await upload(city, 'nowhere', 'a.csv', csvOf(['姓名']))).json().error.details[0]).toMatchObject({ field: 'source' });
    const empty = (await upload(city, 'generic', 'a.csv', csvOf(['姓名,手机号,社区代码']))).json();
    expect(empty).toMatchObject({ status: 'failed', errorIssues: [{ field: 'file', rule: 'rows' }] });
    // The zip's central directory is read before anything is stored: a broken one is refused in the request.
    const broken = await upload(city, 'generic', 'a.xlsx', Buffer.from('PK\x03\x04 not really a workbook'));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details[0]).toMatchObject({ field: 'file' });
  });

  it('applies the import route’s own 50 MiB limit to an upload, and names it', async () => {
    const response = await send(city, 'generic', 'huge.csv', Buffer.alloc(50 * 1024 * 1024 + 1, 0x41));
    expect(response.statusCode).toBe(413);
    const error = response.json().error;
    if (error.details?.limit !== undefined) expect(error.details.limit).toBe(52428800);
    expect(error.message).toMatch(/50 MiB|51200 KiB|52428800/);
  });

  it('rejects rows outside the importer’s area and hides other offices’ jobs', async () => {
    const district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330102' }]));
    const p = personOf(900_010, []);
    const response = await upload(
      district,
      'generic',
      'x.csv',
      csvOf(['姓名,证件号码,手机号,社区代码', `${p.name},${p.docNumber},${p.phone},${community(1)}`]),
    );
    expect(response.json().preview.issues[0].issues[0]).toMatchObject({ field: 'areaCode', rule: 'scope' });
    expect((await district.request({ url: `/api/imports/${response.json().id}` })).statusCode).toBe(200);
    const other = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330106' }]));
    expect((await other.request({ url: `/api/imports/${response.json().id}` })).statusCode).toBe(404);
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    expect((await upload(volunteer, 'generic', 'x.csv', csvOf(['姓名']))).statusCode).toBe(403);
  });
});

describe('identity resolution across platforms', () => {
  it('makes one record per person from three overlapping files, links every source, and lists conflicts', async () => {
    const opts = options(2, 120, { invalidEvery: 25 });
    const jobs = [];
    for (const source of SOURCES) {
      const up = await upload(city, source, `${source}.csv`, csvOf([...syntheticCsv(source, opts)]));
      expect(up.statusCode, up.body).toBe(201);
      jobs.push(await runToEnd(city, up.json().id));
    }
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);
    const rows = jobs.reduce((n, j) => n + j.rowsTotal, 0);
    const rejected = jobs.reduce((n, j) => n + j.counts.rejected, 0);
    const merged = jobs.reduce((n, j) => n + j.counts.merged, 0);
    expect(rejected).toBeGreaterThan(0);
    expect(merged).toBeGreaterThan(0);
    expect(jobs[0].counts.merged).toBe(0);
    const created = jobs.reduce((n, j) => n + j.counts.created, 0);
    expect(rows).toBe(created + merged + rejected + jobs.reduce((n, j) => n + j.counts.unchanged + j.counts.candidates, 0));
    expect(await countVolunteers(2)).toBe(created);
    expect(await mergeQuality(2)).toMatchObject({ falseMerges: 0 });

    // A person on two platforms: one record, two links.
    const both = rowsOf<{ n: string }>(
      await t.database.db.execute(sql`select count(*) n from (select s.volunteer_id from volunteer_sources s join volunteers v on v.id = s.volunteer_id
        where v.area_code = ${community(2)} group by s.volunteer_id having count(*) = 2) x`),
    );
    expect(Number(both[0].n)).toBe(merged);
  });

  it('fills blanks, unites skills, keeps the record’s own value on a conflict and lists it in the report', async () => {
    const p = personOf(900_020, []);
    const first = await upload(
      city,
      'zyh',
      'a.csv',
      csvOf(['用户ID,姓名,证件号,联系方式,社区编码,政治面貌,个人技能', `U1,${p.name},${p.docNumber},${p.phone},${community(3)},群众,急救`]),
    );
    await runToEnd(city, first.json().id);
    const second = await upload(
      city,
      'zjvolunteer',
      'b.csv',
      csvOf([
        '志愿者编号,真实姓名,身份证号码,手机号,所属社区代码,政治面貌,学历,技能',
        `Z1,${p.name},${p.docNumber},${p.phone},${community(3)},中共党员,本科,驾驶;潜水`,
      ]),
    );
    expect(second.json().preview.counts).toMatchObject({ merged: 1 });
    expect(second.json().preview.conflicts[0].conflicts).toEqual([
      { field: 'politicalStatus', kept: 'non_affiliated', offered: 'cpc_member' },
    ]);
    const job = await runToEnd(city, second.json().id);
    expect(job.counts).toMatchObject({ merged: 1, created: 0 });
    const [v] = rowsOf<{ political_status: string; education: string; skills: { code: string }[]; sources: string[] }>(
      await t.database.db.execute(sql`select political_status, education, skills,
        array(select source from volunteer_sources s where s.volunteer_id = v.id order by source) sources
        from volunteers v where area_code = ${community(3)}`),
    );
    expect(v).toMatchObject({ political_status: 'non_affiliated', education: 'bachelor', sources: ['zjvolunteer', 'zyh'] });
    expect(v.skills.map((s) => s.code).sort()).toEqual(['driving', 'first_aid']);

    const report = await city.request({ url: `/api/imports/${job.id}/report.xlsx` });
    expect(report.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const problems = workbook.worksheets[1];
    const cells = problems.getRow(2).values as unknown[];
    expect(cells.slice(1, 4)).toEqual([2, 'Z1', '合并']);
    expect(String(cells[6])).toContain('政治面貌: 保留 “群众”, 文件中为 “中共党员”');
    expect(String(cells[6])).toContain('潜水');
  });

  it('takes the cadre flag: a “yes” fills a record’s “no”, a “no” against “yes” is listed, an unknown word is a note on its field', async () => {
    const [p, q] = [personOf(900_050, []), personOf(900_051, [])];
    const cadreOf = async () =>
      rowsOf<{ cadre: boolean }>(
        await t.database.db.execute(sql`select cadre from volunteers where area_code = ${community(11)} order by volunteer_no`),
      ).map((r) => r.cadre);
    const first = await upload(
      city,
      'generic',
      'c1.csv',
      csvOf([
        '姓名,证件号码,手机号,社区代码,是否干部',
        `${p.name},${p.docNumber},${p.phone},${community(11)},否`,
        `${q.name},${q.docNumber},${q.phone},${community(11)},也许`,
      ]),
    );
    // A word we do not know drops the flag with a note, not the row.
    expect(first.json().preview.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(first.json().preview.warnings).toEqual([
      { rowNo: 3, warnings: [{ field: 'cadre', rule: 'enum', message: '无法识别的取值“也许”' }] },
    ]);
    await runToEnd(city, first.json().id);
    expect(await cadreOf()).toEqual([false, false]);

    const second = await upload(
      city,
      'zyh',
      'c2.csv',
      csvOf(['用户ID,姓名,证件号,联系方式,社区编码,干部身份', `U40,${p.name},${p.docNumber},${p.phone},${community(11)},是`]),
    );
    expect(second.json().preview.counts).toMatchObject({ merged: 1 });
    await runToEnd(city, second.json().id);
    expect(await cadreOf()).toEqual([true, false]);

    const third = await upload(
      city,
      'zjvolunteer',
      'c3.csv',
      csvOf(['志愿者编号,真实姓名,身份证号码,手机号,所属社区代码,是否干部', `Z40,${p.name},${p.docNumber},${p.phone},${community(11)},N`]),
    );
    expect(third.json().preview.conflicts[0].conflicts).toEqual([{ field: 'cadre', kept: 'true', offered: 'false' }]);
    const job = await runToEnd(city, third.json().id);
    expect(await cadreOf()).toEqual([true, false]);
    const report = await city.request({ url: `/api/imports/${job.id}/report.xlsx` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    expect(String((workbook.worksheets[1].getRow(2).values as unknown[])[6])).toContain('干部身份: 保留 “是”, 文件中为 “否”');
  });

  it('queues the same name and phone without an ID number as a possible duplicate, never merges on name alone', async () => {
    const p = personOf(900_030, []);
    const q = personOf(900_031, []);
    const up = await upload(
      city,
      'generic',
      'n.csv',
      csvOf([
        '编号,姓名,证件号码,手机号,社区代码',
        `G1,${p.name},${p.docNumber},${p.phone},${community(4)}`,
        `G2,${p.name},,${p.phone},${community(4)}`,
        `G3,${p.name},,${q.phone},${community(4)}`,
        `G3,${p.name},,${q.phone},${community(4)}`,
      ]),
    );
    const job = await runToEnd(city, up.json().id);
    expect(job.counts).toEqual({ created: 2, candidates: 1, merged: 0, unchanged: 1, rejected: 0 });
    const queue = (await city.request({ url: '/api/duplicates' })).json();
    const pair = queue.items.find((c: { record: { areaCode: string } }) => c.record.areaCode === community(4));
    expect(pair.record.docMasked).toMatch(/\*+/);
    expect(pair.other.docMasked).toBeNull();
  });

  it('re-importing the same file is refused as done; the same rows in another file change nothing', async () => {
    const lines = [...syntheticCsv('zyh', options(5, 30))];
    const first = await runToEnd(city, (await upload(city, 'zyh', 'z.csv', csvOf(lines))).json().id);
    const digest = async () =>
      rowsOf<{ d: string }>(
        await t.database.db.execute(
          sql`select md5(string_agg(v.id || v.name || v.updated_at || v.skills::text, ',' order by v.id)) d from volunteers v where area_code = ${community(5)}`,
        ),
      )[0].d;
    const before = await digest();
    const again = await upload(city, 'zyh', 'z.csv', csvOf(lines));
    expect(again.json().preview.alreadyImported.jobId).toBe(first.id);
    expect((await city.request({ method: 'POST', url: `/api/imports/${again.json().id}/start`, payload: {} })).statusCode).toBe(409);
    const reordered = await upload(city, 'zyh', 'z2.csv', csvOf([lines[0], ...lines.slice(1).reverse()]));
    const second = await runToEnd(city, reordered.json().id);
    expect(second.counts).toEqual({ created: 0, merged: 0, unchanged: first.rowsTotal, rejected: 0, candidates: 0 });
    expect(await digest()).toBe(before);
  });

  it('refuses a row with a NUL character naming its cell, and imports the rest of the file', async () => {
    // Before: the whole job failed at the write (SQLSTATE 22021) and kept the driver's message,
    // which quotes the statement's parameters, on the job.
    const [p, q] = [personOf(900_070, []), personOf(900_071, [])];
    const up = await upload(
      city,
      'generic',
      'nul.csv',
      csvOf([
        '姓名,证件号码,手机号,社区代码',
        `${p.name}\u0000,${p.docNumber},${p.phone},${community(13)}`,
        `${q.name},${q.docNumber},${q.phone},${community(13)}`,
      ]),
    );
    expect(up.json().preview.issues).toEqual([
      expect.objectContaining({ rowNo: 2, issues: [expect.objectContaining({ field: 'name', rule: 'noNul' })] }),
    ]);
    const job = await runToEnd(city, up.json().id);
    expect(job).toMatchObject({ status: 'completed', counts: { created: 1, rejected: 1 } });
    expect(await countVolunteers(13)).toBe(1);
  });

  it('reads XLSX with date cells, numbers for phones and rich text', async () => {
    const p = personOf(900_040, []);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('志愿者');
    sheet.addRow(['姓名', '证件号码', '出生日期', '手机号', '社区代码']);
    sheet.addRow([{ richText: [{ text: p.name }] }, p.docNumber, new Date(`${p.birthDate}T00:00:00Z`), Number(p.phone), community(6)]);
    const up = await upload(city, 'generic', 'v.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(up.json().format).toBe('xlsx');
    const job = await runToEnd(city, up.json().id);
    expect(job.counts).toMatchObject({ created: 1 });
  });
});

describe('resuming', () => {
  it('an import stopped half-way and run again ends as an uninterrupted one', async () => {
    // Small batches: the run stops after its second of several, whatever the machine's speed.
    const batchRows = 200;
    const persons = Math.ceil((batchRows * 2.5 * 3) / 1.43);
    const lines = [...syntheticCsv('volunteer_china', options(7, persons))];
    const file = fileFromBuffer('big.csv', csvOf(lines));
    let batches = 0;
    // The first part is prepared in a worker thread, the rest on the main thread: the same result.
    const stopped = await importFile(
      t.database.db,
      t.config,
      file,
      { source: 'volunteer_china', threads: 1, batchRows },
      { shouldStop: () => (++batches > 1 ? 'stop' : false) },
    );
    expect(stopped.kind).toBe('stopped');
    if (stopped.kind !== 'stopped') return;
    expect(stopped.job.rowsDone).toBeGreaterThan(1);
    expect(stopped.job.rowsDone).toBeLessThan(lines.length);
    // What the stopped job committed shows on its page, row by row with its outcome.
    const shown: { rowNo: number }[] = (await city.request({ url: `/api/imports/${stopped.job.id}/rows?limit=500` })).json();
    expect(shown.map((r) => r.rowNo)).toEqual(Array.from({ length: stopped.job.rowsDone - 1 }, (_, i) => i + 2));
    const resumed = await importFile(t.database.db, t.config, file, { source: 'volunteer_china', threads: 0, batchRows });
    expect(resumed).toMatchObject({ kind: 'done', resumedFrom: stopped.job.rowsDone });
    if (resumed.kind !== 'done') return;
    const j = resumed.job;
    // People 0–119 came in with an earlier test (another community): their rows are found, not created.
    expect(j.created + j.merged + j.unchanged + j.rejected + j.candidates).toBe(lines.length - 1);
    expect(j.created).toBeGreaterThan(lines.length - 200);
    expect(j.rejected).toBe(0);
    expect(await countVolunteers(7)).toBe(resumed.job.created);
    const ids = rowsOf<{ n: string }>(
      await t.database.db.execute(sql`select count(distinct row_no) n from import_rows where job_id = ${resumed.job.id}`),
    );
    expect(Number(ids[0].n)).toBe(lines.length - 1);
    expect(await importFile(t.database.db, t.config, file, { source: 'volunteer_china' })).toMatchObject({ kind: 'already' });
  });

  it('prepares rows in worker threads exactly as on the main thread, sealing with the same keys', async () => {
    const file = fileFromBuffer('w.csv', csvOf([...syntheticCsv('zyh', options(8, 300, { invalidEvery: 20, withoutIdEvery: 30 }))]));
    const inline = await importFile(t.database.db, t.config, file, { source: 'zyh', dryRun: true, threads: 0 });
    const threaded = await importFile(t.database.db, t.config, file, { source: 'zyh', dryRun: true, threads: 2 });
    expect(inline.kind).toBe('preview');
    expect(threaded).toEqual(inline);
    if (inline.kind === 'preview') expect(inline.preview.issues.length).toBeGreaterThan(0);

    const done = await importFile(t.database.db, t.config, file, { source: 'zyh', threads: 2 });
    expect(done).toMatchObject({ kind: 'done', job: { rejected: inline.kind === 'preview' ? inline.preview.counts.rejected : -1 } });
    const [row] = rowsOf<{ phone_cipher: string; phone_key_version: number; external_id: string }>(
      await t.database.db.execute(sql`select v.phone_cipher, v.phone_key_version, s.external_id from volunteers v
        join volunteer_sources s on s.volunteer_id = v.id where v.area_code = ${community(8)} order by s.external_id limit 1`),
    );
    const person = personOf(personOfExternalId(row.external_id), [community(8)]);
    expect(unseal(t.config.piiKeys, { cipher: row.phone_cipher, keyVersion: row.phone_key_version })).toBe(person.phone);
  });
});
