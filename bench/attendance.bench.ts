// Issue #5: check-ins over HTTP (durable: answered after commit; idempotent by key) against the
// single-row INSERT transactions/s the same database does with 8 clients, and a device's batch
// upload against a raw multi-row INSERT of the same events — each pair measured in this run.
// Goals: check-in req/s ≥ 1 × the anchor with p99 ≤ 50 ms; device upload ≥ 0.5 × the anchor.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
import { createAccount } from '../src/modules/accounts/index.ts';
import { drainDeviceInbox } from '../src/modules/attendance/index.ts';
import { benchDatabase } from './database.ts';
import { client, fmt, type LoadResult, median, medianOf } from './load.ts';
import { wrk } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** In-flight check-ins tried; the figure is the best throughput whose p99 stays within the goal's 50 ms. */
const LEVELS = (process.env.BENCH_CONNECTIONS ?? '32,64,128,256').split(',').map(Number);
/** Volunteers checking in, each signed in with their own session (at most the 1 999 the device does not need). */
const CHECKERS = Math.min(Number(process.env.BENCH_CHECKERS ?? 1_000), 1_999);
const P99_GOAL_MS = 50;
const BATCH = 1_000;
const BATCHES = Number(process.env.BENCH_DEVICE_BATCHES ?? 50);
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
    // The volunteers who check in with their phones: an account and a live session each, made
    // directly (signing in a thousand people would measure password hashing).
    const checkers = rowsOf<{ id: string }>(
      await db.execute(sql`insert into accounts (username, display_name, password_hash)
        select 'checker' || g, '志愿者' || g, 'not-a-hash' from generate_series(1, ${CHECKERS}) g returning id`),
    );
    await db.execute(
      sql`insert into role_grants (account_id, role) select unnest(${sql.param(checkers.map((c) => c.id))}::uuid[]), 'volunteer'`,
    );
    await db.execute(sql`update volunteers v set account_id = c.account_id
      from unnest(${sql.param(checkers.map((c) => c.id))}::uuid[], ${sql.param(people.slice(1, CHECKERS + 1).map((p) => p.id))}::uuid[])
        as c(account_id, volunteer_id) where v.id = c.volunteer_id`);
    const sessions = checkers.map((c) => ({
      accountId: c.id,
      token: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    }));
    await db.execute(sql`insert into sessions (token_hash, account_id, csrf_token, expires_at)
      select t, a, c, now() + interval '1 day' from unnest(
        ${sql.param(sessions.map((x) => createHash('sha256').update(x.token).digest('base64url')))}::text[],
        ${sql.param(sessions.map((x) => x.accountId))}::uuid[], ${sql.param(sessions.map((x) => x.csrf))}::text[]) as s(t, a, c)`);
    const phones = sessions.map((x) => ({ cookie: `vn_session=${x.token}`, csrf: x.csrf }));
    await db.execute(
      sql`insert into enrollments (position_id, activity_id, volunteer_id, status) select ${position.id}, ${activity.id}, id, 'accepted' from volunteers`,
    );
    // A city's attendance is never empty: last week's events (50 per volunteer), and statistics
    // on every table, as autovacuum keeps them — the planner judges by what it knows.
    const [past] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, apply_deadline, cancel_deadline, checkin_methods)
        values (${project.id}, '上周巡查', now() - interval '7 days', now() - interval '7 days' + interval '4 hours', '广场', now() - interval '8 days',
          now() - interval '8 days', array['code']) returning id`),
    );
    await db.execute(sql`insert into attendance_events (event_key, key_owner, activity_id, volunteer_id, kind, at, channel, status)
      select 'past-' || g || '-' || v.id, v.id, ${past.id}, v.id, case when g % 2 = 1 then 'in' else 'out' end,
        now() - interval '7 days' + g * interval '1 minute', 'code', 'accepted'
      from volunteers v cross join generate_series(1, 50) g`);
    await db.execute(sql`analyze`);

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
      // What the anchor wrote is its own: emptied now, so vacuuming it does not land in the check-ins measured next.
      await db.execute(sql`truncate bench_checkin`);
      return n / SECONDS;
    };

    const code = async () =>
      (await app.inject({ url: `/api/attendance/activity-code/${activity.id}`, headers: { cookie } })).json().token as string;
    // A fresh code for every run: a code is valid for its 30 s window and the one before.
    const checkins = async (connections: number, seconds = SECONDS) =>
      wrk(`${base}/api/attendance/code`, { seconds, connections, checkins: { phones, token: await code() } });
    await checkins(LEVELS[LEVELS.length - 1], 3);
    const anchors: number[] = [];
    const byLevel = new Map<number, LoadResult[]>(LEVELS.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      anchors.push(await singleInserts());
      for (const connections of LEVELS) {
        const f = await checkins(connections);
        if (f.non2xx || f.errors) throw new Error(`check-ins answered ${f.non2xx} non-2xx and ${f.errors} errors`);
        byLevel.get(connections)?.push(f);
      }
    }
    // Context, not a goal: what the same HTTP stack answers for a route that only asks the
    // database one trivial question — the ceiling a check-in, which does much more, works under.
    const health = await wrk(`${base}/api/health`, { seconds: SECONDS, connections: 128 });
    const anchor = medianOf(anchors);
    // Each level's median throughput and, on its own, its median p99: one lucky round cannot pass a level.
    const levels = LEVELS.map((connections) => {
      const runs = byLevel.get(connections) ?? [];
      return { connections, ...median(runs), p99Ms: medianOf(runs.map((r) => r.p99Ms)) };
    });
    const within = levels.filter((l) => l.p99Ms <= P99_GOAL_MS);
    const figure = within.length ? within.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a)) : levels[0];
    const chosen = within.length ? `best with p99 ≤ ${P99_GOAL_MS} ms` : `none has p99 ≤ ${P99_GOAL_MS} ms; the fewest`;
    const ratio = figure.requestsPerSecond / anchor;
    process.stdout.write(
      `  database: ${database.kind}; ${ROUNDS} rounds of ${SECONDS} s, medians; ${CHECKERS} volunteers checking in and out\n` +
        `  anchor  single-row INSERT transactions, ${url ? 8 : 1} client(s)   ${fmt(anchor).padStart(8)} tx/s\n` +
        levels
          .map(
            (l) =>
              `  at ${String(l.connections).padStart(3)} in flight  POST /api/attendance/code  ${fmt(l.requestsPerSecond).padStart(8)} req/s  p50 ${l.p50Ms} ms  median p99 ${l.p99Ms} ms\n`,
          )
          .join('') +
        `  figure  sustained check-ins (${chosen}: ${figure.connections} in flight)  ${fmt(figure.requestsPerSecond).padStart(8)} req/s  p99 ${figure.p99Ms} ms\n` +
        `  ratio   ${fmt(ratio, 2)} (goal ≥ 1: ${ratio >= 1 ? 'met' : 'not met'}); p99 goal ≤ ${P99_GOAL_MS} ms: ${figure.p99Ms <= P99_GOAL_MS ? 'met' : 'not met'}\n` +
        `  info    GET /api/health (no sign-in, one SELECT 1), 128 in flight  ${fmt(health.requestsPerSecond).padStart(8)} req/s  p99 ${health.p99Ms} ms\n`,
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
    // The anchor stores exactly the rows the inbox stores — keys scoped by the device, its id, the
    // time received — in a table of the inbox's shape, with the events ready before the clock starts.
    await db.execute(sql`create table bench_device_events (like device_inbox including all)`);
    const rawBatches = Array.from({ length: WARM_BATCHES + BATCHES }, (_, b) => {
      const rows = batch(b);
      return [
        rows.map((r) => `dev:${device.id}:up${r.id.slice(1)}`),
        rows.map((r) => r.card),
        rows.map((r) => r.at),
        rows.map((r) => r.kind),
      ];
    });
    const rawInsert = (b: number) => {
      const [keys, cards, ats, kinds] = rawBatches[b];
      return db.execute(sql`insert into bench_device_events (event_key, device_id, card, at, kind)
        select k, ${device.id}::uuid, c, a, d from unnest(${sql.param(keys)}::text[], ${sql.param(cards)}::text[], ${sql.param(ats)}::timestamptz[],
          ${sql.param(kinds)}::text[]) as t(k, c, a, d)`);
    };
    for (let b = 0; b < WARM_BATCHES; b++) await rawInsert(b);
    const rawStart = process.hrtime.bigint();
    for (let b = WARM_BATCHES; b < WARM_BATCHES + BATCHES; b++) await rawInsert(b);
    const rawRate = (BATCHES * BATCH) / (Number(process.hrtime.bigint() - rawStart) / 1e9);
    // The reader runs in its own process, as a device on the street does: building and sending its
    // JSON is not the server's work.
    const upStart = process.hrtime.bigint();
    const { seconds } = await client<{ seconds: number }>('device-client.ts', {
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
