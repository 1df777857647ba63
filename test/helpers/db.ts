import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import type { Config } from '../../src/config.ts';
import { type Database, openDatabase, rowsOf } from '../../src/db/client.ts';
import { seedDemo } from '../../src/modules/demo/index.ts';
import { adminUrl, databaseUrlFor, demoDumpOf, demoTemplateOf } from './server-db.ts';

type TestDatabase = Database & { url?: string };

/**
 * A fresh, migrated database for one test file: a copy of the run's template, in PGlite by
 * default or on the PostgreSQL server when DATABASE_URL is set. Closing it drops it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('dbTemplate');
  if (template.kind === 'pglite') return openDatabase({ loadDataDir: new Blob([readFileSync(template.file)]) });
  return copyOnServer(template.database);
}

/**
 * A fresh copy of the small demo city for one browser test file. The first file of the run seeds
 * it (about ten seconds) and keeps it as a template; the others copy that in a second. Browser
 * test files run one at a time, so no two seed at once.
 */
export async function createDemoDatabase(config: Config): Promise<TestDatabase> {
  const template = inject('dbTemplate');
  if (template.kind === 'pglite') {
    const file = demoDumpOf(template.file);
    if (existsSync(file)) return openDatabase({ loadDataDir: new Blob([readFileSync(file)]) });
    const database = await createTestDatabase();
    await seedDemo(database.db, config, 'small');
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    // Two test files may seed at once: each writes its own part, and the rename is atomic.
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
    renameSync(part, file);
    return database;
  }
  const demo = demoTemplateOf(template.database);
  const admin = await openDatabase({ databaseUrl: adminUrl(process.env.DATABASE_URL as string), poolSize: 1 });
  try {
    // Two test files may start at once: the first seeds the demo city, the other waits for it.
    await admin.db.execute(sql`select pg_advisory_lock(hashtext(${demo}))`);
    const found = rowsOf(await admin.db.execute(sql`select 1 from pg_database where datname = ${demo}`));
    if (found.length === 0) {
      await createFromTemplate(admin, `${demo}_part`, template.database);
      const seeding = await openDatabase({ databaseUrl: databaseUrlFor(process.env.DATABASE_URL as string, `${demo}_part`), poolSize: 4 });
      await seedDemo(seeding.db, config, 'small');
      await seeding.close();
      await admin.db.execute(sql.raw(`ALTER DATABASE ${demo}_part RENAME TO ${demo}`));
    }
  } finally {
    await admin.close();
  }
  return copyOnServer(demo);
}

async function createFromTemplate(admin: Database, name: string, template: string) {
  // Copies of one template cannot start at the same instant; retry while another copy runs.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.db.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      return;
    } catch (err) {
      if (attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

async function copyOnServer(templateName: string): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL as string;
  const template = inject('dbTemplate');
  const prefix = template.kind === 'postgres' ? template.database.replace('tpl', 't') : 'volunet_t';
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: adminUrl(serverUrl), poolSize: 1 });
  try {
    await createFromTemplate(admin, name, templateName);
  } finally {
    await admin.close();
  }
  const url = databaseUrlFor(serverUrl, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const dropper = await openDatabase({ databaseUrl: adminUrl(serverUrl), poolSize: 1 });
      await dropper.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await dropper.close();
    },
  };
}
