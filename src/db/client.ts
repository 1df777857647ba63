import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { installJobQueue } from '../platform/jobs.ts';
import type { Db, Executor } from './executor.ts';
import * as schema from './schema.ts';

export type { Db, Executor, Schema, Tx } from './executor.ts';

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Apply committed migrations that have not run yet. */
  migrate(): Promise<void>;
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel`, from any server on this
   * database, this one included. On a PostgreSQL server the LISTEN has a connection of its own;
   * when that connection is lost and made again, `onGap` is called: what was sent meanwhile is lost.
   * Answers a function that stops listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder of the embedded database; ignored with databaseUrl. Absent means in memory. */
  dataDir?: string;
  /** A dump made by PGlite's dumpDataDir() to start from (tests clone a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover) must not take the process down;
    // the pool replaces it on the next query.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
    const db = drizzleNodePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
    const listener = new Listener(options.databaseUrl);
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        await migrateNodePg(db as never, { migrationsFolder });
        await installJobQueue(db);
      },
      listen: (channel, onMessage, onGap) => listener.listen(channel, onMessage, onGap),
      close: async () => {
        await listener.close();
        await pool.end();
      },
    };
  }
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.join(options.dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir });
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder });
      await installJobQueue(db);
    },
    // One connection in this process: a NOTIFY reaches its listeners when its transaction commits.
    listen: async (channel, onMessage) => {
      const stop = await client.listen(channel, onMessage);
      return async () => {
        if (!client.closed) await stop();
      };
    },
    close: () => client.close(),
  };
}

interface Subscription {
  channel: string;
  onMessage: (payload: string) => void;
  onGap?: () => void;
}

const RECONNECT_MS = 1_000;

/**
 * The connection a PostgreSQL server's notifications arrive on, opened at the first listen and
 * opened again (after a second) whenever it is lost: LISTEN holds only for its connection.
 */
class Listener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void) {
    const subscription = { channel, onMessage, onGap };
    this.subscriptions.add(subscription);
    const client = await this.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      this.subscriptions.delete(subscription);
    };
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => {
        for (const s of this.subscriptions) if (s.channel === message.channel) s.onMessage(message.payload ?? '');
      });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
        for (const channel of new Set([...this.subscriptions].map((s) => s.channel))) {
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        }
      } finally {
        this.connecting = undefined;
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (this.closed) return;
    process.emitWarning('PostgreSQL notification connection lost; listening again');
    const retry = () => {
      if (this.closed) return;
      this.connect().then(
        () => {
          for (const s of this.subscriptions) s.onGap?.();
        },
        () => setTimeout(retry, RECONNECT_MS).unref(),
      );
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }

  async close() {
    this.closed = true;
    this.subscriptions.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}

/** Rows of a raw SQL result; both drivers return `{ rows }`. */
/** A unique index refused the write (SQLSTATE 23505), as node-postgres or PGlite report it, wrapped by Drizzle or not. */
export const isUniqueViolation = (err: unknown) =>
  (err as { code?: string } | null)?.code === '23505' || (err as { cause?: { code?: string } } | null)?.cause?.code === '23505';

export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Runs a statement whose text never changes (only its parameters do) as a named prepared
 * statement on a PostgreSQL server: each connection parses it once and, after a few runs, keeps a
 * generic plan, instead of parsing and planning it on every call. On PGlite it runs as usual.
 */
export async function executeNamed(db: Executor, name: string, statement: SQL): Promise<{ rows: unknown[] }> {
  const client = (db as unknown as { $client?: unknown }).$client ?? (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const query = (db as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(statement);
    return client.query({ name, text: query.sql, values: query.params });
  }
  return db.execute(statement) as unknown as Promise<{ rows: unknown[] }>;
}

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * A named prepared statement for a hot path, built once per database handle: PostgreSQL plans
 * it once instead of on every call.
 */
export function prepared<T>(db: Executor, name: string, build: (db: Executor) => T): T {
  let statements = preparedByDb.get(db);
  if (!statements) {
    statements = new Map();
    preparedByDb.set(db, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (!statement) {
    statement = build(db);
    statements.set(name, statement);
  }
  return statement;
}
