// Issue 18: saving a hotline request (POST /api/requests, channel hotline) with 50 operators
// working at once — goal p95 ≤ 100 ms — beside the anchor: the same 50 operators' sessions reading
// the category list (an authenticated GET through the whole stack: session, policy, one indexed
// SELECT), measured in the same run on the same server. Each mode is measured for both: open loop at
// a fixed offered load (RATES), then closed loop (as fast as answers come: the saturation figure), each
// with the app's CPU time a request.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { rowsOf } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { loggerOptions } from '../src/http/logging.ts';
import { maskMobile } from '../src/platform/masking.ts';
import { blindIndex, seal } from '../src/platform/pii.ts';
import { benchDatabase } from './database.ts';
import { fmt, type LoadResult, medianOf } from './load.ts';
import { wrk } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OPERATORS = 50;
const BENEFICIARIES = Number(process.env.BENCH_BENEFICIARIES ?? 5_000);
const P95_GOAL_MS = 100;
/**
 * Offered loads for the open-loop modes, saves a second. A real hotline of 50 operators takes about
 * one request an operator every 3 minutes (0.3 a second); 50 and 100 a second are a busy city's
 * peak many times over, and still below saturation, which the closed-loop mode measures last.
 */
const RATES = (process.env.BENCH_RATES ?? '50,100')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const COMMUNITIES = 20;

