import { eq, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { accounts, noticeDeliveries, notifications, volunteers } from '../../db/schema.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { jobsFrom, QUEUES } from '../../platform/jobs.ts';

/** The outbox's statements (notify.ts, notice-worker.ts): notices in, deliveries out, reminders due. */

/** Puts notices in the inbox; answers their ids. */
export async function insertNotifications(db: Executor, rows: (typeof notifications.$inferInsert)[]) {
  return db.insert(notifications).values(rows).returning({ id: notifications.id, createdAt: notifications.createdAt });
}

/** A notice with where it goes: the volunteer's number and e-mail, and their account's language. */
export async function noticeToDeliver(db: Executor, notificationId: string) {
  const [n] = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      createdAt: notifications.createdAt,
      volunteerNo: volunteers.volunteerNo,
      email: volunteers.noticeEmail,
      locale: sql<Locale | null>`(select a.locale from ${accounts} a where a.id = ${volunteers.accountId})`,
    })
    .from(notifications)
    .innerJoin(volunteers, eq(volunteers.id, notifications.volunteerId))
    .where(eq(notifications.id, notificationId));
  return n;
}

/** One channel's outcome for a notice, the latest attempt's. */
export async function saveDelivery(
  db: Executor,
  notificationId: string,
  channel: 'webhook' | 'email',
  status: 'sent' | 'failed',
  attempts: number,
  error: string | null,
) {
  await db
    .insert(noticeDeliveries)
    .values({ notificationId, channel, status, attempts, lastError: error })
    .onConflictDoUpdate({
      target: [noticeDeliveries.notificationId, noticeDeliveries.channel],
      set: { status, attempts, lastError: error, at: sql`now()` },
    });
}

/**
 * Marks the accepted applications whose reminder is due at `now` (the volunteer's hours before the
 * activity) reminded, and puts a reminder in each volunteer's inbox; answers the notices' ids.
 */
export async function insertDueReminders(tx: Executor, now: Date) {
  return rowsOf<{ id: string }>(
    await tx.execute(sql`with due as (
        update enrollments e set reminded_at = ${now}
        from activities a, volunteers v
        where a.id = e.activity_id and v.id = e.volunteer_id and e.status = 'accepted' and e.reminded_at is null
          and a.status = 'scheduled' and a.starts_at > ${now} and a.starts_at <= ${now}::timestamptz + make_interval(hours => v.reminder_hours)
        returning e.volunteer_id, a.id as activity_id, a.title, a.starts_at, a.address)
      insert into notifications (volunteer_id, kind, params)
      select volunteer_id, 'activity.reminder', jsonb_build_object('activityId', activity_id, 'title', title,
        'start', to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), 'address', address)
      from due returning id`),
  );
}

/**
 * The delivery jobs for the notices a CTE of the caller's statement inserted (`returning id`), as
 * another CTE: `with told as (insert into notifications … returning id), queued as (<deliveriesOf('told')>) …`.
 * For fan-outs of thousands (an emergency call): one statement, nothing sent back and forth.
 */
export const deliveriesOf = (cte: string) =>
  jobsFrom(QUEUES.noticeDeliver, sql`select jsonb_build_object('id', n.id) as data from ${sql.identifier(cte)} n`);
