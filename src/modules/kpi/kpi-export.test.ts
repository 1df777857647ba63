import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { KpiWorld } from '../../../test/worlds/kpi-world.ts';
import { todayInChina } from '../../platform/clock.ts';

const CITY = '9903';
const A = '990301';
const NEAR = '990301001001';
const FAR = '990301001002';
const NEXT_STREET_COMMUNITY = '990301002001';
const YEAR = todayInChina().slice(0, 4);

let t: TestApp;
const as: Record<string, Session> = {};
beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  await buildArea(db, NEAR, { lat: 30.2, lng: 120.1, name: '近湖社区' });
  await buildArea(db, FAR, { lat: 30.5, lng: 120.6, name: '远山社区' });
  await buildArea(db, NEXT_STREET_COMMUNITY, { lat: 30.203, lng: 120.102 });
  await buildArea(db, '990302001001');
  const world = new KpiWorld(db, t.config);
  world.org = await buildOrganization(db, t.config, { areaCode: NEAR });
  await world.station(NEAR, { lat: 30.201, lng: 120.101, floorArea: 80 });
  await world.volunteer('v', NEAR, { politicalStatus: 'cpc_member' }, new Date().toISOString());
  await world.record('r', 'v', todayInChina(), 'confirmed', 3);
  as.city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: CITY }]));
  as.other = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '990302' }]));
  expect((await as.city.request({ method: 'POST', url: '/api/kpi/refresh' })).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('KPI map and exports', () => {
  it('the map shows open stations and which communities are within 20 minutes’ walk', async () => {
    const r = await as.city.request({ url: `/api/kpi/areas/${A}/map` });
    expect(r.statusCode).toBe(200);
    const map = r.json();
    expect(map.radiusKm).toBeCloseTo((4.5 * 20) / 60 / 1.3, 5);
    expect(map.tiles).toBeNull();
    expect(map.stations).toMatchObject([{ lat: 30.201, lng: 120.101, inArea: true }]);
    expect(map.communities.map((c: { code: string; covered: boolean }) => [c.code, c.covered])).toEqual([
      [NEAR, true],
      [FAR, false],
      [NEXT_STREET_COMMUNITY, true],
    ]);
    expect((await as.other.request({ url: `/api/kpi/areas/${A}/map` })).statusCode).toBe(404);
    // A station across the line still covers, and is drawn: the community of the street next door is within its walk.
    const next = (await as.city.request({ url: '/api/kpi/areas/990301002/map' })).json();
    expect(next.stations).toMatchObject([{ lat: 30.201, inArea: false }]);
    expect(next.communities).toMatchObject([{ code: NEXT_STREET_COMMUNITY, covered: true }]);
  });

  it('each table downloads as XLSX, headed in the account’s language; another district’s answers 404', async () => {
    const r = await as.city.request({ url: `/api/kpi/areas/${A}/xlsx?table=kpis` });
    expect(r.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toContain('指标');
    const names = sheet.getColumn(1).values;
    expect(names).toContain('20分钟内可达志愿服务站点的居民比例');
    const ranking = await as.city.request({ url: `/api/kpi/areas/${CITY}/xlsx?table=ranking&kpi=registeredShare` });
    const rbook = new ExcelJS.Workbook();
    await rbook.xlsx.load(ranking.rawPayload as unknown as ArrayBuffer);
    expect(rbook.worksheets[0].getRow(2).values).toEqual(expect.arrayContaining([1, A]));
    expect((await as.city.request({ url: `/api/kpi/areas/${A}/xlsx?table=trend` })).statusCode).toBe(200);
    expect((await as.other.request({ url: `/api/kpi/areas/${A}/xlsx?table=kpis` })).statusCode).toBe(404);
  });

  it('the annual report PDF lists each KPI in the reader’s language with its target and verdict, and the sub-areas ranked', async () => {
    const r = await as.city.request({ url: `/api/kpi/areas/${CITY}/report.pdf?year=${YEAR}&kpi=hoursPerVolunteer` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-kpi-')), 'r.pdf');
    writeFileSync(file, r.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      `${YEAR} 年度志愿服务指标报告`,
      '注册志愿者占常住人口比例',
      '20分钟内可达志愿服务站点的居民比例',
      '党员干部人均年服务时长',
      '≥ 45.0 小时',
      '未达标',
      '下级区域排名（志愿者人均年服务时长）',
      A,
    ])
      expect(text).toContain(expected);
    // The same report for a reader whose screen is in English.
    const en = await as.city.request({
      url: `/api/kpi/areas/${CITY}/report.pdf?year=${YEAR}&kpi=hoursPerVolunteer`,
      headers: { 'x-volunet-language': 'en-US' },
    });
    writeFileSync(file, en.rawPayload);
    const english = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      `volunteer service KPIs ${YEAR}`,
      'Service hours per volunteer per year',
      'Registered volunteers who never served',
      '≥ 45.0 h',
      'not met',
      'Sub-areas ranked by',
    ])
      expect(english).toContain(expected);
    expect(english).not.toContain('年度');
    expect((await as.other.request({ url: `/api/kpi/areas/${CITY}/report.pdf?year=${YEAR}` })).statusCode).toBe(404);
  });
});
