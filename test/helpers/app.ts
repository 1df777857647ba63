import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase } from './db.ts';

/** The run's keys (global setup), so blind indexes are stable within a run; never used outside tests. */
export const TEST_PII_KEYS = inject('piiKeys');
export const TEST_LEDGER_KEY = inject('ledgerKey');

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'volunet-test-'));
  return {
    ...loadConfig({ VOLUNET_DATA_DIR: dataDir, VOLUNET_PII_KEYS: TEST_PII_KEYS, VOLUNET_LEDGER_KEY: TEST_LEDGER_KEY, LOG_LEVEL: 'silent' }),
    // Tests sign in many times from one address; the test of the limit sets it back.
    signInPerMinute: 10_000,
    // Background jobs run only where a test starts them.
    jobWorkers: false,
    // A route that checks an action it does not declare fails the test that calls it.
    strictRouteActions: true,
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** The whole HTTP stack on a fresh database; drive it with app.inject(). */
export async function createTestApp(
  options: { config?: Partial<Config>; logger?: Parameters<typeof buildApp>[0]['logger'] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  const app = await buildApp({ database, config, logger: options.logger ?? false, serveWeb: false });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
