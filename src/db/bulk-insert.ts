import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Executor, rowsOf } from './client.ts';

/** The columns a bulk insert writes; the others keep their defaults. */
export type Columns = readonly string[];
export type Row<C extends Columns> = { [K in C[number]]: unknown };

/**
 * Rows collected for one `INSERT … SELECT FROM json_populate_recordset(…)`: the batch travels
 * as one JSON parameter, serialized natively, and PostgreSQL converts each field to its
 * column's type (arrays, jsonb, timestamps included). Like `unnest` it is one statement per
 * batch (STACK.md: about twice the rate of multi-row VALUES), with less work in JavaScript
 * than one text[] per column.
 */
export class RowBuffer<C extends Columns> {
  private rows: Row<C>[] = [];

  constructor(
    readonly table: string,
    readonly columns: C,
  ) {}

  get length() {
    return this.rows.length;
  }

  push(row: Row<C>) {
    this.rows.push(row);
  }

  /** The statement for the rows so far; the buffer starts empty again. */
  take(): SQL | undefined {
    if (this.rows.length === 0) return undefined;
    const names = sql.raw(this.columns.join(', '));
    const statement = sql`INSERT INTO ${sql.raw(this.table)} (${names})
      SELECT ${names} FROM json_populate_recordset(null::${sql.raw(this.table)}, ${JSON.stringify(this.rows)}::json)`;
    this.rows = [];
    return statement;
  }
}

/**
 * Runs statements in order on one connection while the caller builds the next batch, so the
 * JavaScript work (sealing, hashing) overlaps with the database's. At most `depth` statements
 * wait at a time; a failure stops the ones after it and surfaces at the next push or at drain.
 */
export class StatementQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting: Promise<unknown>[] = [];

  constructor(
    private readonly db: Executor,
    private readonly depth = 2,
  ) {}

  async push(statement: SQL | undefined) {
    if (statement) await this.pushWork(() => this.db.execute(statement));
  }

  /** Any write on the connection, in its turn among the statements. */
  async pushWork(work: () => Promise<unknown>) {
    this.waiting.push(this.enqueue(work));
    if (this.waiting.length > this.depth) await this.waiting.shift();
  }

  /**
   * Any statement in its turn, answering its result; not counted against `depth`. It is sent as
   * soon as the one before it is done, without waiting for a turn of the event loop.
   */
  enqueue<T>(work: () => PromiseLike<T>): Promise<T> {
    const run = this.tail.then(work);
    run.catch(() => {});
    this.tail = run;
    return run;
  }

  async drain() {
    this.waiting = [];
    await this.tail;
  }
}

/**
 * Runs a bulk load into empty tables with their secondary indexes dropped, then builds them
 * again from their own definitions: building an index once is several times faster than
 * maintaining it row by row (PostgreSQL manual, 14.4 "Populating a Database": remove indexes).
 * Indexes behind constraints (primary keys) stay. Inside the caller's transaction, so a failure
 * leaves every index as it was.
 */
export async function withIndexesBuiltAfter<T>(db: Executor, tables: string[], work: () => Promise<T>): Promise<T> {
  const indexes = rowsOf<{ name: string; definition: string }>(
    await db.execute(sql`
      select x.indexrelid::regclass::text as name, pg_get_indexdef(x.indexrelid) as definition
      from pg_index x
      where x.indrelid = any (select to_regclass(t) from unnest(${sql.param(tables)}::text[]) as t)
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
      order by 1`),
  );
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.name}`));
  const result = await work();
  for (const index of indexes) await db.execute(sql.raw(index.definition));
  return result;
}

/**
 * Runs a bulk load with the tables' foreign keys dropped and adds them again afterwards: adding a
 * foreign key checks every row in one join, where keeping it checks each row on its own (PostgreSQL
 * manual, 14.4 "Populating a Database": remove foreign key constraints). In the caller's
 * transaction, so a failure leaves every constraint as it was.
 */
async function withForeignKeysCheckedAfter<T>(tx: Executor, tables: string[], work: () => Promise<T>): Promise<T> {
  const keys = rowsOf<{ tbl: string; name: string; definition: string }>(
    await tx.execute(sql`select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      where c.contype = 'f' and c.conrelid = any (select to_regclass(t) from unnest(${sql.param(tables)}::text[]) as t)
      order by 1, 2`),
  );
  for (const k of keys) await tx.execute(sql.raw(`alter table ${k.tbl} drop constraint "${k.name}"`));
  const result = await work();
  for (const k of keys) await tx.execute(sql.raw(`alter table ${k.tbl} add constraint "${k.name}" ${k.definition}`));
  return result;
}

/**
 * A bulk load into tables whose secondary indexes are built and whose foreign keys are checked
 * once afterwards (withIndexesBuiltAfter inside withForeignKeysCheckedAfter), with `memory` for the
 * index builds; in the caller's transaction.
 */
export async function withBulkLoad<T>(tx: Executor, tables: string[], memory: string, work: () => Promise<T>): Promise<T> {
  await tx.execute(sql`select set_config('maintenance_work_mem', ${memory}, true)`);
  return withForeignKeysCheckedAfter(tx, tables, () => withIndexesBuiltAfter(tx, tables, work));
}

/** The node-postgres connection a transaction runs on; undefined on PGlite or outside a transaction. */
function connectionOf(db: Executor): pg.Client | undefined {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : undefined;
}

/** A field in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

/**
 * Writes rows with COPY FROM STDIN on a PostgreSQL server (about twice the rate of an
 * INSERT … SELECT from one JSON parameter: COPY inserts many rows at a time) and as a RowBuffer
 * statement on PGlite, whose embedded engine has no STDIN to copy from. Like StatementQueue, the
 * writes run in order on the transaction's connection while the caller prepares the next rows;
 * at most `depth` wait at a time. A batch is encoded when pushed, so the connection goes from one
 * COPY to the next without waiting for JavaScript; a caller that computes for long should still
 * yield to the event loop now and then, or the replies that start the next COPY wait for it.
 */
export class CopyQueue<C extends Columns> {
  private readonly connection: pg.Client | undefined;
  private readonly queue: StatementQueue;

  constructor(
    private readonly tx: Executor,
    readonly table: string,
    readonly columns: C,
    depth = 2,
  ) {
    this.connection = connectionOf(tx);
    this.queue = new StatementQueue(tx, depth);
  }

  /** Rows as arrays of values in the order of `columns`. */
  async push(rows: unknown[][]) {
    if (rows.length === 0) return;
    const connection = this.connection;
    if (!connection) return this.queue.pushWork(() => this.insert(rows));
    let text = '';
    for (const r of rows) text += `${r.map(copyField).join('\t')}\n`;
    const statement = `COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`;
    await this.queue.pushWork(() => pipeline(Readable.from([text]), connection.query(copyFrom(statement))));
  }

  drain() {
    return this.queue.drain();
  }

  /** Another statement on the connection, after the batches pushed so far (StatementQueue.enqueue). */
  enqueue<T>(work: () => PromiseLike<T>): Promise<T> {
    return this.queue.enqueue(work);
  }

  private async insert(rows: unknown[][]) {
    const buffer = new RowBuffer(this.table, this.columns);
    for (const r of rows) buffer.push(Object.fromEntries(this.columns.map((c, i) => [c, r[i]])) as Row<C>);
    await this.tx.execute(buffer.take() as SQL);
  }
}
