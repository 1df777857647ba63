import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { createActivities } from '../activities/index.ts';
import { apply } from '../enrollment/index.ts';
import { deliverNotice, sendDueReminders } from './notice-worker.ts';

/** A webhook receiver that answers with the status the test sets. */
let hook: Server;
let hookUrl: string;
let hookStatus = 200;
const received: { kind: string; text: string; volunteerNo: string }[] = [];
let t: TestApp;
let organizer: Actor;
let projectId: string;
const COMMUNITY = '330110001001';

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (hookStatus === 200) received.push(JSON.parse(body));
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/notices`;
  // The whole stack with its job workers on, as a server runs it.
  t = await createTestApp({ config: { jobWorkers: true, noticeWebhookUrl: hookUrl } });
  await buildArea(t.database.db, COMMUNITY);
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330110001' });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]);
  organizer = { accountId: account.id, displayName: '组织者', grants: [{ role: 'org_admin', organizationId: orgId }] };
  const [p] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into projects (organization_id, title, category_code, area_code, status)
      values (${orgId}, '社区服务', 'community', ${COMMUNITY}, 'recruiting') returning id`),
  );
  projectId = p.id;
});
afterAll(async () => {
  await t.close();
  hook.close();
});

const ctx = (actor: Actor) => ({ actor, requestId: 'test', locale: 'zh-CN' as const });

async function volunteerActor() {
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY });
  const [account] = rowsOf<{ id: string }>(
    await t.database.db.execute(
      sql`insert into accounts (username, display_name, password_hash) values ('n-' || gen_random_uuid(), '志愿者', 'x') returning id`,
    ),
  );
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  return { ...v, actor: { accountId: account.id, displayName: '志愿者', grants: [{ role: 'volunteer' as const }] } };
}

