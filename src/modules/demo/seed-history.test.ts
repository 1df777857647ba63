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

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedDemo(t.database.db, t.config, 'small');
  await refreshKpiRollupsFully(t.database.db);
}, 120_000);
afterAll(() => t.close());

describe('the small demo city’s two years of service records', () => {
  it('are confirmed, rejected and pending, and the ledger they were chained into verifies', async () => {
    const [row] = rowsOf<{ confirmed: number; rejected: number; pending: number; days: number }>(
      await t.database.db.execute(sql`select count(*) filter (where status = 'confirmed')::int as confirmed,
          count(*) filter (where status = 'rejected')::int as rejected, count(*) filter (where status = 'pending')::int as pending,
          (max(service_date) - min(service_date))::int as days
        from service_records`),
    );
    expect(seeded.history.records).toBe(HISTORY_SIZES.small.records);
    expect(row.rejected).toBeGreaterThan(500);
    expect(row.pending).toBeGreaterThan(500);
    expect(row.days).toBeGreaterThanOrEqual(700);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: true, entries: seeded.history.ledgerEntries + seeded.records.confirmed });
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
