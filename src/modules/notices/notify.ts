import type { Executor } from '../../db/client.ts';
import type { notifications } from '../../db/schema.ts';
import { enqueue, enqueueAt, QUEUES } from '../../platform/jobs.ts';
import { insertNotifications } from './notice-delivery.queries.ts';

export type NewNotice = typeof notifications.$inferInsert & {
  /** Held until then (the volunteer's quiet hours end): dated then, shown in the inbox and delivered from then on. */
  deliverAt?: Date;
};

/** Notices go to the inbox and, in the same transaction, to the outbox's delivery queue. */
export async function notify(db: Executor, rows: NewNotice[]) {
  if (rows.length === 0) return;
  const inserted = await insertNotifications(
    db,
    rows.map(({ deliverAt, ...row }) => (deliverAt ? { ...row, createdAt: deliverAt } : row)),
  );
  if (!rows.some((r) => r.deliverAt))
    return void (await enqueue(
      db,
      QUEUES.noticeDeliver,
      inserted.map(({ id }) => ({ id })),
    ));
  // Each delivery starts no earlier than its notice's date (now, for those not held).
  await enqueueAt(
    db,
    QUEUES.noticeDeliver,
    inserted.map((n) => ({ data: { id: n.id }, startAfter: n.createdAt })),
  );
}

/**
 * Delivery jobs for notices already in the inbox (put there set-based, by one INSERT … SELECT):
 * one statement for them all, in the caller's transaction.
 */
export async function queueDeliveries(db: Executor, ids: { id: string }[]) {
  await enqueue(db, QUEUES.noticeDeliver, ids);
}