async function positionStarting(at: Date) {
  const [a] = await createActivities(
    t.database.db,
    ctx(organizer),
    {
      projectId,
      title: '社区读报',
      address: '活动室',
      startsAt: at,
      endsAt: new Date(at.getTime() + 2 * 3600_000),
      positions: [{ name: '读报员', headcount: 5 }],
    },
    new Date(at.getTime() - 7 * 86_400_000),
  );
  const [pos] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from positions where activity_id = ${a.id}`));
  return pos.id;
}

describe('the outbox', () => {
  it('delivers a notice through the queue to the webhook, in the volunteer’s words, and records it', async () => {
    const v = await volunteerActor();
    await apply(t.database.db, ctx(v.actor), await positionStarting(chinaInstant('2034-03-04', '09:00')));
    // The queue polls every 2 s; a busy machine may take a while longer to get round to it.
    for (let i = 0; i < 400 && !received.some((r) => r.volunteerNo === v.volunteerNo); i++) await new Promise((r) => setTimeout(r, 100));
    const got = received.find((r) => r.volunteerNo === v.volunteerNo);
    expect(got).toMatchObject({ kind: 'enrollment.accepted', text: '您已被录用：社区读报' });
    // The delivery is recorded once the webhook has answered, a moment after it received the notice.
    const delivery = async () =>
      rowsOf<{ status: string; channel: string }>(
        await t.database.db.execute(sql`select d.status, d.channel from notice_deliveries d join notifications n on n.id = d.notification_id
          where n.volunteer_id = ${v.id}`),
      )[0];
    await expect.poll(delivery, { timeout: 10_000, interval: 100 }).toEqual({ status: 'sent', channel: 'webhook' });
  }, 60_000);

  it('fails a delivery the channel refuses, so the queue retries it, and records the error', async () => {
    const v = await volunteerActor();
    const [n] = rowsOf<{ id: string }>(
      await t.database.db.execute(
        sql`insert into notifications (volunteer_id, kind, params) values (${v.id}, 'activity.changed', '{"title":"x"}') returning id`,
      ),
    );
    hookStatus = 503;
    try {
      await expect(deliverNotice(t.database.db, t.config, n.id, 2)).rejects.toThrow('503');
    } finally {
      hookStatus = 200;
    }
    const [d] = rowsOf<{ status: string; attempts: number; last_error: string }>(
      await t.database.db.execute(sql`select status, attempts, last_error from notice_deliveries where notification_id = ${n.id}`),
    );
    expect(d).toEqual({ status: 'failed', attempts: 2, last_error: 'webhook answered 503' });
    await deliverNotice(t.database.db, t.config, n.id, 3);
    const [again] = rowsOf<{ status: string }>(
      await t.database.db.execute(sql`select status from notice_deliveries where notification_id = ${n.id}`),
    );
    expect(again.status).toBe('sent');
  });
});

describe('reminders', () => {
  it('reminds each accepted volunteer once, at the time they chose before the start', async () => {
    const start = chinaInstant('2034-05-06', '09:00');
    const v = await volunteerActor();
    const w = await volunteerActor();
    await t.database.db.execute(sql`update volunteers set reminder_hours = 2 where id = ${w.id}`);
    const positionId = await positionStarting(start);
    await apply(t.database.db, ctx(v.actor), positionId);
    await apply(t.database.db, ctx(w.actor), positionId);
    const reminders = async (id: string) =>
      rowsOf<{ params: { start: string; address: string } }>(
        await t.database.db.execute(sql`select params from notifications where volunteer_id = ${id} and kind = 'activity.reminder'`),
      );
    // 30 h before: nobody yet. 10 h before: the one with the 24 h default. 1 h before: the other.
    expect(await sendDueReminders(t.database.db, new Date(start.getTime() - 30 * 3600_000))).toBe(0);
    await sendDueReminders(t.database.db, new Date(start.getTime() - 10 * 3600_000));
    expect(await reminders(v.id)).toEqual([{ params: expect.objectContaining({ start: '2034-05-06 09:00', address: '活动室' }) }]);
    expect(await reminders(w.id)).toEqual([]);
    await sendDueReminders(t.database.db, new Date(start.getTime() - 3600_000));
    expect(await reminders(v.id)).toHaveLength(1);
    expect(await reminders(w.id)).toHaveLength(1);
  });
});

describe('settings and preferences', () => {
  it('lets the city set working-time limits that applications then follow', async () => {
    const city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
    const street = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'street_admin', areaCode: '330110001' }]));
    const limits = {
      dailyHours: 3,
      restHours: 11,
      weeklyHours: 40,
      minorDailyHours: 2,
      minorRestHours: 12,
      minorWeeklyHours: 10,
      overlapGraceMinutes: 0,
    };
    const loose = await city.request({ method: 'PUT', url: '/api/settings/workload', payload: { ...limits, minorDailyHours: 5 } });
    expect(loose.json().error.details[0]).toMatchObject({ field: 'minorDailyHours' });
    const weekly = await city.request({ method: 'PUT', url: '/api/settings/workload', payload: { ...limits, minorWeeklyHours: 60 } });
    expect(weekly.json().error.details.map((d: { field: string }) => d.field)).toEqual(['minorWeeklyHours']);
    const rest = await city.request({ method: 'PUT', url: '/api/settings/workload', payload: { ...limits, minorRestHours: 8 } });
    expect(rest.json().error.details.map((d: { field: string }) => d.field)).toEqual(['minorRestHours']);
    expect((await street.request({ method: 'PUT', url: '/api/settings/workload', payload: limits })).statusCode).toBe(404);
    expect((await city.request({ method: 'PUT', url: '/api/settings/workload', payload: limits })).json()).toEqual(limits);
    expect((await street.request({ url: '/api/settings/workload' })).json()).toMatchObject({ dailyHours: 3, defaults: { dailyHours: 10 } });

    const v = await volunteerActor();
    // positionStarting makes 2-hour activities; two on one day make 4 h, over the city's 3.
    await apply(t.database.db, ctx(v.actor), await positionStarting(chinaInstant('2034-07-01', '09:00')));
    await expect(apply(t.database.db, ctx(v.actor), await positionStarting(chinaInstant('2034-07-01', '14:00')))).rejects.toMatchObject({
      details: [{ rule: 'daily_hours', params: { limit: 3, hours: 4 } }],
    });
  });

  it('keeps each volunteer’s reminder time and notice e-mail', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const me = await signIn(t.app, account);
    expect((await me.request({ url: '/api/notices/preferences' })).json()).toEqual({ reminderHours: 24, noticeEmail: null });
    const bad = await me.request({
      method: 'PUT',
      url: '/api/notices/preferences',
      payload: { reminderHours: 3, noticeEmail: 'not-mail' },
    });
    expect(bad.json().error.details[0].field).toBe('noticeEmail');
    const saved = await me.request({
      method: 'PUT',
      url: '/api/notices/preferences',
      payload: { reminderHours: 3, noticeEmail: 'li@example.org' },
    });
    expect(saved.json()).toEqual({ reminderHours: 3, noticeEmail: 'li@example.org' });
  });
});
