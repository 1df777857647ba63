import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../src/db/client.ts';

/** A fresh database for one benchmark: a PGlite folder, or a new database on DATABASE_URL's server; drop() removes it. */
export async function benchDatabase(label: string): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const database = await openDatabase({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'volunet-bench-')) });
    return { database, drop: () => database.close() };
  }
  const name = `volunet_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: server, poolSize: 1 });
  await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.db.execute(sql.raw(`DROP DATABASE ${name} WITH (FORCE)`));
      await admin.close();
    },
  };
}
