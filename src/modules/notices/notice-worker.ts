import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import { accounts, noticeDeliveries, notifications, volunteers } from '../../db/schema.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { enqueue, QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import { describeNotice } from './notice-text.ts';

/**
 * The outbox: every notice lands in the inbox, and, in the same transaction, a delivery job
 * for the outbound channels the city configured (a webhook — an SMS gateway, say — and SMTP
 * e-mail). Jobs are retried with backoff; each channel's outcome is recorded.
 */

export async function deliverNotice(db: Executor, config: Config, notificationId: string, attempt: number) {
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
  if (!n) return; // rolled back with its transaction: nothing to deliver
  const text = describeNotice(n.locale ?? 'zh-CN', n.kind, n.params);
  const failures: Error[] = [];
  const record = async (channel: 'webhook' | 'email', send: () => Promise<void>) => {
    try {
      await send();
      await saveDelivery(db, n.id, channel, 'sent', attempt, null);
    } catch (err) {
      failures.push(err as Error);
      await saveDelivery(db, n.id, channel, 'failed', attempt, (err as Error).message.slice(0, 500));
    }
  };
  if (config.noticeWebhookUrl) {
    const url = config.noticeWebhookUrl;
    await record('webhook', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: n.id, kind: n.kind, volunteerNo: n.volunteerNo, text, params: n.params, createdAt: n.createdAt }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    });
  }
  if (config.smtpUrl && n.email) {
    const smtp = config.smtpUrl;
    const to = n.email;
    await record('email', async () => {
      await nodemailer.createTransport(smtp).sendMail({ from: config.smtpFrom, to, subject: text.slice(0, 120), text });
    });
  }
  // A failed channel makes the job fail, so the queue retries it with backoff.
  if (failures.length) throw failures[0];
}

async function saveDelivery(
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
 * Reminders before an activity, at the time each volunteer chose (24 h by default): once per
 * accepted application, with the activity's time and place.
 */
export async function sendDueReminders(db: Executor, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const created = rowsOf<{ id: string }>(
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
    await enqueue(
      tx,
      QUEUES.noticeDeliver,
      created.map((c) => ({ id: c.id })),
    );
    return created.length;
  });
}

/** Deliveries as they come and the reminder scan every five minutes. */
export const noticeWorkers: QueueWorker[] = [
  {
    queue: QUEUES.noticeDeliver,
    pollingIntervalSeconds: 2,
    async handle(app, jobs) {
      for (const job of jobs) await deliverNotice(app.db, app.config, (job.data as { id: string }).id, job.retryCount + 1);
    },
  },
  { queue: QUEUES.noticeReminders, cron: '*/5 * * * *', handle: async (app) => void (await sendDueReminders(app.db)) },
];
