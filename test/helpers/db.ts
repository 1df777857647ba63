import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { adminUrl, databaseUrlFor } from './server-db.ts';

/**
 * A fresh, migrated database for one test file: a copy of the run's template, in PGlite by
 * default or on the PostgreSQL server when DATABASE_URL is set. Closing it drops it.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const template = inject('dbTemplate');
  if (template.kind === 'pglite') {
    return openDatabase({ loadDataDir: new Blob([readFileSync(template.file)]) });
  }
  const serverUrl = process.env.DATABASE_URL as string;
  const name = `${template.database.replace('tpl', 't')}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: adminUrl(serverUrl), poolSize: 1 });
  try {
    // Copies of one template cannot start at the same instant; retry while another copy runs.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.db.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template.database}`));
        break;
      } catch (err) {
        if (attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
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
