import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { REMIND_WORKING_DAYS_AHEAD } from '../../domain/records/record-deadlines.ts';
import { addWorkingDays, calendarOf, recordDeadline } from '../../domain/records/working-days.ts';
import { todayInChina } from '../../platform/clock.ts';
import { deliverRecordReminder, sendRecordReminders } from './record-reminders.ts';

let t: TestApp;
let organizer: Session;
let orgId: string;
let otherOrgId: string;
let volunteerId: string;
const today = todayInChina();
/** The scan works on working days: today, or the next one when the tests run at a weekend. */
const scanDay = calendarOf()(today) ? today : addWorkingDays(today, 1);
const scanAt = new Date(`${scanDay}T01:00:00Z`); // 09:00 in China

const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
/** The latest activity date whose Art 11 deadline falls within the reminder's window (today .. 2 working days on). */
function dueSoonDate() {
  const soon = addWorkingDays(today, REMIND_WORKING_DAYS_AHEAD);
  for (let d = 0; ; d++) {
    const deadline = recordDeadline(daysBefore(today, d));
    if (deadline >= today && deadline <= soon) return daysBefore(today, d);
  }
}

async function pendingRecord(organizationId: string, serviceDate: string, status = 'pending') {
  await t.database.db.execute(sql`insert into service_records
      (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, status)
    values (${volunteerId}, ${organizationId}, '社区助老', ${serviceDate}, '活动室', '联系人', 'manual', ${status})`);
}

beforeAll(async () => {
  t = await createTestApp();
  orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330112001' });
  otherOrgId = await buildOrganization(t.database.db, t.config, { areaCode: '330112001' });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: '330112001001' })).id;
  await pendingRecord(orgId, daysBefore(today, 40)); // long overdue
  await pendingRecord(orgId, dueSoonDate());
  await pendingRecord(orgId, today);
  await pendingRecord(orgId, daysBefore(today, 60), 'confirmed'); // done: not counted
  await pendingRecord(otherOrgId, today); // in time: no reminder for that organization
});
afterAll(() => t.close());

describe('Art 11 reminders to organizers', () => {
  it('lists what waits for the organizer, only in their own organization', async () => {
    const res = await organizer.request({ method: 'GET', url: '/api/records/todo' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ organizationId: orgId, pending: 3, overdue: 1, dueSoon: 1, corrections: 0, review: 0 }),
    ]);
    expect(res.json()[0].nextDeadline).toBe(recordDeadline(dueSoonDate()));
  });

  it('answers an empty list to someone who manages no records', async () => {
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    expect((await volunteer.request({ method: 'GET', url: '/api/records/todo' })).json()).toEqual([]);
  });

  it('lets the city office enter its holidays and make-up days, refusing a weekday as a make-up day and a day in both lists', async () => {
    const city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
    const put = (payload: object) => city.request({ method: 'PUT', url: '/api/settings/work-calendar', payload });
    const weekdayWorked = await put({ holidays: [], workdays: ['2026-10-08'] });
    expect(weekdayWorked.statusCode).toBe(400);
    expect(weekdayWorked.json().error.details).toEqual([
      expect.objectContaining({ field: 'workdays', message: '调休工作日须为周六或周日' }),
    ]);
    const both = await put({ holidays: ['2026-10-10'], workdays: ['2026-10-10'] });
    expect(both.json().error.details).toEqual([
      expect.objectContaining({ field: 'workdays', message: '同一天不能既是节假日又是调休工作日' }),
    ]);
    const badDay = await put({ holidays: ['2026-02-30'], workdays: [] });
    expect(badDay.json().error.details[0].field).toBe('holidays.0');
    expect(
      (await organizer.request({ method: 'PUT', url: '/api/settings/work-calendar', payload: { holidays: [], workdays: [] } })).statusCode,
    ).toBe(404);

    // The scan's day made a holiday: nobody is reminded that day.
    const saved = await put({ holidays: [scanDay, scanDay], workdays: ['2026-10-10'] });
    expect(saved.json()).toEqual({ holidays: [scanDay], workdays: ['2026-10-10'] });
    expect((await organizer.request({ method: 'GET', url: '/api/settings/work-calendar' })).json()).toEqual(saved.json());
    expect(await sendRecordReminders(t.database.db, scanAt)).toBe(0);
    expect((await put({ holidays: [], workdays: [] })).statusCode).toBe(200);
  });

  it('reminds each organization with overdue or nearly due records once a day, through the job queue', async () => {
    expect(await sendRecordReminders(t.database.db, scanAt)).toBe(1);
    expect(await sendRecordReminders(t.database.db, scanAt)).toBe(0);
    const sent = rowsOf<{ organization_id: string; overdue: number; due_soon: number }>(
      await t.database.db.execute(sql`select organization_id, overdue, due_soon from record_reminders`),
    );
    expect(sent).toEqual([{ organization_id: orgId, overdue: 1, due_soon: 1 }]);
    const jobs = rowsOf<{ data: { organizationId: string; day: string } }>(
      await t.database.db.execute(sql`select data from pgboss.job where name = 'record-reminder-deliver'`),
    );
    expect(jobs.map((j) => j.data)).toEqual([{ organizationId: orgId, day: scanDay }]);
  });

  it('posts the reminder in words to the notice webhook, and fails (to be retried) when the webhook does', async () => {
    const bodies: unknown[] = [];
    let answer = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.writeHead(answer).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const config = { ...t.config, noticeWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    try {
      await deliverRecordReminder(t.database.db, config, orgId, scanDay);
      expect(bodies[0]).toMatchObject({ kind: 'records.deadline', organizationId: orgId, params: { overdue: 1, dueSoon: 1 } });
      expect((bodies[0] as { text: string }).text).toMatch(/1 条志愿服务记录已超过 10 个工作日未确认，另有 1 条即将到期/);
      answer = 503;
      await expect(deliverRecordReminder(t.database.db, config, orgId, scanDay)).rejects.toThrow(/503/);
    } finally {
      server.close();
    }
  });
});
