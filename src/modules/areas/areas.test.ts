import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { areas, auditLog } from '../../db/schema.ts';

let t: TestApp;
let city: Session;
let district: Session;
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, '980101001');
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9801' }]));
  district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '980101' }]));
});
afterAll(() => t.close());

const countAreas = async (prefix: string) =>
  (
    await t.database.db
      .select({ code: areas.code })
      .from(areas)
      .where(sql`${areas.code} like ${`${prefix}%`}`)
  ).length;

describe('reading areas', () => {
  it('lists children and returns one area with its ancestors', async () => {
    const list = await city.request({ url: '/api/areas?parent=980101' });
    expect(list.json()).toMatchObject({ total: 1, items: [{ code: '980101001', level: 'street', childCount: 0 }] });
    const one = await city.request({ url: '/api/areas/980101001' });
    expect(one.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['9801', '980101']);
  });

  it('refuses malformed codes with the field and rule', async () => {
    const response = await city.request({ url: '/api/areas/98010', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'code', rule: 'custom', message: '区划代码须为 4、6、9 或 12 位数字' }]);
  });
});

describe('creating and changing areas', () => {
  it('creates a community under an existing street and audits it in the same transaction', async () => {
    const response = await district.request({
      method: 'POST',
      url: '/api/areas',
      payload: { code: '980101001001', name: '新建社区', population: 3200, lat: 30.1, lng: 120.2 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ level: 'community', parentCode: '980101001' });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, '980101001001'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'area.create', areaCode: '980101001001', requestId: response.headers['x-request-id'] });
  });

  it('answers out-of-scope creations as not found, whatever the input', async () => {
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    for (const code of ['980199001', '980101009']) {
      const response = await volunteer.request({ method: 'POST', url: '/api/areas', payload: { code, name: 'x' } });
      expect(response.statusCode).toBe(404);
    }
    const nobody = await signIn(t.app, await buildAccount(t.database.db, t.config, []));
    expect((await nobody.request({ url: '/api/areas?parent=980101' })).json()).toEqual({ items: [], total: 0 });
  });

  it('refuses an orphan, a duplicate and bad values, writing nothing', async () => {
    const auditBefore = (await t.database.db.select().from(auditLog)).length;
    const orphan = await city.request({ method: 'POST', url: '/api/areas', payload: { code: '980199001', name: '孤儿' } });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.details[0]).toMatchObject({ field: 'code', rule: 'parent_exists' });
    const duplicate = await city.request({ method: 'POST', url: '/api/areas', payload: { code: '980101001', name: '重复' } });
    expect(duplicate.statusCode).toBe(409);
    const bad = await city.request({
      method: 'POST',
      url: '/api/areas',
      payload: { code: '980101002', name: 'x'.repeat(101), population: -1, lat: 91, extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    expect(fields).toEqual(['extra', 'lat', 'name', 'population']);
    expect((await t.database.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('updates an area in scope and records which fields changed', async () => {
    const response = await district.request({
      method: 'PATCH',
      url: '/api/areas/980101001',
      payload: { name: '改名街道', population: 54321 },
    });
    expect(response.json()).toMatchObject({ name: '改名街道', population: 54321 });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'area.update'));
    expect(entry.summary).toEqual({ changed: ['name', 'population'] });
    // Cached reads follow the change: the street's own page and its children's paths.
    expect((await city.request({ url: '/api/areas/980101001' })).json().name).toBe('改名街道');
    const child = await city.request({ url: '/api/areas/980101001001' });
    expect(child.json().ancestors.map((a: { name: string }) => a.name)).toContain('改名街道');
  });

  it('answers bad JSON and an oversized body with a clear 400 / 413', async () => {
    const badJson = await city.request({
      method: 'POST',
      url: '/api/areas',
      payload: '{"code": "9801',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toMatchObject({ code: 'VALIDATION', message: '请求体不是有效的 JSON' });
    const huge = await city.request({
      method: 'POST',
      url: '/api/areas',
      payload: JSON.stringify({ code: '980101003', name: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('importing an area list from CSV', () => {
  const post = (session: Session, csv: string | Buffer, dryRun = false) =>
    session.request({ method: 'POST', url: `/api/areas/import?dryRun=${dryRun}`, payload: csv, headers: { 'content-type': 'text/csv' } });

  it('reports every bad row and field, and writes nothing', async () => {
    const csv = [
      'code,name,level,population,lat,lng',
      '980102,二区,district,1000,30,120',
      '980102001,好街道,street,500,30,120',
      '980102001,重复,street,1,,',
      '980177001,孤儿街道,,,,',
      '98010200100,坏代码,,,,',
      '980102002,,community,abc,95,',
    ].join('\n');
    const response = await post(city, csv);
    expect(response.statusCode).toBe(400);
    const details = response.json().error.details.map((d: { row: number; field: string; rule: string }) => `${d.row}:${d.field}:${d.rule}`);
    expect(details).toEqual([
      '4:code:unique',
      '5:code:parent_exists',
      '6:code:format',
      '7:name:required',
      '7:level:matches_code',
      '7:population:non_negative_integer',
      '7:lat:range',
    ]);
    expect(await countAreas('980102')).toBe(0);
  });

  it('previews, then imports in one go, parents first, with one audit entry', async () => {
    const csv = 'code,name,population\n980103001001,三区一街一社区,10\n980103,三区,100\n980103001,三区一街,50\n';
    const preview = await post(city, csv, true);
    expect(preview.json()).toEqual({ dryRun: true, rows: 3, created: 3, updated: 0 });
    expect(await countAreas('980103')).toBe(0);
    const done = await post(city, csv);
    expect(done.json()).toEqual({ dryRun: false, rows: 3, created: 3, updated: 0 });
    expect(await countAreas('980103')).toBe(3);
    const again = await post(city, csv.replace('三区,100', '三区,200'));
    expect(again.json()).toMatchObject({ created: 0, updated: 3 });
    // A list without some columns, or with blank cells, leaves those values as they were.
    await post(city, 'code,name,population,lat,lng\n980103,三区,,30.5,120.5\n');
    await post(city, 'code,name\n980103,三区改名\n');
    const [kept] = await t.database.db.select().from(areas).where(eq(areas.code, '980103'));
    expect(kept).toMatchObject({ name: '三区改名', population: 200, lat: 30.5, lng: 120.5 });
    const imports = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'area.import'));
    expect(imports.map((e) => e.summary)).toEqual([
      { rows: 3, created: 3, updated: 0 },
      { rows: 3, created: 0, updated: 3 },
      { rows: 1, created: 0, updated: 1 },
      { rows: 1, created: 0, updated: 1 },
    ]);
  });

  it('reads a GBK file as Excel saves it, and keeps a district admin inside their district', async () => {
    const text = 'code,name\n980101005,西湖边街道\n';
    // GB18030 bytes of the Chinese name, as Excel on a Chinese Windows writes them.
    const gbk = Buffer.concat([Buffer.from('code,name\n980101005,'), Buffer.from('cef7bafeb1dfbdd6b5c0', 'hex'), Buffer.from('\n')]);
    expect((await post(district, gbk)).json()).toMatchObject({ created: 1 });
    const [row] = await t.database.db.select().from(areas).where(eq(areas.code, '980101005'));
    expect(row.name).toBe('西湖边街道');
    const outside = await post(district, text.replace('980101005', '980201001').replace('西湖边街道', '外区街道'));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0]).toMatchObject({ row: 2, field: 'code', rule: 'scope' });
  });

  it('accepts padded 12-digit codes and reports the file’s own line numbers', async () => {
    const padded = await post(city, 'code,name\n980105000000,五区\n980105001000,五区一街\n', true);
    expect(padded.json()).toMatchObject({ rows: 2, created: 2 });
    const withGaps = await post(city, 'code,name\n\n980106,"六区\n（新）"\n\n980106001,\n');
    expect(withGaps.json().error.details).toEqual([expect.objectContaining({ row: 6, field: 'name', rule: 'required' })]);
  });

  it('names missing columns and empty files', async () => {
    const noName = await post(city, 'code,population\n980104,1\n');
    expect(noName.json().error.details[0]).toMatchObject({ row: 1, field: 'header', message: '缺少列：name' });
    const shortFirstRow = await post(city, 'code,name,population\n980104\n');
    expect(shortFirstRow.json().error.details).toEqual([expect.objectContaining({ row: 2, field: 'name', rule: 'required' })]);
    const empty = await post(city, 'code,name\n');
    expect(empty.json().error.details[0]).toMatchObject({ field: 'file', rule: 'rows' });
  });
});
