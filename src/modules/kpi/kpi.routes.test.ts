import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { KpiWorld } from '../../../test/worlds/kpi-world.ts';
import { currentMonth } from '../../domain/kpi/window.ts';
import { todayInChina } from '../../platform/clock.ts';

const CITY = '9902';
const A = '990201';
const B = '990202';
const A_COMMUNITY = '990201001001';

let t: TestApp;
const as: Record<string, Session> = {};
beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  for (const code of [A_COMMUNITY, '990202001001']) await buildArea(db, code);
  const org = await buildOrganization(db, t.config, { areaCode: A_COMMUNITY });
  const grants = {
    city: { role: 'city_admin', areaCode: CITY },
    districtA: { role: 'district_admin', areaCode: A },
    districtB: { role: 'district_admin', areaCode: B },
    streetA: { role: 'street_admin', areaCode: '990201001' },
    auditor: { role: 'auditor', areaCode: CITY },
    org: { role: 'org_admin', organizationId: org },
    volunteer: { role: 'volunteer' },
  } as const;
  for (const [name, grant] of Object.entries(grants)) as[name] = await signIn(t.app, await buildAccount(db, t.config, [grant]));
  // One volunteer in district A with 3 confirmed hours this month.
  const world = new KpiWorld(db, t.config);
  world.org = org;
  await world.volunteer('v', A_COMMUNITY, { politicalStatus: 'cpc_member' }, new Date().toISOString());
  await world.record('r', 'v', todayInChina(), 'confirmed', 3);
  await buildVolunteer(db, t.config, { areaCode: '990202001001' });
});
afterAll(() => t.close());

const get = (who: string, url: string) => as[who].request({ url });

describe('KPI routes', () => {
  it('the city admin brings the figures up to date on demand; district offices may not', async () => {
    expect((await as.districtA.request({ method: 'POST', url: '/api/kpi/refresh' })).statusCode).toBe(404);
    const r = await as.city.request({ method: 'POST', url: '/api/kpi/refresh' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ caughtUp: true, entries: 1, registry: true });
  });

  it('a district office sees its own district’s KPIs, named in its language, with targets', async () => {
    const r = await get('districtA', `/api/kpi/areas/${A}`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.area).toMatchObject({ code: A, level: 'district' });
    expect(body.window.until).toBe(currentMonth());
    expect(body.asOf.ledgerSeq).toBe(1);
    const hours = body.kpis.find((k: { code: string }) => k.code === 'hoursPerVolunteer');
    expect(hours).toMatchObject({
      name: '志愿者人均年服务时长',
      unit: 'hours',
      target: { value: 45, comparator: 'atLeast' },
      reference: { value: 42 },
      numerator: 3,
      denominator: 1,
      value: 3,
      status: 'notMet',
    });
    expect(body.kpis.map((k: { code: string }) => k.code)).not.toContain('orgCoverageCity');
    expect(body.kpis.find((k: { code: string }) => k.code === 'unifiedPlatformShare')).toMatchObject({ value: null, status: 'noData' });
  });

  it('refuses an office of another district, and above its own area, as if the area did not exist', async () => {
    for (const url of [
      `/api/kpi/areas/${B}`,
      `/api/kpi/areas/${B}/children?kpi=activeShare`,
      `/api/kpi/areas/${B}/trend`,
      `/api/kpi/areas/${CITY}`,
    ]) {
      const r = await get('districtA', url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
    }
    expect((await get('streetA', `/api/kpi/areas/${A}`)).statusCode).toBe(404);
    expect((await get('streetA', '/api/kpi/areas/990201001')).statusCode).toBe(200);
    expect((await get('volunteer', `/api/kpi/areas/${A}`)).statusCode).toBe(404);
    expect((await get('org', `/api/kpi/areas/${A}`)).statusCode).toBe(404);
    expect((await get('city', '/api/kpi/areas/990299')).statusCode).toBe(404);
  });

  it('lets the city office and auditors see every district, ranked, and its trend', async () => {
    for (const who of ['city', 'auditor']) expect((await get(who, `/api/kpi/areas/${B}`)).statusCode).toBe(200);
    const ranking = (await get('auditor', `/api/kpi/areas/${CITY}/children?kpi=activeShare`)).json();
    expect(ranking.kpi).toMatchObject({ code: 'activeShare', target: null });
    expect(ranking.children.map((c: { area: { code: string }; value: number }) => [c.area.code, c.value])).toEqual([
      [A, 1],
      [B, 0],
    ]);
    const trend = (await get('city', `/api/kpi/areas/${A}/trend?months=24`)).json();
    expect(trend.months).toHaveLength(24);
    expect(trend.months[23]).toMatchObject({ month: currentMonth(), hours: 3, active: 1, registrations: 1 });
  });

  it('checks the period and the KPI code', async () => {
    expect((await get('city', `/api/kpi/areas/${A}?until=2025-13`)).statusCode).toBe(400);
    expect((await get('city', `/api/kpi/areas/${A}/children?kpi=happiness`)).statusCode).toBe(400);
    expect((await get('city', `/api/kpi/areas/${A}?until=2024-12`)).json().window).toEqual({ from: '2024-01', until: '2024-12' });
  });

  it('an office enters the figure of all registered volunteers for its own area only', async () => {
    const put = (who: string, code: string, total: number) =>
      as[who].request({
        method: 'PUT',
        url: `/api/kpi/areas/${code}/registered-total`,
        payload: { total, reportedOn: '2025-06-30', note: '中国志愿服务网 + 志愿汇' },
      });
    expect((await put('districtB', A, 4)).statusCode).toBe(404);
    expect((await put('auditor', A, 4)).statusCode).toBe(404);
    expect((await put('districtA', A, 4)).statusCode).toBe(204);
    const share = (await get('districtA', `/api/kpi/areas/${A}`))
      .json()
      .kpis.find((k: { code: string }) => k.code === 'unifiedPlatformShare');
    expect(share).toMatchObject({ numerator: 1, denominator: 4, value: 0.25, status: 'notMet' });
    const history = (await get('districtA', `/api/kpi/areas/${A}/registered-total`)).json().entries;
    expect(history[0]).toMatchObject({ total: 4, reportedOn: '2025-06-30', note: '中国志愿服务网 + 志愿汇' });
    expect(history[0].enteredBy).toEqual(expect.any(String));
    expect((await get('districtB', `/api/kpi/areas/${A}/registered-total`)).statusCode).toBe(404);
    const bad = await as.districtA.request({
      method: 'PUT',
      url: `/api/kpi/areas/${A}/registered-total`,
      payload: { total: -1, reportedOn: '2025-02-30' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['reportedOn', 'total']);
  });

  it('the city sets the walking speed and detour factor', async () => {
    const settings = { walkingSpeedKmh: 5, detourFactor: 1.2 };
    expect((await as.districtA.request({ method: 'PUT', url: '/api/kpi/settings', payload: settings })).statusCode).toBe(404);
    const r = await as.city.request({ method: 'PUT', url: '/api/kpi/settings', payload: settings });
    expect(r.statusCode).toBe(200);
    expect((await get('volunteer', '/api/kpi/settings')).json()).toEqual(settings);
    expect(
      (await as.city.request({ method: 'PUT', url: '/api/kpi/settings', payload: { ...settings, detourFactor: 0.5 } })).statusCode,
    ).toBe(400);
  });
});
