import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { countDeadlines, type DeadlineCount } from '../../domain/records/record-deadlines.ts';
import type { IsWorkingDay } from '../../domain/records/working-days.ts';
import { todayInChina } from '../../platform/clock.ts';
import { enqueue, QUEUES, type QueueWorker } from '../../platform/jobs.ts';
import { grantsReaching } from '../../platform/policy.ts';
import { reviewQueueOf } from '../attendance/index.ts';
import { describeNotice } from '../notices/index.ts';
import {
  insertReminders,
  openCorrectionCounts,
  organizationNames,
  type PendingRow,
  pendingByOrganizationAndDate,
  reminderToDeliver,
} from './record-reminders.queries.ts';
import { workingDays } from './work-calendar.ts';

/**
 * MCA 2020 measures, Art 11: a service record is made within 10 working days of the activity.
 * Organizers are reminded twice over: their home page lists what waits for them (records to
 * confirm, overdue ones, corrections, doubtful check-ins), and once a working day a scan sends
 * each organization with overdue or nearly due records one message through the notice webhook.
 */

function byOrganization(rows: PendingRow[], today: string, isWorkingDay: IsWorkingDay) {
  const groups = new Map<string, { name: string; rows: { serviceDate: string; n: number }[] }>();
  for (const r of rows) {
    const g = groups.get(r.organizationId) ?? { name: r.name, rows: [] };
    g.rows.push(r);
    groups.set(r.organizationId, g);
  }
  return [...groups].map(([organizationId, g]) => ({
    organizationId,
    name: g.name,
    pending: g.rows.reduce((n, r) => n + r.n, 0),
    ...countDeadlines(g.rows, today, isWorkingDay),
  }));
}

export interface OrganizerTodo extends DeadlineCount {
  organizationId: string;
  name: string;
  pending: number;
  corrections: number;
  review: number;
}

/** What waits for the organizer in each organization whose records they manage. */
export async function organizerTodo(db: Db, actor: Actor, now = new Date()): Promise<OrganizerTodo[]> {
  const ids = [
    ...new Set(grantsReaching(actor, 'record.manage').flatMap(({ grant }) => (grant.organizationId ? [grant.organizationId] : []))),
  ];
  if (ids.length === 0) return [];
  const [names, corrections] = await Promise.all([organizationNames(db, ids), openCorrectionCounts(db, ids)]);
  const deadlines = new Map(
    byOrganization(await pendingByOrganizationAndDate(db, ids), todayInChina(now), await workingDays(db)).map((d) => [d.organizationId, d]),
  );
  const open = new Map(corrections.map((c) => [c.id, c.n]));
  const todo: OrganizerTodo[] = [];
  for (const { id, name } of names) {
    const d = deadlines.get(id);
    todo.push({
      organizationId: id,
      name,
      pending: d?.pending ?? 0,
      overdue: d?.overdue ?? 0,
      dueSoon: d?.dueSoon ?? 0,
      nextDeadline: d?.nextDeadline ?? null,
      corrections: open.get(id) ?? 0,
      review: (await reviewQueueOf(db, id)).length,
    });
  }
  return todo;
}

/**
 * The daily scan (on the city's working days): one reminder per organization with overdue or nearly due records, at most one
 * a day (the primary key decides between servers), delivered through the job queue.
 */
export async function sendRecordReminders(db: Db, now = new Date()): Promise<number> {
  const today = todayInChina(now);
  const isWorkingDay = await workingDays(db);
  // The scan runs every morning; on a holiday nobody is at the desk to act on a reminder.
  if (!isWorkingDay(today)) return 0;
  const due = byOrganization(await pendingByOrganizationAndDate(db, 'all'), today, isWorkingDay).filter((d) => d.overdue + d.dueSoon > 0);
  if (due.length === 0) return 0;
  return db.transaction(async (tx) => {
    const sent = await insertReminders(tx, today, due);
    await enqueue(
      tx,
      QUEUES.recordReminderDeliver,
      sent.map((s) => ({ organizationId: s.organizationId, day: today })),
    );
    return sent.length;
  });
}

/** Posts one organization's reminder to the notice webhook (an SMS gateway, say); thrown errors are retried. */
export async function deliverRecordReminder(db: Executor, config: Config, organizationId: string, day: string) {
  if (!config.noticeWebhookUrl) return;
  const r = await reminderToDeliver(db, organizationId, day);
  if (!r) return;
  const params = { organization: r.name, overdue: r.overdue, dueSoon: r.dueSoon };
  const res = await fetch(config.noticeWebhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'records.deadline',
      organizationId,
      day,
      text: describeNotice('zh-CN', 'records.deadline', params),
      params,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}

/** The organizers' Art 11 reminders: the scan every morning (it skips the city's days off) and each delivery. */
export const recordReminderWorkers: QueueWorker[] = [
  { queue: QUEUES.recordReminders, cron: '0 9 * * *', handle: async (app) => void (await sendRecordReminders(app.db)) },
  {
    queue: QUEUES.recordReminderDeliver,
    async handle(app, jobs) {
      for (const { data } of jobs as { data: { organizationId: string; day: string } }[]) {
        await deliverRecordReminder(app.db, app.config, data.organizationId, data.day);
      }
    },
  },
];
