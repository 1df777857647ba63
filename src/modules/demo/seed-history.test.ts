import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { kpisDirect, kpisOf, refreshKpiRollupsFully } from '../kpi/index.ts';
import { verifyLedger } from '../records/index.ts';
import { seedDemo } from './seed-demo.ts';
import { HISTORY_SIZES } from './seed-history.ts';

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
// A fifth of the small city: the same areas and the same proportions of people, organizations and
// records (so the same KPIs are met and missed), in about a fifth of the time the whole city takes to seed.
const SCALE = 0.2;
const RECORDS = Math.round(HISTORY_SIZES.small.records * SCALE);

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedDemo(t.database.db, t.config, 'small', undefined, { scale: SCALE });
  await refreshKpiRollupsFully(t.database.db);
});
afterAll(() => t.close());

describe('the small demo city’s two years of service records', () => {
  it('are confirmed, rejected and pending, and the ledger they were chained into verifies', async () => {
    const [row] = rowsOf<{ confirmed: number; rejected: number; pending: number; days: number }>(
      await t.database.db.execute(sql`select count(*) filter (where status = 'confirmed')::int as confirmed,
          count(*) filter (where status = 'rejected')::int as rejected, count(*) filter (where status = 'pending')::int as pending,
          (max(service_date) - min(service_date))::int as days
        from service_records`),
    );
    expect(seeded.history.records).toBe(RECORDS);
    // More than one in 80 each (500 of the whole small city's 40 000).
    expect(row.rejected).toBeGreaterThan(RECORDS / 80);
    expect(row.pending).toBeGreaterThan(RECORDS / 80);
    expect(row.days).toBeGreaterThanOrEqual(700);
    expect(await verifyLedger(t.database.db, t.config.ledgerKey)).toMatchObject({
      ok: true,
      // The history, the past activities' records and the served requests' (seed-requests.ts).
      entries: seeded.history.ledgerEntries + seeded.records.confirmed + seeded.requests.servedRecords,
    });
  });

  it('give the same KPIs from the rollups as from the raw tables, in the city, a district, a street and a community', async () => {
    for (const code of ['3301', '330102', '330106', '330102001', '330102001001']) {
      const rolled = await kpisOf(t.database.db, code);
      const direct = await kpisDirect(t.database.db, code);
      expect(rolled?.inputs, code).toEqual(direct?.inputs);
      expect(rolled?.kpis, code).toEqual(direct?.kpis);
    }
  });

  it('give every KPI of the city a value, some met and some not', async () => {
    const city = await kpisOf(t.database.db, '3301');
    const statuses = new Set(city?.kpis.map((k) => k.status));
    expect(city?.kpis.filter((k) => k.status === 'noData').map((k) => k.code)).toEqual([]);
    expect(statuses).toContain('met');
    expect(statuses).toContain('notMet');
  });
});
