import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { openDatabase, rowsOf } from '../../src/db/client.ts';
import { adminUrl, databaseUrlFor, demoDumpOf } from './server-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a dump of the migrated template. Server: name of the template database. */
    dbTemplate: { kind: 'pglite'; file: string } | { kind: 'postgres'; database: string };
    /** The run's personal-data keys: a demo city seeded by one test file is readable by the next. */
    piiKeys: string;
    /** The run's ledger key, for the same reason: the demo city's ledger verifies in every file. */
    ledgerKey: string;
  }
}

/** Migrates one template database per run; every test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  project.provide(
    'piiKeys',
    JSON.stringify({ encryption: { '1': randomBytes(32).toString('base64') }, blindIndex: randomBytes(32).toString('base64') }),
  );
  project.provide('ledgerKey', randomBytes(32).toString('base64'));
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `volunet_tpl_${randomBytes(4).toString('hex')}`;
    const admin = await openDatabase({ databaseUrl: adminUrl(serverUrl), poolSize: 1 });
    await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
    const template = await openDatabase({ databaseUrl: databaseUrlFor(serverUrl, name), poolSize: 1 });
    await template.migrate();
    await template.close();
    project.provide('dbTemplate', { kind: 'postgres', database: name });
    return async () => {
      // Copies of the template that a crashed test left behind go too.
      const leftovers = rowsOf<{ datname: string }>(
        await admin.db.execute(
          sql.raw(`SELECT datname FROM pg_database WHERE datname LIKE '${name.replace('tpl', 't')}%' OR datname = '${name}'`),
        ),
      );
      for (const { datname } of leftovers) await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`));
      await admin.close();
    };
  }
  const dir = path.resolve('.test-data');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `template-${process.pid}.tar`);
  const template = await openDatabase({});
  await template.migrate();
  const client = (template.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  await template.close();
  project.provide('dbTemplate', { kind: 'pglite', file });
  return () => {
    rmSync(file, { force: true });
    rmSync(demoDumpOf(file), { force: true });
  };
}
