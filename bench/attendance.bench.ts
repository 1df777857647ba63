// Issue #5: check-ins over HTTP (durable: answered after commit; idempotent by key) against the
// single-row INSERT transactions/s the same database does with 8 clients, and a device's batch
// upload against a raw multi-row INSERT of the same events — each pair measured in this run.
// Goals: check-in req/s ≥ 1 × the anchor with p99 ≤ 50 ms; device upload ≥ 0.5 × the anchor.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { rowsOf } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { loggerOptions } from '../src/http/logging.ts';
import { createAccount } from '../src/modules/accounts/accounts.service.ts';
import { drainDeviceInbox } from '../src/modules/attendance/attendance.devices.ts';
import { benchDatabase } from './database.ts';
import { deviceClient, fmt, load, median } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BATCH = 1_000;
const BATCHES = Number(process.env.BENCH_DEVICE_BATCHES ?? 20);
/** Uploads before the measured ones, on both sides: the first requests compile the code they run. */
const WARM_BATCHES = 3;

export async function run() {
  const { database, url, drop } = await benchDatabase('attendance');
  const config = loadConfig({
    ...process.env,
    VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-keys-')),
    VOLUNET_JOB_WORKERS: '0',
  });
  try {
    await database.migrate();
    const db = database.db;
    await db.execute(sql`insert into areas (code, name, level, parent_code) values ('3301', '杭州市', 'city', null), ('330102', '上城区', 'district', '3301'),
      ('330102001', '清波街道', 'street', '330102'), ('330102001001', '社区', 'community', '330102001')`);
    const [org] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into organizations (name, kind, area_code, status, contact_name, contact_phone_cipher, contact_phone_key_version, contact_phone_masked)
        values ('西湖义工队', 'filed', '330102001', 'active', '陈队长', 'x', 1, '139****0000') returning id`),
    );
    const [project] = rowsOf<{ id: string }>(
      await db.execute(
        sql`insert into projects (organization_id, title, category_code, area_code, status) values (${org.id}, '巡查', 'community', '330102001001', 'running') returning id`,
      ),
    );
    const [activity] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, apply_deadline, cancel_deadline, checkin_methods)
        values (${project.id}, '巡查', now() - interval '1 hour', now() + interval '3 hours', '广场', now(), now(), array['code','device']) returning id`),
    );
    const [position] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into positions (activity_id, name, headcount) values (${activity.id}, '巡查员', 100000) returning id`),
    );
    // Volunteers on the roster: one who checks in over HTTP, and many whose cards a device reads.
    const accountId = await createAccount(
      db,
      config,
      { actor: null, requestId: 'bench' },
      { displayName: '志愿者', username: 'benchvol', password: 'Bench-pass-2026', grants: [{ role: 'volunteer' }] },
    );
    const people = rowsOf<{ id: string; volunteer_no: string }>(
      await db.execute(sql`insert into volunteers (volunteer_no, name, area_code, registered_via, consent_at)
        select 'V33010' || lpad(g::text, 8, '0'), '志愿者' || g, '330102001001', 'office', now() from generate_series(1, 2000) g returning id, volunteer_no`),
    );
    await db.execute(sql`update volunteers set account_id = ${accountId} where id = ${people[0].id}`);
    await db.execute(
      sql`insert into enrollments (position_id, activity_id, volunteer_id, status) select ${position.id}, ${activity.id}, id, 'accepted' from volunteers`,
    );

    const nullStream = new Writable({ write: (_c, _e, done) => done() });
    const app = await buildApp({ database, config, serveWeb: false, logger: { ...(loggerOptions('info') as object), stream: nullStream } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'benchvol', password: 'Bench-pass-2026' },
    });
    const cookie = `vn_session=${signedIn.cookies.find((c) => c.name === 'vn_session')?.value}`;
    const csrf = signedIn.json().csrfToken as string;
    await db.execute(sql`insert into role_grants (account_id, role, organization_id) values (${accountId}, 'org_admin', ${org.id})`);
    app.sessionCache.forgetAccount(accountId);

    // Anchor 1: single-row INSERT transactions by 8 clients (PGlite has one connection).
    await db.execute(
      sql`create table bench_checkin (id uuid primary key default gen_random_uuid(), volunteer_id uuid, activity_id uuid, at timestamptz, key text)`,
    );
    const singleInserts = async () => {
      const deadline = Date.now() + SECONDS * 1000;
      let n = 0;
      if (url) {
        const pool = new pg.Pool({ connectionString: url, max: 8 });
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            const client = await pool.connect();
            while (Date.now() < deadline) {
              await client.query('insert into bench_checkin (volunteer_id, activity_id, at, key) values ($1, $2, now(), $3)', [
                people[0].id,
                activity.id,
                randomUUID(),
              ]);
              n++;
            }
            client.release();
          }),
        );
        await pool.end();
      } else {
        while (Date.now() < deadline) {
          await db.execute(
            sql`insert into bench_checkin (volunteer_id, activity_id, at, key) values (${people[0].id}, ${activity.id}, now(), ${randomUUID()})`,
          );
          n++;
        }
      }
      return n / SECONDS;
    };

    const code = async () =>
      (await app.inject({ url: `/api/attendance/activity-code/${activity.id}`, headers: { cookie } })).json().token as string;
    const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const checkins = async () =>
      load(`${base}/api/attendance/code`, {
        seconds: SECONDS,
        connections: CONNECTIONS,
        headers,
        body: JSON.stringify({ token: await code(), kind: 'in', key: 'bench-[<id>]' }),
      });
    await load(`${base}/api/attendance/code`, {
      seconds: 2,
      connections: CONNECTIONS,
      headers,
      body: JSON.stringify({ token: await code(), kind: 'in', key: 'warm-[<id>]' }),
    });
    const anchors: number[] = [];
    const figures = [];
    for (let round = 0; round < ROUNDS; round++) {
      anchors.push(await singleInserts());
      const f = await checkins();
      if (f.non2xx || f.errors) throw new Error(`check-ins answered ${f.non2xx} non-2xx and ${f.errors} errors`);
      figures.push(f);
    }
    // Context, not a goal: what the same HTTP stack answers for a route that only asks the
    // database one trivial question — the ceiling a check-in, which does much more, works under.
    const health = await load(`${base}/api/health`, { seconds: SECONDS, connections: CONNECTIONS });
    const anchor = anchors.sort((a, b) => a - b)[Math.floor(anchors.length / 2)];
    const figure = median(figures);
    const ratio = figure.requestsPerSecond / anchor;
    process.stdout.write(
      `  database: ${database.kind}; ${ROUNDS} rounds of ${SECONDS} s, medians\n` +
        `  anchor  single-row INSERT transactions, ${url ? 8 : 1} client(s)   ${fmt(anchor).padStart(8)} tx/s\n` +
        `  figure  POST /api/attendance/code, ${CONNECTIONS} connections  ${fmt(figure.requestsPerSecond).padStart(8)} req/s  p50 ${figure.p50Ms} ms  p99 ${figure.p99Ms} ms\n` +
        `  ratio   ${fmt(ratio, 2)} (goal ≥ 1: ${ratio >= 1 ? 'met' : 'not met'}); p99 goal ≤ 50 ms: ${figure.p99Ms <= 50 ? 'met' : 'not met'}\n` +
        `  info    GET /api/health (no sign-in, one SELECT 1), ${CONNECTIONS} connections  ${fmt(health.requestsPerSecond).padStart(8)} req/s  p99 ${health.p99Ms} ms\n`,
    );

    // Anchor 2: a raw multi-row INSERT of the same events; figure: the device upload of them.
    const device = (
      await app.inject({
        method: 'POST',
        url: '/api/attendance/devices',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { name: '读卡器', organizationId: org.id },
      })
    ).json();
    const cards = people.slice(1).map((p) => p.volunteer_no);
    const batch = (b: number) =>
      Array.from({ length: BATCH }, (_, i) => ({
        id: `b${b}-${i}`,
        card: cards[(b * BATCH + i) % cards.length],
        at: new Date(Date.now() - 30 * 60_000 + i * 1000).toISOString(),
        kind: 'in' as const,
      }));
    await db.execute(sql`create table bench_device_events (event_key text primary key, volunteer_no text, at timestamptz, kind text)`);
    const rawInsert = (b: number) => {
      const rows = batch(b);
      return db.execute(sql`insert into bench_device_events (event_key, volunteer_no, at, kind)
        select * from unnest(${sql.param(rows.map((r) => r.id))}::text[], ${sql.param(rows.map((r) => r.card))}::text[], ${sql.param(rows.map((r) => r.at))}::timestamptz[], ${sql.param(rows.map((r) => r.kind))}::text[])`);
    };
    for (let b = 0; b < WARM_BATCHES; b++) await rawInsert(b);
    const rawStart = process.hrtime.bigint();
    for (let b = WARM_BATCHES; b < WARM_BATCHES + BATCHES; b++) await rawInsert(b);
    const rawRate = (BATCHES * BATCH) / (Number(process.hrtime.bigint() - rawStart) / 1e9);
    // The reader runs in its own process, as a device on the street does: building and sending its
    // JSON is not the server's work.
    const upStart = process.hrtime.bigint();
    const { seconds } = await deviceClient({
      url: `${base}/api/attendance/device-events`,
      key: device.key,
      cards,
      batch: BATCH,
      warm: WARM_BATCHES,
      measured: BATCHES,
      prefix: 'up',
    });
    const upRate = (BATCHES * BATCH) / seconds;
    // Not the goal's figure, but it must keep up: the same events judged and paired in the background.
    await drainDeviceInbox(db);
    const judgedRate = ((WARM_BATCHES + BATCHES) * BATCH) / (Number(process.hrtime.bigint() - upStart) / 1e9);
    const [{ judged }] = rowsOf<{ judged: number }>(
      await db.execute(sql`select count(*)::int as judged from attendance_events where channel = 'device'`),
    );
    const total = (WARM_BATCHES + BATCHES) * BATCH;
    if (judged !== total) throw new Error(`judged ${judged} device events of ${total}`);
    process.stdout.write(
      `  anchor  raw multi-row INSERT of ${BATCH}-event batches  ${fmt(rawRate).padStart(8)} rows/s\n` +
        `  figure  device batch upload (${BATCH} events a request)  ${fmt(upRate).padStart(8)} rows/s  = ${fmt(upRate / rawRate, 3)} × (goal ≥ 0.5: ${upRate / rawRate >= 0.5 ? 'met' : 'not met'})\n` +
        `  info    uploaded and judged in the background (anomalies, records)  ${fmt(judgedRate).padStart(8)} rows/s\n`,
    );
    await app.close();
  } finally {
    await drop();
  }
}
