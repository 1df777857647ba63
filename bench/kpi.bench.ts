// Issue #6: KPIs on the `city` demo (1 000 000 volunteers, 20 000 000 service records) in a
// PostgreSQL server. Each KPI answer from the rollups (kpisOf) is timed beside the same KPIs
// computed by direct aggregate queries over the raw tables (kpisDirect) in this run, and the two
// must agree exactly. Goals: generation < 15 min; every answer ≤ 10 % of the direct query's time;
// GET /api/kpi/areas/:code p95 ≤ 100 ms for the city, ≤ 20 ms for a community; figures at most
// 60 s behind records confirmed while the background refresh runs.
// BENCH_KPI_SCALE=0.1 builds a tenth of the city for a quick run.
import { deepStrictEqual } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { type Db, rowsOf } from '../src/db/client.ts';
import type { Grant } from '../src/domain/auth/roles.ts';
import { buildApp } from '../src/http/app.ts';
import { loggerOptions } from '../src/http/logging.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/demo/index.ts';
import { kpisDirect, kpisOf, refreshKpiRollupsFully } from '../src/modules/kpi/index.ts';
import { confirmRecord } from '../src/modules/records/index.ts';
import { benchDatabase } from './database.ts';
import { fmt, load, medianOf } from './load.ts';

const SCALE = Number(process.env.BENCH_KPI_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_KPI_RUNS ?? 5);
const REQUESTS = Number(process.env.BENCH_KPI_REQUESTS ?? 300);
const FRESH_RECORDS = Number(process.env.BENCH_KPI_FRESH ?? 300);
const AREAS = [
  { label: 'city', code: '3301' },
  { label: 'district', code: '330102' },
  { label: 'street', code: '330102001' },
  { label: 'community', code: '330102001001' },
];

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

export async function run() {
  const { database, drop } = await benchDatabase('kpi');
  const config = loadConfig({
    ...process.env,
    VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-keys-')),
    VOLUNET_JOB_WORKERS: '1',
  });
  try {
    await database.migrate();
    const db = database.db;
    out(`  database: ${database.kind}; city demo at scale ${SCALE}`);

    let lastStage = '';
    let lastPrint = 0;
    const genStart = performance.now();
    const [seeded, genMs] = await timed(() =>
      seedDemo(
        db,
        config,
        'city',
        (done, total, stage) => {
          const now = performance.now();
          if (stage !== lastStage || now - lastPrint > 30_000) {
            out(`    ${seconds(now - genStart)} ${stage} (${fmt(done)}/${fmt(total)})`);
            lastPrint = now;
          }
          lastStage = stage;
        },
        { scale: SCALE },
      ),
    );
    const genGoal = 15 * 60_000 * (SCALE < 1 ? SCALE : 1);
    out(
      `  generation: ${fmt(seeded.registry.volunteers)} volunteers, ${fmt(seeded.history.records + seeded.records.records)} service records, ` +
        `${fmt(seeded.history.ledgerEntries + seeded.records.confirmed)} ledger entries in ${seconds(genMs)} ` +
        `(goal < ${seconds(genGoal)}${SCALE < 1 ? ', scaled' : ''}: ${verdict(genMs < genGoal)})`,
    );

    // One-off catch-up over two years of records: on a server, batches large enough that each volunteer
    // is taken once, not once per 200 000 entries (the defaults keep the embedded database answering).
    const [refreshed, refreshMs] = await timed(() => refreshKpiRollupsFully(db, { maxEntries: 50_000_000, maxVolunteers: 2_000_000 }));
    out(
      `  first refresh until caught up: ${fmt(refreshed.entries)} entries, ${fmt(refreshed.volunteers)} volunteer contributions moved in ${seconds(refreshMs)}`,
    );
    await db.execute(sql`analyze`);

    out(`  KPI answers, medians of ${RUNS} runs (goal: rollups ≤ 0.10 × direct)`);
    for (const area of AREAS) {
      const rolled: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const [a, ta] = await timed(() => kpisOf(db, area.code));
        const [b, tb] = await timed(() => kpisDirect(db, area.code));
        deepStrictEqual(a?.inputs, b?.inputs, `${area.label} ${area.code}: rollups and direct queries disagree`);
        deepStrictEqual(a?.kpis, b?.kpis);
        rolled.push(ta);
        direct.push(tb);
      }
      const ratio = medianOf(rolled) / medianOf(direct);
      out(
        `    ${area.label.padEnd(9)} ${area.code.padEnd(12)} direct ${fmt(medianOf(direct), 1).padStart(9)} ms  rollups ${fmt(medianOf(rolled), 1).padStart(7)} ms  ` +
          `ratio ${fmt(ratio, 3)} (${verdict(ratio <= 0.1)}); agree exactly`,
      );
    }

    const nullStream = new Writable({ write: (_c, _e, done) => done() });
    const app = await buildApp({ database, config, serveWeb: false, logger: { ...(loggerOptions('info') as object), stream: nullStream } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await apiLatency(app, base);
      await freshness(db, config.ledgerKey);
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

/** p95 of GET /api/kpi/areas/:code one request after another, and under 10 connections (autocannon, p99) for information. */
async function apiLatency(app: Awaited<ReturnType<typeof buildApp>>, base: string) {
  const goals = [
    { login: 'city', code: '3301', goal: 100 },
    { login: 'community', code: '330102001001', goal: 20 },
  ];
  out(`  GET /api/kpi/areas/:code, ${REQUESTS} requests one after another after 50 to warm up`);
  for (const { login, code, goal } of goals) {
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login, password: DEMO_PASSWORD } });
    const cookie = `vn_session=${signIn.cookies.find((c) => c.name === 'vn_session')?.value}`;
    const url = `${base}/api/kpi/areas/${code}`;
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 50; i++) {
      const [res, ms] = await timed(async () => {
        const r = await fetch(url, { headers: { cookie } });
        await r.arrayBuffer();
        return r;
      });
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      if (i >= 50) times.push(ms);
    }
    const p95 = percentile(times, 95);
    const busy = await load(url, { seconds: 5, connections: 10, headers: { cookie } });
    out(
      `    ${code.padEnd(12)} p50 ${fmt(percentile(times, 50), 1)} ms  p95 ${fmt(p95, 1)} ms (goal ≤ ${goal} ms: ${verdict(p95 <= goal)})` +
        `  | 10 connections: ${fmt(busy.requestsPerSecond)} req/s, p50 ${busy.p50Ms} ms, p99 ${busy.p99Ms} ms`,
    );
  }
}

