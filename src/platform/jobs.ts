import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/executor.ts';

/**
 * Background work in PostgreSQL (pg-boss): jobs live in the `pgboss` schema, are taken with
 * SKIP LOCKED by any server, and are retried with backoff. pg-boss speaks to the database
 * through `executeSql`; this adapter gives it the same connection Drizzle uses — the pool, the
 * embedded PGlite, or an open transaction, so a job is enqueued atomically with the rows it is
 * about (the outbox pattern).
 */
export const JOB_SCHEMA = 'pgboss';

export const QUEUES = {
  /** Deliver one notice through the outbound channels (e-mail, webhook). */
  noticeDeliver: 'notice-deliver',
  /** Find accepted shifts that are due a reminder. */
  noticeReminders: 'notice-reminders',
  /** Find organizations with service records near or past the Art 11 deadline (working days). */
  recordReminders: 'record-reminders',
  /** Deliver one organization's Art 11 reminder. */
  recordReminderDeliver: 'record-reminder-deliver',
  /** Move overdue service requests one office level up (every minute). */
  requestEscalation: 'request-escalation',
  /** Close the emergency calls whose end time has passed (every minute). */
  emergencyExpiry: 'emergency-expiry',
  /** Expire unused benefit codes past their date and refund their points (every 10 minutes). */
  benefitExpiry: 'benefit-expiry',
  /** Give back what time-credit holds of ended or long-past requests no record can claim any more (daily). */
  holdSettlement: 'time-credit-hold-settlement',
} as const;

interface RawClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** PGlite only: several statements in one string (pg-boss's own migrations). */
  exec?(text: string): Promise<{ rows: unknown[] }[]>;
}

/** The driver client under a Drizzle database or transaction (node-postgres pool/client, or PGlite). */
function rawClient(executor: Executor): RawClient {
  return (executor as unknown as { session: { client: RawClient } }).session.client;
}

export function jobDb(executor: Executor): PgBoss.Db {
  const client = rawClient(executor);
  return {
    async executeSql(text, values) {
      if ((!values || values.length === 0) && client.exec) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return client.query(text, values);
    },
  };
}

export function newBoss(executor: Executor, options: Partial<PgBoss.ConstructorOptions> = {}) {
  return new PgBoss({ db: jobDb(executor), schema: JOB_SCHEMA, supervise: false, schedule: false, migrate: false, ...options });
}

/** Creates (or upgrades) the queue schema and the queues; part of every migration run. */
export async function installJobQueue(executor: Executor) {
  const boss = newBoss(executor, { migrate: true });
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, { name, retryLimit: 6, retryDelay: 30, retryBackoff: true });
    }
  }
  await boss.stop({ graceful: false, close: false, wait: true });
}

/** A sender that only enqueues, through whatever executor it is given (a transaction, usually). */
const sender = new PgBoss({ db: { executeSql: async () => ({ rows: [] }) }, schema: JOB_SCHEMA });

export async function enqueue(executor: Executor, name: string, data: object[]) {
  await enqueueAt(
    executor,
    name,
    data.map((d) => ({ data: d })),
  );
}

/** Jobs each taken no earlier than its `startAfter` (a notice held through its volunteer's quiet hours); the rest at once. */
export async function enqueueAt(executor: Executor, name: string, jobs: { data: object; startAfter?: Date }[]) {
  if (jobs.length === 0) return;
  await sender.insert(
    jobs.map((j) => ({ name, data: j.data, ...(j.startAfter ? { startAfter: j.startAfter.toISOString() } : {}) })),
    { db: jobDb(executor) },
  );
}

/**
 * One job per row of `source` (a query with a jsonb column `data`) as a single INSERT … SELECT,
 * to be run inside the caller's statement (a CTE) and transaction: what `enqueue` does for a JSON
 * array, without the array — a fan-out's ids never leave the database. The columns take the
 * queue's own settings the way pg-boss 10's insertJobs does (expiry 15 min, kept 14 days, retry
 * limit 2 unless the queue says otherwise; no priority, singleton or delay). A queue missing from
 * pg-boss's table fails the insert (a job without a name) instead of dropping the jobs silently.
 */
export function jobsFrom(name: (typeof QUEUES)[keyof typeof QUEUES], source: SQL): SQL {
  const schema = sql.identifier(JOB_SCHEMA);
  return sql`insert into ${schema}.job (id, name, data, priority, start_after, dead_letter, expire_in, keep_until,
      retry_limit, retry_delay, retry_backoff, policy)
    select gen_random_uuid(), q.name, s.data, 0, now(), q.dead_letter,
      coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
      now() + cast(coalesce((q.retention_minutes * 60)::text, '14 days') as interval),
      coalesce(q.retry_limit, 2),
      case when coalesce(q.retry_backoff, false) then greatest(coalesce(q.retry_delay, 0), 1) else coalesce(q.retry_delay, 0) end,
      coalesce(q.retry_backoff, false), q.policy
    from (${source}) s left join ${schema}.queue q on q.name = ${name}
    on conflict do nothing`;
}

/** One queue's worker: its handler, and optionally the cron schedule (China time) that fills the queue. */
export interface QueueWorker<T extends object = object> {
  queue: (typeof QUEUES)[keyof typeof QUEUES];
  cron?: string;
  pollingIntervalSeconds?: number;
  handle(app: FastifyInstance, jobs: PgBoss.JobWithMetadata<T>[]): Promise<void>;
}

/** Runs the given workers in this server with one queue connection, unless it runs no jobs. */
export function installWorkers(app: FastifyInstance, workers: QueueWorker[]) {
  if (!app.config.jobWorkers || workers.length === 0) return;
  const boss = newBoss(app.db, { schedule: true, supervise: true });
  boss.on('error', (err) => app.log.error({ err }, 'job queue error'));
  app.addHook('onReady', async () => {
    await boss.start();
    for (const worker of workers) {
      if (worker.cron) await boss.schedule(worker.queue, worker.cron, {}, { tz: 'Asia/Shanghai' });
      const polling = worker.pollingIntervalSeconds ? { pollingIntervalSeconds: worker.pollingIntervalSeconds } : {};
      const options = { includeMetadata: true as const, ...polling };
      await boss.work<object>(worker.queue, options, (jobs) => worker.handle(app, jobs));
    }
  });
  app.addHook('onClose', async () => {
    await boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
  });
}
