import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../../test/helpers/app.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { AREA, KpiWorld } from '../../../test/worlds/kpi-world.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import type { KpiCode } from '../../domain/kpi/catalogue.ts';
import { saveSetting } from '../../platform/settings.ts';
import { installKpiRefresh } from './kpi.job.ts';
import { insertRegisteredTotal } from './kpi.queries.ts';
import { WALK_SETTING } from './kpi.registry.ts';
import { refreshKpiRollups, refreshKpiRollupsFully } from './kpi.rollups.ts';
import { kpisDirect, kpisOf, kpiTrend, rankChildren } from './kpi.service.ts';

let database: Database;
let world: KpiWorld;
beforeAll(async () => {
  database = await createTestDatabase();
  world = new KpiWorld(database.db, testConfig());
  await world.build();
  await insertRegisteredTotal(database.db, { areaCode: AREA.city, total: 20, reportedOn: '2025-01-01', note: '', enteredBy: null });
  await insertRegisteredTotal(database.db, {
    areaCode: AREA.city,
    total: 10,
    reportedOn: '2025-06-30',
    note: '志愿汇、中国志愿服务网',
    enteredBy: null,
  });
  // Entered later but reported earlier: the latest report counts, not the latest typing.
  await insertRegisteredTotal(database.db, { areaCode: AREA.city, total: 30, reportedOn: '2024-12-31', note: '', enteredBy: null });
  await insertRegisteredTotal(database.db, { areaCode: AREA.a, total: 5, reportedOn: '2025-06-30', note: '', enteredBy: null });
});
afterAll(() => database.close());

