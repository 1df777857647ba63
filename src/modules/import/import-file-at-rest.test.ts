import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { community, csvOf, previewed, runToEnd, upload } from '../../../test/helpers/imports.ts';
import { personOf } from '../../../test/synthetic-import.ts';
import { rowsOf } from '../../db/client.ts';
import { insertJob } from './import.queries.ts';
import { expireImportFiles, resumeStaleImports } from './import.service.ts';
import { PART_BYTES, storedFile, storeFile } from './import-file-store.ts';

let t: TestApp;
let city: Session;
beforeAll(async () => {
  t = await createTestApp();
  for (const n of [10, 12, 13]) await buildArea(t.database.db, community(n));
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
});
afterAll(() => t.close());

describe('the uploaded file at rest', () => {
  const fileOf = async (id: string) => {
    const [job] = rowsOf<{ key_version: number | null; status: string }>(
      await t.database.db.execute(sql`select file_key_version key_version, status from import_jobs where id = ${id}`),
    );
    const parts = rowsOf<{ content: Uint8Array }>(
      await t.database.db.execute(sql`select content from import_file_parts where job_id = ${id} order by seq`),
    );
    return { ...job, content: parts.length ? Buffer.concat(parts.map((p) => Buffer.from(p.content))) : null };
  };
  const fileFor = (n: number, persons: number[]) => {
    const people = persons.map((i) => personOf(i, []));
    return {
      people,
      csv: csvOf(['姓名,证件号码,手机号,社区代码', ...people.map((p) => `${p.name},${p.docNumber},${p.phone},${community(n)}`)]),
    };
  };

  it('is stored sealed: no ID number or phone of the upload appears in the column', async () => {
    const { people, csv } = fileFor(10, [900_100, 900_101]);
    const job = (await upload(city, 'generic', 'sealed.csv', csv)).json();
    expect(job.status).toBe('previewed');
    const stored = await fileOf(job.id);
    expect(stored.content).not.toBeNull();
    expect(stored.key_version).toBe(t.config.piiKeys.currentVersion);
    const bytes = stored.content as Buffer;
    expect(bytes.length).toBeGreaterThanOrEqual(csv.length);
    for (const p of people) {
      expect(bytes.includes(p.docNumber)).toBe(false);
      expect(bytes.includes(p.phone)).toBe(false);
    }
    // And by SQL, as anyone reading the database would look.
    const [found] = rowsOf<{ n: string }>(
      await t.database.db.execute(sql`select count(*) n from import_file_parts where job_id = ${job.id}
        and (position(convert_to(${people[0].docNumber}, 'UTF8') in content) > 0
          or position(convert_to(${people[0].phone}, 'UTF8') in content) > 0)`),
    );
    expect(Number(found.n)).toBe(0);
  });

  it('is read back whole from its sealed parts, and a part moved from its place is refused', async () => {
    const content = Buffer.alloc(Math.floor(PART_BYTES * 2.5));
    for (let i = 0; i < content.length; i++) content[i] = 32 + (i % 90);
    const job = await insertJob(t.database.db, {
      source: 'generic',
      fileName: 'parts.csv',
      format: 'csv',
      fileSha256: 'x',
      fileSize: content.length,
      fileKeyVersion: t.config.piiKeys.currentVersion,
      status: 'previewing',
    });
    await storeFile(t.database.db, t.config.piiKeys, job.id, content);
    const read = async () => {
      const file = await storedFile(t.database.db, t.config.piiKeys, { ...job, fileKeyVersion: job.fileKeyVersion as number });
      const chunks: Buffer[] = [];
      for await (const chunk of file.open()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    expect((await read()).equals(content)).toBe(true);
    await t.database.db.execute(sql`update import_file_parts set seq = 9 where job_id = ${job.id} and seq = 2`);
    await t.database.db.execute(sql`update import_file_parts set seq = 2 where job_id = ${job.id} and seq = 1`);
    await t.database.db.execute(sql`update import_file_parts set seq = 1 where job_id = ${job.id} and seq = 9`);
    await expect(read()).rejects.toThrow();
    // A server taking its preview on fails the job instead of reading the file.
    await t.database.db.execute(sql`update import_jobs set heartbeat_at = now() - interval '1 hour' where id = ${job.id}`);
    await resumeStaleImports(t.database.db, t.config, 60);
    expect(await previewed(city, job.id)).toMatchObject({ status: 'failed' });
    expect(await fileOf(job.id)).toMatchObject({ content: null });
  });

  it('is erased when the job ends: cancelled, failed or completed', async () => {
    const cancelled = (await upload(city, 'generic', 'c.csv', fileFor(10, [900_110]).csv)).json();
    expect((await fileOf(cancelled.id)).content).not.toBeNull();
    const stop = await city.request({ method: 'POST', url: `/api/imports/${cancelled.id}/cancel` });
    expect(stop.json().status).toBe('cancelled');
    expect(await fileOf(cancelled.id)).toMatchObject({ status: 'cancelled', content: null, key_version: null });
    // A cancelled job has no file to start from.
    expect((await city.request({ method: 'POST', url: `/api/imports/${cancelled.id}/start`, payload: {} })).statusCode).toBe(409);

    const failed = (await upload(city, 'generic', 'f.csv', csvOf(['编号,备注', '1,x']))).json();
    expect(await fileOf(failed.id)).toMatchObject({ status: 'failed', content: null });

    const completed = await runToEnd(city, (await upload(city, 'generic', 'd.csv', fileFor(10, [900_111]).csv)).json().id);
    expect(completed.status).toBe('completed');
    expect(await fileOf(completed.id)).toMatchObject({ status: 'completed', content: null });

    // The database erases the file of a job that ends by any path, and refuses an ended job that claims one.
    const other = (await upload(city, 'generic', 'e.csv', fileFor(10, [900_112]).csv)).json();
    await t.database.db.execute(sql`update import_jobs set status = 'failed' where id = ${other.id}`);
    expect(await fileOf(other.id)).toMatchObject({ status: 'failed', content: null, key_version: null });
    await expect(t.database.db.execute(sql`update import_jobs set file_key_version = 1 where id = ${completed.id}`)).rejects.toThrow();
  });

  it('of a previewed job nobody starts within VOLUNET_IMPORT_FILE_DAYS is erased and the job cancelled', async () => {
    const old = (await upload(city, 'generic', 'old.csv', fileFor(12, [900_120]).csv)).json();
    const recent = (await upload(city, 'generic', 'recent.csv', fileFor(12, [900_121]).csv)).json();
    const days = t.config.importFileDays;
    await t.database.db.execute(sql`update import_jobs set created_at = now() - make_interval(days => ${days + 1}) where id = ${old.id}`);
    await t.database.db.execute(
      sql`update import_jobs set created_at = now() - make_interval(days => ${days - 1}) where id = ${recent.id}`,
    );
    expect(await expireImportFiles(t.database.db, t.config)).toContain(old.id);
    expect(await fileOf(old.id)).toMatchObject({ status: 'cancelled', content: null });
    expect(await fileOf(recent.id)).toMatchObject({ status: 'previewed' });
    expect((await fileOf(recent.id)).content).not.toBeNull();
    const shown = (await city.request({ url: `/api/imports/${old.id}` })).json();
    expect(shown.error).toContain(`${days} 天内未开始导入`);
  });

  it('is read back sealed by a server that takes on a running import or a preview another server left', async () => {
    const { people, csv } = fileFor(13, [900_130, 900_131, 900_132]);
    const job = (await upload(city, 'generic', 'resumed.csv', csv)).json();
    // As a server that died mid-preview leaves it: previewing, its heartbeat long stopped.
    await t.database.db.execute(
      sql`update import_jobs set status = 'previewing', preview = null, rows_read = 1, heartbeat_at = now() - interval '1 hour' where id = ${job.id}`,
    );
    await resumeStaleImports(t.database.db, t.config, 60);
    const again = await previewed(city, job.id);
    expect(again).toMatchObject({ status: 'previewed', rowsRead: 3, preview: { counts: { created: 3 } } });
    // Started, then its server died before the first batch: running, no heartbeat.
    await t.database.db.execute(
      sql`update import_jobs set status = 'running', started_at = now(), heartbeat_at = now() - interval '1 hour' where id = ${job.id}`,
    );
    await resumeStaleImports(t.database.db, t.config, 60);
    let done = (await city.request({ url: `/api/imports/${job.id}` })).json();
    for (let i = 0; i < 300 && done.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = (await city.request({ url: `/api/imports/${job.id}` })).json();
    }
    expect(done).toMatchObject({ status: 'completed', counts: { created: people.length } });
    expect(await fileOf(job.id)).toMatchObject({ content: null });
  });
});
