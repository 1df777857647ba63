import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, rowsOf } from '../src/db/client.ts';

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

/** The smallest city a ledger benchmark needs: one district, street and community, and one organization to record hours. */
export async function benchOrganization(db: Database['db']): Promise<string> {
  await db.execute(sql`insert into areas (code, name, level, parent_code) values ('3301', '杭州市', 'city', null), ('330102', '上城区', 'district', '3301'),
    ('330102001', '清波街道', 'street', '330102'), ('330102001001', '社区', 'community', '330102001')`);
  const [org] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into organizations (name, kind, area_code, status, contact_name, contact_phone_cipher, contact_phone_key_version, contact_phone_masked)
    values ('队', 'filed', '330102001', 'active', '人', 'x', 1, '139****0000') returning id`),
  );
  return org.id;
}
