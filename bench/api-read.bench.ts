import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { loggerOptions } from '../src/http/logging.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/demo/index.ts';
import { benchDatabase } from './database.ts';
import { fmt, type LoadResult, load, median } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const READ = '/api/areas/330102001';

export async function run() {
  const { database, drop } = await benchDatabase('api');
  const config = loadConfig({ ...process.env, VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-keys-')) });
  await database.migrate();
  await seedDemo(database.db, config, 'small');

  const nullStream = new Writable({ write: (_c, _e, done) => done() });
  const app = await buildApp({ database, config, serveWeb: false, logger: { ...(loggerOptions('info') as object), stream: nullStream } });
  const full = await app.listen({ port: 0, host: '127.0.0.1' });
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: 'city', password: DEMO_PASSWORD } });
  const cookie = `vn_session=${signIn.cookies.find((c) => c.name === 'vn_session')?.value}`;
  const bare = Fastify({ logger: false });

  process.stdout.write(`database: ${database.kind}; ${ROUNDS} rounds of ${SECONDS} s × ${CONNECTIONS} connections, alternating; medians\n`);
  const reads = [
    { label: 'GET /api/auth/me (the session alone)', path: '/api/auth/me' },
    { label: `GET ${READ} (an area: reference data, cached)`, path: READ },
    { label: 'GET /api/audit?pageSize=20 (two queries every time)', path: '/api/audit?pageSize=20' },
  ];
  for (const read of reads) {
    const sample = await app.inject({ url: read.path, headers: { cookie } });
    if (sample.statusCode !== 200) throw new Error(`read failed: ${sample.body}`);
    bare.get(read.path, async () => sample.json());
  }
  await bare.ready();
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  for (const read of reads) {
    // Warm both up so JIT and the database cache are hot before measuring.
    await load(`${bareUrl}${read.path}`, { seconds: 2, connections: CONNECTIONS });
    await load(`${full}${read.path}`, { seconds: 2, connections: CONNECTIONS, headers: { cookie } });
    const anchors: LoadResult[] = [];
    const figures: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      anchors.push(await load(`${bareUrl}${read.path}`, { seconds: SECONDS, connections: CONNECTIONS }));
      const measured = await load(`${full}${read.path}`, { seconds: SECONDS, connections: CONNECTIONS, headers: { cookie } });
      if (measured.non2xx || measured.errors) throw new Error(`full stack answered ${measured.non2xx} non-2xx, ${measured.errors} errors`);
      figures.push(measured);
    }
    const anchor = median(anchors);
    const figure = median(figures);
    const ratio = figure.requestsPerSecond / anchor.requestsPerSecond;
    process.stdout.write(
      [
        `${read.label}`,
        `  anchor  bare Fastify, same JSON from memory  ${fmt(anchor.requestsPerSecond).padStart(8)} req/s  p50 ${anchor.p50Ms} ms  p99 ${anchor.p99Ms} ms`,
        `  figure  authenticated full stack           ${fmt(figure.requestsPerSecond).padStart(8)} req/s  p50 ${figure.p50Ms} ms  p99 ${figure.p99Ms} ms`,
        `  ratio   ${fmt(ratio, 2)} (goal ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'not met'})`,
        '',
      ].join('\n'),
    );
  }
  await bare.close();
  await app.close();
  await drop();
}
