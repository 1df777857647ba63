// Issue #3: admin search on the `city` demo data — a skill + language + area-subtree query, paged
// with its total, through the same query code the API uses (policy filter included). Goal: p95
// under 50 ms on a PostgreSQL server. Anchor, measured in the same run on the same data: one
// volunteer read by primary key.
// Set BENCH_SEARCH_SIZE=small for a quick run; the figure that counts is `city` on the server.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { volunteers } from '../src/db/schema.ts';
import type { Actor } from '../src/domain/auth/roles.ts';
import type { DemoSize } from '../src/modules/demo/index.ts';
import { seedDemo } from '../src/modules/demo/index.ts';
import { searchVolunteers } from '../src/modules/volunteers/index.ts';
import { todayInChina } from '../src/platform/clock.ts';
import { benchDatabase } from './database.ts';

const SIZE = (process.env.BENCH_SEARCH_SIZE ?? 'city') as DemoSize;
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 400);

const SKILLS = ['first_aid', 'elderly_care', 'translation', 'driving', 'it_support', 'tutoring', 'counseling', 'fire_safety'];
const LANGUAGES = ['en', 'ja', 'ko'];
const DISTRICTS = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run() {
  const { database, drop } = await benchDatabase('search');
  const config = loadConfig({ ...process.env, VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-keys-')) });
  try {
    await database.migrate();
    const seedStart = Date.now();
    let lastStage = '';
    await seedDemo(database.db, config, SIZE, (done, total, stage) => {
      if (stage !== lastStage) process.stdout.write(`  seeding ${stage}…\n`);
      lastStage = stage;
      void done;
      void total;
    });
    process.stdout.write(`  seeded the ${SIZE} demo city in ${((Date.now() - seedStart) / 1000).toFixed(1)} s on ${database.kind}\n`);
    const ids = (await database.db.select({ id: volunteers.id }).from(volunteers).limit(1000)).map((r) => r.id);

    const today = todayInChina();
    const searches: number[] = [];
    const lookups: number[] = [];
    let found = 0;
    for (let i = 0; i < QUERIES; i++) {
      const district = DISTRICTS[i % DISTRICTS.length];
      const actor: Actor = {
        accountId: '00000000-0000-4000-8000-000000000000',
        displayName: 'bench',
        grants: [{ role: 'district_admin', areaCode: district }],
      };
      searches.push(
        await timed(async () => {
          const result = await searchVolunteers(database.db, actor, {
            skills: [SKILLS[i % SKILLS.length]],
            languages: [LANGUAGES[i % LANGUAGES.length]],
            within: district,
            today,
            sort: 'createdAt',
            order: 'desc',
            page: 1,
            pageSize: 20,
          });
          found += result.total;
        }),
      );
      lookups.push(
        await timed(() =>
          database.db
            .select()
            .from(volunteers)
            .where(eq(volunteers.id, ids[i % ids.length])),
        ),
      );
    }
    const [volunteerCount] = await database.db.$count(volunteers).then((n) => [n]);
    process.stdout.write(
      `  ${volunteerCount.toLocaleString('en')} volunteers, ${QUERIES} searches (skill + language + district subtree, page + total), ${Math.round(found / QUERIES)} matches on average\n` +
        `  search        p50 ${percentile(searches, 50).toFixed(1)} ms   p95 ${percentile(searches, 95).toFixed(1)} ms   (goal: p95 < 50 ms)\n` +
        `  anchor by id  p50 ${percentile(lookups, 50).toFixed(2)} ms   p95 ${percentile(lookups, 95).toFixed(2)} ms\n` +
        `  ratio p95 search / p95 lookup: ${(percentile(searches, 95) / percentile(lookups, 95)).toFixed(1)}×\n`,
    );
  } finally {
    await drop();
  }
}