export async function run() {
  const { database, drop } = await benchDatabase('hotline');
  const config = loadConfig({
    ...process.env,
    VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-keys-')),
    VOLUNET_JOB_WORKERS: '0',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'volunet-hotline-'));
  try {
    await database.migrate();
    const db = database.db;
    await db.execute(sql`insert into areas (code, name, level, parent_code, lat, lng) values ('3301', '杭州市', 'city', null, 30.27, 120.15),
      ('330102', '上城区', 'district', '3301', 30.24, 120.17), ('330102001', '清波街道', 'street', '330102', 30.24, 120.16)`);
    await db.execute(sql`insert into areas (code, name, level, parent_code, lat, lng)
      select '330102001' || lpad(g::text, 3, '0'), '社区' || g, 'community', '330102001', 30.24 + g * 0.001, 120.16 from generate_series(1, ${COMMUNITIES}) g`);

    // The people served, sealed as the beneficiaries module seals them: a year of a city's callers.
    const people = Array.from({ length: BENEFICIARIES }, (_, i) => {
      const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
      const address = `清波街道社区${(i % COMMUNITIES) + 1} ${(i % 30) + 1} 幢 ${(i % 6) + 1} 单元 ${100 + (i % 20)} 室`;
      const p = seal(config.piiKeys, phone);
      const a = seal(config.piiKeys, address);
      return {
        name: `老人${i}`,
        area: `330102001${String((i % COMMUNITIES) + 1).padStart(3, '0')}`,
        phoneCipher: p.cipher,
        phoneIndex: blindIndex(config.piiKeys, 'phone', phone),
        phoneMasked: maskMobile(phone),
        addressCipher: a.cipher,
        addressMasked: `清波街道社区${(i % COMMUNITIES) + 1} ${(i % 30) + 1} 幢 ***`,
        version: p.keyVersion,
      };
    });
    const col = <K extends keyof (typeof people)[number]>(k: K) => sql.param(people.map((p) => p[k]));
    const ids = rowsOf<{ id: string }>(
      await db.execute(sql`insert into beneficiaries (name, kind, area_code, phone_cipher, phone_key_version, phone_index, phone_masked,
          address_cipher, address_key_version, address_masked, lat, lng, consent_at, consent_by)
        select n, 'elderly_alone', a, pc, v, pi, pm, ac, v, am, 30.24, 120.16, now(), 'self'
        from unnest(${col('name')}::text[], ${col('area')}::text[], ${col('phoneCipher')}::text[], ${col('version')}::int[],
          ${col('phoneIndex')}::text[], ${col('phoneMasked')}::text[], ${col('addressCipher')}::text[], ${col('addressMasked')}::text[])
          as t(n, a, pc, v, pi, pm, ac, am)
        returning id`),
    );
    // A city's requests are never few: last year's, 4 per beneficiary, closed.
    await db.execute(sql`insert into service_requests (request_no, beneficiary_id, category_code, area_code, place_cipher, place_key_version,
        place_masked, window_start, window_end, channel, status, triage_due_at, assign_due_at, created_at)
      select 'XQ2025' || lpad(row_number() over ()::text, 10, '0'), b.id, 'elderly_care', b.area_code, b.address_cipher, b.address_key_version,
        b.address_masked, now() - (g * 80 || ' days')::interval, now() - (g * 80 || ' days')::interval + interval '2 hours', 'hotline', 'closed',
        now() - (g * 80 || ' days')::interval, now() - (g * 80 || ' days')::interval, now() - (g * 80 + 1 || ' days')::interval
      from beneficiaries b cross join generate_series(1, 4) g`);

    // 50 operators of the city's hotline, each with a live session (signing in would measure password hashing).
    const operators = rowsOf<{ id: string }>(
      await db.execute(sql`insert into accounts (username, display_name, password_hash)
        select 'operator' || g, '坐席' || g, 'not-a-hash' from generate_series(1, ${OPERATORS}) g returning id`),
    );
    await db.execute(
      sql`insert into role_grants (account_id, role, area_code) select unnest(${sql.param(operators.map((o) => o.id))}::uuid[]), 'operator', '3301'`,
    );
    const sessions = operators.map((o) => ({
      accountId: o.id,
      token: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    }));
    await db.execute(sql`insert into sessions (token_hash, account_id, csrf_token, expires_at)
      select t, a, c, now() + interval '1 day' from unnest(
        ${sql.param(sessions.map((x) => createHash('sha256').update(x.token).digest('base64url')))}::text[],
        ${sql.param(sessions.map((x) => x.accountId))}::uuid[], ${sql.param(sessions.map((x) => x.csrf))}::text[]) as s(t, a, c)`);
    await db.execute(sql`analyze`);
    const sessionsFile = path.join(dir, 'sessions.tsv');
    writeFileSync(sessionsFile, sessions.map((x) => `vn_session=${x.token}\t${x.csrf}\n`).join(''), { mode: 0o600 });
    const peopleFile = path.join(dir, 'beneficiaries.txt');
    writeFileSync(peopleFile, ids.map((r) => `${r.id}\n`).join(''));

    const nullStream = new Writable({ write: (_c, _e, done) => done() });
    const app = await buildApp({ database, config, serveWeb: false, logger: { ...(loggerOptions('info') as object), stream: nullStream } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const drive = (url: string, mode: 'save' | 'read', rate: number) =>
      wrk(url, {
        seconds: SECONDS,
        connections: OPERATORS,
        script: {
          file: 'wrk-requests.lua',
          env: { WRK_SESSIONS: sessionsFile, WRK_BENEFICIARIES: peopleFile, WRK_MODE: mode, WRK_RATE: String(rate) },
        },
      });
    try {
      // Warm both paths (the first requests compile the code they run).
      await drive(`${base}/api/request-categories`, 'read', 0);
      await drive(`${base}/api/requests`, 'save', 0);
      process.stdout.write(
        `${database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL server'}, ${OPERATORS} operators, ${ROUNDS} rounds of ${SECONDS} s a mode (median of rounds; anchor and figure alternate)\n`,
      );
      let failed = 0;
      let met = true;
      for (const rate of [...RATES, 0]) {
        const reads: LoadResult[] = [];
        const saves: LoadResult[] = [];
        const cpuMs = { read: 0, save: 0 };
        // The server's CPU time (this process: the app; PostgreSQL and wrk are not counted) over a run.
        const timed = async (kind: 'read' | 'save', url: string) => {
          const cpu = process.cpuUsage();
          const result = await drive(url, kind, rate);
          const used = process.cpuUsage(cpu);
          cpuMs[kind] += (used.user + used.system) / 1000;
          return result;
        };
        for (let round = 0; round < ROUNDS; round++) {
          reads.push(await timed('read', `${base}/api/request-categories`));
          saves.push(await timed('save', `${base}/api/requests`));
        }
        failed += saves.reduce((n, r) => n + r.non2xx + r.errors, 0);
        const perRequest = (rs: LoadResult[], kind: 'read' | 'save') =>
          fmt(cpuMs[kind] / rs.reduce((n, r) => n + r.requestsPerSecond * SECONDS, 0), 2);
        const mid = (rs: LoadResult[], k: 'p50Ms' | 'p95Ms' | 'p99Ms') => medianOf(rs.map((r) => r[k] ?? Number.NaN));
        const line = (rs: LoadResult[]) =>
          `${fmt(medianOf(rs.map((r) => r.requestsPerSecond))).padStart(5)}/s  p50 ${fmt(mid(rs, 'p50Ms'), 1).padStart(6)}  p95 ${fmt(mid(rs, 'p95Ms'), 1).padStart(6)}  p99 ${fmt(mid(rs, 'p99Ms'), 1).padStart(6)} ms`;
        const figure = mid(saves, 'p95Ms');
        // The goal is for a hotline's real load; saturation is reported beside it, not held to it.
        if (rate > 0 && !(figure <= P95_GOAL_MS)) met = false;
        process.stdout.write(
          `  ${rate > 0 ? `open loop, ${rate} a second offered` : 'closed loop (saturation)'}\n` +
            `    anchor  GET /api/request-categories  ${line(reads)}  app CPU ${perRequest(reads, 'read')} ms a request\n` +
            `    figure  POST /api/requests (hotline) ${line(saves)}  app CPU ${perRequest(saves, 'save')} ms a save\n` +
            `    ratio   p95 ${fmt(figure / mid(reads, 'p95Ms'), 2)}× the anchor's\n`,
        );
      }
      const [saved] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from service_requests where channel = 'hotline' and status <> 'closed'`),
      );
      process.stdout.write(
        `  ${saved.n} requests saved, ${failed} failed; goal p95 ≤ ${P95_GOAL_MS} ms at ${RATES.join(' and ')} saves a second: ${met && failed === 0 ? 'met' : 'not met'}\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await drop();
  }
}
