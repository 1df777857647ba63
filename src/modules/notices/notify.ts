import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { notifications } from '../../db/schema.ts';
import { enqueue, jobsFrom, QUEUES } from '../../platform/jobs.ts';
import { insertNotifications } from './notice-delivery.queries.ts';

export type NewNotice = typeof notifications.$inferInsert;

/** Notices go to the inbox and, in the same transaction, to the outbox's delivery queue. */
export async function notify(db: Executor, rows: NewNotice[]) {
  if (rows.length === 0) return;
  const ids = await insertNotifications(db, rows);
  await enqueue(db, QUEUES.noticeDeliver, ids);
}

/**
 * Delivery jobs for notices already in the inbox (put there set-based, by one INSERT … SELECT):
 * one statement for them all, in the caller's transaction.
 */
export async function queueDeliveries(db: Executor, ids: { id: string }[]) {
  await enqueue(db, QUEUES.noticeDeliver, ids);
}

/**
 * The delivery jobs for the notices a CTE of the caller's statement inserted (`returning id`), as
 * another CTE: `with told as (insert into notifications … returning id), queued as (<deliveriesOf('told')>) …`.
 * For fan-outs of thousands (an emergency call): one statement, nothing sent back and forth.
 */
export const deliveriesOf = (cte: string) =>
  jobsFrom(QUEUES.noticeDeliver, sql`select jsonb_build_object('id', n.id) as data from ${sql.identifier(cte)} n`);
