import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { enqueue, QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import { insertDueReminders, noticeToDeliver, saveDelivery } from './notice-delivery.queries.ts';
import { describeNotice } from './notice-text.ts';

/**
 * The outbox: every notice lands in the inbox, and, in the same transaction, a delivery job
 * for the outbound channels the city configured (a webhook — an SMS gateway, say — and SMTP
 * e-mail). Jobs are retried with backoff; each channel's outcome is recorded.
 */

export async function deliverNotice(db: Executor, config: Config, notificationId: string, attempt: number) {
  const n = await noticeToDeliver(db, notificationId);
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

/**
 * Reminders before an activity, at the time each volunteer chose (24 h by default): once per
 * accepted application, with the activity's time and place.
 */
export async function sendDueReminders(db: Executor, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const created = await insertDueReminders(tx, now);
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
