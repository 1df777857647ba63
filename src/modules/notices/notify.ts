import type { Executor } from '../../db/client.ts';
import type { notifications } from '../../db/schema.ts';
import { enqueue, QUEUES } from '../../platform/jobs.ts';
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
