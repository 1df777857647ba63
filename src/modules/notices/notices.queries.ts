import { and, count, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { notifications, volunteers } from '../../db/schema.ts';

/** A notice held through quiet hours (notify's deliverAt) is dated when it is due: not in the inbox before. */
const arrived = lte(notifications.createdAt, sql`now()`);

export async function inbox(db: Executor, volunteerId: string, limit: number, unreadOnly: boolean) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.volunteerId, volunteerId), arrived, unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function unreadCount(db: Executor, volunteerId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.volunteerId, volunteerId), arrived, isNull(notifications.readAt)));
  return row.n;
}

/** Marks some (or all) of the volunteer's notices read; someone else's ids are ignored. */
export async function markRead(db: Executor, volunteerId: string, ids: string[] | 'all') {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.volunteerId, volunteerId),
        arrived,
        isNull(notifications.readAt),
        ids === 'all' ? undefined : sql`${notifications.id} = any(${sql.param(ids)}::uuid[])`,
      ),
    );
}

export async function preferences(db: Executor, volunteerId: string) {
  const [row] = await db
    .select({ reminderHours: volunteers.reminderHours, noticeEmail: volunteers.noticeEmail })
    .from(volunteers)
    .where(eq(volunteers.id, volunteerId));
  return row;
}

export async function savePreferences(db: Executor, volunteerId: string, p: { reminderHours: number; noticeEmail: string | null }) {
  await db.update(volunteers).set({ reminderHours: p.reminderHours, noticeEmail: p.noticeEmail }).where(eq(volunteers.id, volunteerId));
}