/**
 * Confirms pending records of the last 12 months through the records service (ledger entries
 * appended the normal way) while the app's background refresh runs every 10 s, and times how long
 * until the city's KPIs show their hours.
 */
async function freshness(db: Db, ledgerKey: Buffer) {
  const picked = rowsOf<{ id: string; organization_id: string; hours: string }>(
    await db.execute(sql`select r.id, r.organization_id, (r.credit_hours + r.added_hours)::text as hours
      from service_records r join volunteers v on v.id = r.volunteer_id
      where r.status = 'pending' and r.credit_hours + r.added_hours > 0 and v.status in ('active', 'suspended')
        and v.account_id is null and r.service_date >= date_trunc('month', current_date) - interval '11 months'
      order by r.id limit ${FRESH_RECORDS}`),
  );
  const [account] = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts where username = 'org'`));
  const grants: Grant[] = [...new Set(picked.map((p) => p.organization_id))].map((organizationId) => ({
    role: 'org_admin',
    organizationId,
  }));
  const ctx = { actor: { accountId: account.id, displayName: 'bench', grants }, requestId: 'bench-kpi' };
  const before = await kpisOf(db, '3301');
  if (!before) throw new Error('no city');
  const expected = (before.inputs.hours + picked.reduce((sum, p) => sum + Number(p.hours), 0)).toFixed(2);
  const first = performance.now();
  for (const p of picked) await confirmRecord(db, ledgerKey, ctx, p.id);
  const last = performance.now();
  let seen = 0;
  while (performance.now() - last < 180_000) {
    const now = await kpisOf(db, '3301');
    if (now?.inputs.hours.toFixed(2) === expected) {
      seen = performance.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!seen) throw new Error(`the city's hours did not reach ${expected} within 180 s of the last confirmation`);
  const lag = seen - first;
  out(
    `  freshness: ${picked.length} records confirmed through the records service in ${seconds(last - first)}; the city's KPIs showed them ` +
      `${seconds(seen - last)} after the last, ${seconds(lag)} after the first (goal ≤ 60 s: ${verdict(lag <= 60_000)})`,
  );
}