const db = () => database.db;
const ALL_AREAS = Object.values(AREA);
const WINDOWS = ['2025-12', '2025-11', '2025-06', '2024-12', '2026-03'];
/** Every month from 2023 to 2026, for the city: where runs of active months start and end. */
const EVERY_MONTH = Array.from({ length: 48 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

async function kpis(code: string, until = '2025-12') {
  const result = await kpisOf(db(), code, until);
  if (!result) throw new Error(`no area ${code}`);
  return Object.fromEntries(result.kpis.map((k) => [k.code, k])) as Record<KpiCode, (typeof result.kpis)[number]>;
}

const figure = (numerator: number, denominator: number, status: string) => ({ numerator, denominator, status });

async function expectRollupsEqualDirect() {
  const cases = [...ALL_AREAS.flatMap((code) => WINDOWS.map((until) => [code, until])), ...EVERY_MONTH.map((until) => [AREA.city, until])];
  for (const [code, until] of cases) {
    const [rolled, direct] = await Promise.all([kpisOf(db(), code, until), kpisDirect(db(), code, until)]);
    expect({ code, until, ...rolled }).toEqual({ code, until, ...direct });
  }
}

describe('KPIs of a hand-computed city', () => {
  it('the first refresh takes in every volunteer, ledger entry and station', async () => {
    const r = await refreshKpiRollupsFully(db());
    const [{ n }] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from ledger_entries`));
    expect(r).toMatchObject({ entries: n, volunteers: 9, registry: true, caughtUp: true, ledgerSeq: n });
  });

  it('answers the city’s KPIs for 2025 as computed by hand', async () => {
    const k = await kpis(AREA.city);
    // Registered: v1–v5, v7–v9 (v6 deregistered); active in 2025: v1, v2, v5, v7, v8, v9 (v3 served in Dec 2024, v4 never).
    expect(k.registeredShare).toMatchObject(figure(8, 70_020, 'notMet'));
    expect(k.unifiedPlatformShare).toMatchObject({ ...figure(8, 10, 'met'), value: 0.8 });
    expect(k.activeShare).toMatchObject({ ...figure(6, 8, 'noTarget'), value: 0.75 });
    expect(k.neverServedShare).toMatchObject({ ...figure(1, 8, 'noTarget'), value: 0.125 });
    // 2025 hours: v1 4+2 (correction)+3+1 = 10, v2 3−1 = 2, v5 8, v7 2, v8 24+24+12 = 60, v9 1; v6's 6 h left with v6.
    expect(k.hoursPerVolunteer).toMatchObject({ ...figure(83, 8, 'notMet'), value: 10.375 });
    // Of the six who served, v1 and v8 (CPC) and v2 (CYL): exactly 60 % is not "over 60 %".
    expect(k.partyLeagueShare).toMatchObject({ ...figure(3, 6, 'notMet'), value: 0.5 });
    expect(k.orgCoverageCity).toMatchObject(figure(1, 1, 'met'));
    expect(k.orgCoverageDistrict).toMatchObject(figure(1, 2, 'notMet'));
    expect(k.orgCoverageStreet).toMatchObject(figure(1, 2, 'notMet'));
    expect(k.orgCoverageCommunity).toMatchObject(figure(1, 3, 'notMet'));
    // Open: S1 (to standard), S2 (its latest inspection missed an item), S4 (never inspected); S3 is closed.
    expect(k.stationsToStandard).toMatchObject(figure(1, 3, 'notMet'));
    expect(k.walkCoverage).toMatchObject(figure(30_000, 70_020, 'notMet'));
    expect(k.floorAreaPer10k).toMatchObject({ ...figure(200, 8, 'met'), value: 250_000 });
    expect(k.collegePracticeHours).toMatchObject(figure(2, 1, 'notMet'));
    expect(k.schoolPracticeHours).toMatchObject(figure(2, 2, 'notMet'));
    expect(k.cadreHours).toMatchObject(figure(70, 2, 'notMet'));
  });

  it('answers districts, streets and communities, each with the KPIs of its level', async () => {
    const a = await kpis(AREA.a);
    expect(a.unifiedPlatformShare).toMatchObject(figure(6, 6, 'met'));
    expect(a.hoursPerVolunteer).toMatchObject(figure(21, 6, 'notMet'));
    expect(a.partyLeagueShare).toMatchObject(figure(2, 4, 'notMet'));
    expect(a.orgCoverageDistrict).toMatchObject(figure(1, 1, 'met'));
    expect(a.orgCoverageStreet).toMatchObject(figure(0, 1, 'notMet'));
    expect(a.orgCoverageCommunity).toMatchObject(figure(1, 2, 'notMet'));
    expect(a.orgCoverageCity).toBeUndefined();
    expect(a.stationsToStandard).toMatchObject(figure(1, 2, 'notMet'));
    expect(a.walkCoverage).toMatchObject(figure(30_000, 30_020, 'notMet'));

    const b = await kpis(AREA.b);
    expect(b.unifiedPlatformShare).toMatchObject({ value: null, status: 'noData' });
    expect(b.cadreHours).toMatchObject(figure(60, 1, 'met'));
    expect(b.schoolPracticeHours).toMatchObject(figure(2, 1, 'met'));
    expect(b.collegePracticeHours).toMatchObject({ ...figure(0, 0, 'noData'), value: null });
    expect(b.floorAreaPer10k).toMatchObject({ ...figure(0, 2, 'notMet'), value: 0 });
    expect(b.walkCoverage).toMatchObject(figure(0, 40_000, 'notMet'));
    expect(b.orgCoverageDistrict).toMatchObject(figure(0, 1, 'notMet'));

    const street = await kpis(AREA.a1);
    expect(street.floorAreaPer10k).toBeUndefined();
    expect(street.hoursPerVolunteer).toMatchObject(figure(21, 6, 'notMet'));

    const a1a = await kpis(AREA.a1a);
    expect(a1a.partyLeagueShare).toMatchObject(figure(2, 2, 'met'));
    expect(a1a.stationsToStandard).toMatchObject(figure(1, 1, 'met'));
    expect(a1a.walkCoverage).toMatchObject(figure(30_000, 30_000, 'met'));
    expect(a1a.orgCoverageCommunity).toMatchObject(figure(1, 1, 'met'));
    expect(Object.keys(a1a).filter((c) => c.startsWith('orgCoverage'))).toEqual(['orgCoverageCommunity']);
    expect((await kpis(AREA.a1b)).registeredShare).toMatchObject({ ...figure(2, 20, 'met'), value: 0.1 });
  });

  it('takes 12 months ending with any month: Dec 2024 – Nov 2025 has v3, and v5 for December 2024', async () => {
    const k = await kpis(AREA.city, '2025-11');
    expect(k.activeShare).toMatchObject(figure(7, 8, 'noTarget'));
    expect(k.hoursPerVolunteer).toMatchObject(figure(77.5, 8, 'notMet'));
  });

  it('gives the same figures from the rollups as from the raw tables, for every area and window', async () => {
    await expectRollupsEqualDirect();
  });

  it('ranks the districts and shows month-by-month trends', async () => {
    const ranking = await rankChildren(db(), AREA.city, 'hoursPerVolunteer', '2025-12');
    expect(ranking.children.map((c) => [c.areaCode, c.value])).toEqual([
      [AREA.b, 31],
      [AREA.a, 3.5],
    ]);
    const never = await rankChildren(db(), AREA.city, 'neverServedShare', '2025-12');
    expect(never.children.map((c) => [c.areaCode, c.value])).toEqual([
      [AREA.b, 0],
      [AREA.a, 1 / 6],
    ]);
    // Floor area is not reported at street level: a district's streets have nothing to rank.
    expect((await rankChildren(db(), AREA.a, 'floorAreaPer10k', '2025-12')).children).toEqual([]);

    const trend = await kpiTrend(db(), AREA.city, 12, '2025-12');
    expect(trend.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(trend.map((m) => m.hours)).toEqual([2, 0, 8, 0, 0, 24, 0, 1, 24, 12, 4, 8]);
    expect(trend.map((m) => m.active)).toEqual([4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 7, 6]);
    expect(trend.map((m) => m.registrations)).toEqual([0, 2, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    const long = await kpiTrend(db(), AREA.city, 24, '2025-12');
    expect(long).toHaveLength(24);
    expect(long[0]).toEqual({ month: '2024-01', hours: 0, active: 1, registrations: 0 });
    expect(long[4]).toMatchObject({ month: '2024-05', registrations: 4 });
    expect(long[5]).toEqual({ month: '2024-06', hours: 5, active: 1, registrations: 0 });
    expect(long[11]).toEqual({ month: '2024-12', hours: 2.5, active: 3, registrations: 0 });
  });
});

describe('keeping the figures fresh', () => {
  it('moves only what changed: new confirmations, a correction, a volunteer who moved, stations and settings', async () => {
    await world.record('r17', 'v4', '2025-12-01', 'confirmed', 5);
    await world.correct('r12', 'v8', -4);
    await db().execute(sql`update volunteers set area_code = ${AREA.b1a} where id = ${world.v.v9}`);
    await world.station(AREA.a1b, { lat: 30.0505, lng: 120, floorArea: 10 });
    // 1.30 km from B1a's centre: 22.6 minutes with the default detour of 1.3, 17.3 without a detour.
    await world.station(AREA.b1a, { lat: 30.2117, lng: 120.2, floorArea: 0 });
    await saveSetting(db(), WALK_SETTING, { walkingSpeedKmh: 4.5, detourFactor: 1 }, await anyAccount());

    // Not yet refreshed: the rollups still say what they said.
    expect((await kpis(AREA.city)).hoursPerVolunteer).toMatchObject(figure(83, 8, 'notMet'));
    // Small batches: the same answer however the work is cut.
    const r = await refreshKpiRollupsFully(db(), { maxEntries: 1, maxVolunteers: 1 });
    expect(r).toMatchObject({ entries: 2, volunteers: 3, registry: true, caughtUp: true });

    const k = await kpis(AREA.city);
    expect(k.neverServedShare).toMatchObject(figure(0, 8, 'noTarget'));
    expect(k.activeShare).toMatchObject(figure(7, 8, 'noTarget'));
    expect(k.partyLeagueShare).toMatchObject(figure(3, 7, 'notMet'));
    expect(k.hoursPerVolunteer).toMatchObject(figure(84, 8, 'notMet'));
    expect(k.cadreHours).toMatchObject(figure(66, 2, 'notMet'));
    expect(k.walkCoverage).toMatchObject(figure(70_020, 70_020, 'met'));
    expect(k.floorAreaPer10k).toMatchObject(figure(210, 8, 'met'));
    expect((await kpis(AREA.a)).hoursPerVolunteer).toMatchObject(figure(25, 5, 'notMet'));
    expect((await kpis(AREA.b)).hoursPerVolunteer).toMatchObject(figure(59, 3, 'notMet'));
    expect((await kpis(AREA.b)).cadreHours).toMatchObject(figure(56, 1, 'notMet'));
    expect((await kpiTrend(db(), AREA.b, 12, '2025-12')).map((m) => m.registrations)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    await expectRollupsEqualDirect();
  });

  it('is idempotent: a refresh with nothing new changes nothing', async () => {
    const snapshot = async () =>
      rowsOf(await db().execute(sql`select * from kpi_area_months order by area_code, month`)).concat(
        rowsOf(await db().execute(sql`select * from kpi_area_totals order by area_code`)),
        rowsOf(await db().execute(sql`select * from kpi_area_registry order by area_code`)),
      );
    const before = await snapshot();
    const r = await refreshKpiRollups(db());
    expect(r).toMatchObject({ entries: 0, volunteers: 0, registry: false, caughtUp: true });
    expect(await snapshot()).toEqual(before);
  });

  it('is safe to run twice at once: each entry is folded in exactly once', async () => {
    await world.record('r18', 'v2', '2025-10-01', 'confirmed', 2, 1);
    await world.record('r19', 'v7', '2025-10-02', 'confirmed', 1);
    const results = await Promise.all([refreshKpiRollups(db()), refreshKpiRollups(db()), refreshKpiRollups(db())]);
    expect(results.reduce((sum, r) => sum + r.entries, 0)).toBe(3);
    expect((await kpis(AREA.city)).hoursPerVolunteer).toMatchObject(figure(88, 8, 'notMet'));
    await expectRollupsEqualDirect();
  });
});

describe('the background refresh', () => {
  const serverWith = async (jobWorkers: boolean) => {
    const app = Fastify({ logger: false });
    app.decorate('db', db());
    app.decorate('config', testConfig({ jobWorkers }));
    installKpiRefresh(app);
    await app.ready();
    return app;
  };
  const folded = async () => Number(rowsOf<{ s: string }>(await db().execute(sql`select ledger_seq::text as s from kpi_state`))[0].s);

  it('runs at start where jobs run (then every ten seconds), and nowhere else', async () => {
    await world.record('r22', 'v5', '2025-12-02', 'confirmed', 1);
    const head = Number(rowsOf<{ s: string }>(await db().execute(sql`select max(seq)::text as s from ledger_entries`))[0].s);
    const quiet = await serverWith(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await folded()).toBeLessThan(head);
    await quiet.close();
    const worker = await serverWith(true);
    await vi.waitFor(async () => expect(await folded()).toBe(head), { timeout: 10_000 });
    await worker.close();
  });
});

async function anyAccount(): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await db().execute(sql`insert into accounts (username, display_name, password_hash) values ('kpi-settings', '设置', 'x') returning id`),
  );
  return row.id;
}
