import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { personOf } from '../../../test/synthetic-import.ts';
import { rowsOf } from '../../db/client.ts';
import { addActiveMember } from '../volunteers/index.ts';

let t: TestApp;
let office: Session;
const COMMUNITY = '330108001001';
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, COMMUNITY);
  office = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330108' }]));
});
afterAll(() => t.close());

async function pairFromImport(index: number) {
  const p = personOf(index, []);
  const csv = [
    '编号,姓名,证件号码,学历,手机号,社区代码',
    `D${index},${p.name},${p.docNumber},,${p.phone},${COMMUNITY}`,
    `E${index},${p.name},,本科,${p.phone},${COMMUNITY}`,
  ].join('\n');
  const up = await office.request({
    method: 'POST',
    url: '/api/imports?source=generic&fileName=d.csv',
    headers: { 'content-type': 'application/octet-stream' },
    payload: Buffer.from(csv),
  });
  // The preview runs in the background: the job can be started once it is previewed.
  for (let i = 0; i < 200; i++) {
    if ((await office.request({ url: `/api/imports/${up.json().id}` })).json().status !== 'previewing') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await office.request({ method: 'POST', url: `/api/imports/${up.json().id}/start`, payload: {} });
  for (let i = 0; i < 100; i++) {
    const job = (await office.request({ url: `/api/imports/${up.json().id}` })).json();
    if (job.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const queue = (await office.request({ url: '/api/duplicates' })).json();
  return queue.items.find((c: { record: { name: string } }) => c.record.name === p.name);
}

const volunteer = async (id: string) =>
  rowsOf<{ status: string; merged_into: string | null; education: string | null; doc_index: string | null; links: string[] }>(
    await t.database.db.execute(sql`select status, merged_into, education, doc_index,
      array(select external_id from volunteer_sources s where s.volunteer_id = v.id order by external_id) links from volunteers v where id = ${id}`),
  )[0];

describe('duplicate candidates', () => {
  it('merges a pair into the record with the ID number, moving links and memberships, and undoes it exactly', async () => {
    const pair = await pairFromImport(910_001);
    expect(pair).toBeDefined();
    const orgId = await buildOrganization(t.database.db, t.config, { name: '社区服务队', areaCode: COMMUNITY });
    await addActiveMember(t.database.db, orgId, pair.other.id);

    const merged = await office.request({
      method: 'POST',
      url: `/api/duplicates/${pair.id}/merge`,
      payload: { survivorId: pair.record.id },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await volunteer(pair.other.id)).toMatchObject({ status: 'merged', merged_into: pair.record.id, links: [] });
    const survivor = await volunteer(pair.record.id);
    expect(survivor).toMatchObject({ status: 'active', education: 'bachelor', links: ['D910001', 'E910001'] });
    const members = rowsOf<{ volunteer_id: string }>(
      await t.database.db.execute(sql`select volunteer_id from organization_members where organization_id = ${orgId}`),
    );
    expect(members.map((m) => m.volunteer_id)).toEqual([pair.record.id]);
    expect((await office.request({ url: '/api/duplicates' })).json().items.some((c: { id: string }) => c.id === pair.id)).toBe(false);

    const history = (await office.request({ url: `/api/duplicates/merges?volunteerId=${pair.record.id}` })).json();
    expect(history[0]).toMatchObject({ links: 1, memberships: 1, undoneAt: null });
    const undo = await office.request({ method: 'POST', url: `/api/duplicates/merges/${history[0].id}/undo` });
    expect(undo.statusCode, undo.body).toBe(204);
    expect(await volunteer(pair.other.id)).toMatchObject({ status: 'active', merged_into: null, links: ['E910001'] });
    expect(await volunteer(pair.record.id)).toMatchObject({ education: null, links: ['D910001'], doc_index: survivor.doc_index });
    const back = rowsOf<{ volunteer_id: string }>(
      await t.database.db.execute(sql`select volunteer_id from organization_members where organization_id = ${orgId}`),
    );
    expect(back.map((m) => m.volunteer_id)).toEqual([pair.other.id]);
    expect((await office.request({ method: 'POST', url: `/api/duplicates/merges/${history[0].id}/undo` })).statusCode).toBe(409);
    const again = (await office.request({ url: `/api/duplicates/merges?volunteerId=${pair.record.id}` })).json();
    expect(again[0].undoneBy).toBeTruthy();
    expect((await office.request({ url: '/api/duplicates' })).json().items.some((c: { id: string }) => c.id === pair.id)).toBe(true);
  });

  it('moves the ID number to a survivor that had none', async () => {
    const pair = await pairFromImport(910_002);
    const withDoc = await volunteer(pair.record.id);
    const response = await office.request({
      method: 'POST',
      url: `/api/duplicates/${pair.id}/merge`,
      payload: { survivorId: pair.other.id },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await volunteer(pair.other.id)).doc_index).toBe(withDoc.doc_index);
    expect((await volunteer(pair.record.id)).doc_index).toBeNull();
  });

  it('keeps a pair apart, refuses deciding twice, and hides pairs outside the office’s area', async () => {
    const pair = await pairFromImport(910_003);
    expect((await office.request({ method: 'POST', url: `/api/duplicates/${pair.id}/keep-apart` })).statusCode).toBe(204);
    expect(
      (await office.request({ method: 'POST', url: `/api/duplicates/${pair.id}/merge`, payload: { survivorId: pair.record.id } }))
        .statusCode,
    ).toBe(409);
    const kept = (await office.request({ url: '/api/duplicates?status=kept_apart' })).json();
    expect(kept.items.map((c: { id: string }) => c.id)).toContain(pair.id);
    const elsewhere = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330110' }]));
    expect((await elsewhere.request({ url: '/api/duplicates?status=kept_apart' })).json().total).toBe(0);
    expect((await elsewhere.request({ method: 'POST', url: `/api/duplicates/${pair.id}/keep-apart` })).statusCode).toBe(404);
  });
});
