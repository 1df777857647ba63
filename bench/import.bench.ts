// Issue #3: importing 1 000 000 CSV rows from three platforms with 30 % overlap — parsed,
// checked, identity-resolved and written into the indexed registry tables — against a raw COPY
// of the same rows into an unindexed table, measured in the same run on the same database.
// Goal on a PostgreSQL server: import ≤ 5 × COPY, peak memory < 1 GB, zero false merges.
// BENCH_IMPORT_ROWS sets the size (default 1 000 000); without DATABASE_URL it runs on PGlite.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { rowsOf } from '../src/db/client.ts';
import { upsertAreas } from '../src/modules/areas/index.ts';
import { generateDemoCity } from '../src/modules/demo/index.ts';
import { fileFromPath, importFile } from '../src/modules/import/index.ts';
import { sealedDoc, sealedPhone } from '../src/modules/volunteers/index.ts';
import { personIndexes } from '../src/platform/pii.ts';
import { personOf, SOURCES, syntheticCsv } from '../test/synthetic-import.ts';
import { benchDatabase } from './database.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const OVERLAP = 0.3;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * The part of an import no design avoids: each row's three keyed hashes and, for a new person,
 * the ID number and phone sealed with AES-256-GCM (PIPL; DESIGN.md), timed on one thread over a
 * sample and scaled to the run's rows and new people.
 */
function cryptoFloorSeconds(config: ReturnType<typeof loadConfig>, rows: number, created: number) {
  const sample = Math.min(rows, 100_000);
  const start = process.hrtime.bigint();
  for (let i = 0; i < sample; i++) {
    const p = personOf(i, ['330106001001']);
    personIndexes(config.piiKeys, p.name, p.phone, { type: 'resident_id', value: p.docNumber });
    if (i < (sample * created) / rows) {
      sealedDoc(config.piiKeys, { type: 'resident_id', value: p.docNumber });
      sealedPhone(config.piiKeys, p.phone);
    }
  }
  return (seconds(start) * rows) / sample;
}

async function writeFiles(dir: string, communities: string[]) {
  const persons = Math.round(ROWS * (1 - OVERLAP));
  const files: { source: (typeof SOURCES)[number]; path: string; columns: number; rows: number }[] = [];
  for (const source of SOURCES) {
    const file = path.join(dir, `${source}.csv`);
    let rows = -1;
    let columns = 0;
    async function* lines() {
      let chunk: string[] = [];
      for (const line of syntheticCsv(source, { persons, overlap: OVERLAP, communities, invalidEvery: 1000, withoutIdEvery: 2000 })) {
        if (rows === -1) columns = line.split(',').length;
        rows++;
        chunk.push(line);
        if (chunk.length === 10_000) {
          yield `${chunk.join('\n')}\n`;
          chunk = [];
        }
      }
      if (chunk.length) yield `${chunk.join('\n')}\n`;
    }
    await pipeline(lines, createWriteStream(file));
    files.push({ source, path: file, columns, rows });
  }
  return files;
}

export async function run() {
  const { database, url, drop } = await benchDatabase('import');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-import-'));
  const config = loadConfig({ ...process.env, VOLUNET_DATA_DIR: dir });
  try {
    await database.migrate();
    const areas = generateDemoCity('city');
    for (let i = 0; i < areas.length; i += 500) await upsertAreas(database.db, areas.slice(i, i + 500));
    const communities = areas.filter((a) => a.level === 'community').map((a) => a.code);
    const files = await writeFiles(dir, communities);
    const total = files.reduce((n, f) => n + f.rows, 0);
    process.stdout.write(
      `  ${total} rows in ${files.length} files (${files.map((f) => `${f.source} ${f.rows}`).join(', ')}) on ${database.kind}\n`,
    );

    // Anchor: the same rows COPYed as text into an unindexed table.
    await database.db.execute(sql.raw(`create table bench_raw (${Array.from({ length: 10 }, (_, i) => `c${i + 1} text`).join(', ')})`));
    const copyStart = process.hrtime.bigint();
    for (const f of files) {
      const columns = Array.from({ length: f.columns }, (_, i) => `c${i + 1}`).join(', ');
      const statement = `copy bench_raw (${columns}) from stdin with (format csv, header true)`;
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { createReadStream } = await import('node:fs');
        await pipeline(createReadStream(f.path), client.query(copyFrom(statement)));
        await client.end();
      } else {
        const client = (database.db as unknown as { $client: { query(q: string, p: unknown[], o: { blob: Blob }): Promise<unknown> } })
          .$client;
        await client.query(statement.replace('stdin', "'/dev/blob'"), [], { blob: new Blob([readFileSync(f.path)]) });
      }
    }
    const copySeconds = seconds(copyStart);

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const importStart = process.hrtime.bigint();
    const counts = { created: 0, merged: 0, unchanged: 0, rejected: 0, candidates: 0 };
    for (const f of files) {
      const result = await importFile(database.db, config, await fileFromPath(f.path), { source: f.source });
      if (result.kind !== 'done') throw new Error(`import of ${f.source} ended ${result.kind}`);
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += result.job[k];
    }
    const importSeconds = seconds(importStart);
    clearInterval(sampler);

    const [quality] = rowsOf<{ false_merges: string; missed_merges: string; people: string }>(
      await database.db.execute(sql`with links as (
          select volunteer_id, (regexp_replace(external_id, '^\\D*', '')::bigint % 3300000000) as person from volunteer_sources)
        select (select count(*) from (select volunteer_id from links group by volunteer_id having count(distinct person) > 1) x) as false_merges,
               (select count(*) from (select person from links group by person having count(distinct volunteer_id) > 1) y) as missed_merges,
               (select count(distinct person) from links) as people`),
    );
    const floor = cryptoFloorSeconds(config, total, counts.created + counts.candidates);
    process.stdout.write(
      `  outcomes: ${JSON.stringify(counts)}\n` +
        `  raw COPY (anchor)        ${copySeconds.toFixed(1)} s  ${Math.round(total / copySeconds)} rows/s\n` +
        `  import (check+resolve+write) ${importSeconds.toFixed(1)} s  ${Math.round(total / importSeconds)} rows/s  = ${(importSeconds / copySeconds).toFixed(2)} × COPY (goal ≤ 5 ×)\n` +
        `  of which unavoidable: keyed hashes + AES-GCM sealing on one thread ${floor.toFixed(1)} s = ${(floor / copySeconds).toFixed(2)} × COPY ` +
        `(${os.availableParallelism()} cores)\n` +
        `  peak memory (RSS) ${(peak / 2 ** 20).toFixed(0)} MB (goal < 1024 MB)\n` +
        `  false merges ${quality.false_merges} (goal 0); missed merges ${quality.missed_merges} of ${quality.people} people ` +
        `(people listed once without an ID number: left to the duplicate queue, ${counts.candidates} candidates)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await drop();
  }
}
