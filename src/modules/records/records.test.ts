import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, PASSWORD, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { verifyLedger } from './ledger.ts';

let t: TestApp;
let organizer: Session;
let other: Session;
let volunteer: Session;
let orgId: string;
let volunteerId: string;
const COMMUNITY = '330112001001';

beforeAll(async () => {
  t = await createTestApp();
  orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330112001' });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const otherOrg = await buildOrganization(t.database.db, t.config, { areaCode: '330112001' });
  other = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: otherOrg }]));
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY })).id;
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteerId}`);
  volunteer = await signIn(t.app, account);
});
afterAll(() => t.close());

let n = 0;
/** An accepted application on an activity that took place `daysAgo` days ago, 09:00–11:00 China time. */
async function acceptedOn(daysAgo: number, category = 'elderly') {
  n++;
  const [p] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into projects (organization_id, title, category_code, area_code, status)
      values (${orgId}, ${`项目${n}`}, ${category}, ${COMMUNITY}, 'running') returning id`),
  );
  const start = sql`(date_trunc('day', now() at time zone 'Asia/Shanghai') - make_interval(days => ${daysAgo}) + interval '9 hours') at time zone 'Asia/Shanghai'`;
  const [a] = rowsOf<{ id: string; starts_at: string }>(
    await t.database.db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, apply_deadline, cancel_deadline)
      values (${p.id}, ${`陪伴活动${n}`}, ${start}, ${start} + interval '2 hours', '活动室', ${start}, ${start} - interval '1 day') returning id, starts_at::text`),
  );
  const [pos] = rowsOf<{ id: string }>(
    await t.database.db.execute(
      sql`insert into positions (activity_id, name, headcount, accepted_count) values (${a.id}, '陪伴员', 3, 1) returning id`,
    ),
  );
  const [e] = rowsOf<{ id: string }>(
    await t.database.db.execute(
      sql`insert into enrollments (position_id, activity_id, volunteer_id, status) values (${pos.id}, ${a.id}, ${volunteerId}, 'accepted') returning id`,
    ),
  );
  return { enrollmentId: e.id, start: new Date(a.starts_at) };
}

const minutes = (at: Date, m: number) => new Date(at.getTime() + m * 60_000).toISOString();

describe('service records', () => {
  it('credits check-in/out clipped to the activity and rounded, keeps added hours apart, and confirms into the ledger', async () => {
    const { enrollmentId, start } = await acceptedOn(3);
    // 08:30–11:40 → clipped to 09:00–11:00 → 2 h; plus 0.5 h added for preparation.
    const made = await organizer.request({
      method: 'POST',
      url: '/api/records',
      payload: { enrollmentId, checkInAt: minutes(start, -30), checkOutAt: minutes(start, 160), addedHours: 0.5, reason: '提前布置场地' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ creditHours: 2, addedHours: 0.5, status: 'pending', personInCharge: '联系人' });
    const id = made.json().id;
    expect((await other.request({ method: 'POST', url: `/api/records/${id}/confirm` })).statusCode).toBe(404);
    expect((await organizer.request({ method: 'POST', url: `/api/records/${id}/confirm` })).json().status).toBe('confirmed');
    expect((await organizer.request({ method: 'POST', url: `/api/records/${id}/confirm` })).statusCode).toBe(422);
    const ledger = rowsOf<{ kind: string; hours: string }>(
      await t.database.db.execute(sql`select kind, hours::text from ledger_entries where record_id = ${id} order by seq`),
    );
    expect(ledger).toEqual([
      { kind: 'credit', hours: '2.00' },
      { kind: 'added', hours: '0.50' },
    ]);
    expect(await verifyLedger(t.database.db, t.config.ledgerKey)).toMatchObject({ ok: true });
  });

  it('refuses added hours beyond the activity’s length, a check-out before the check-in, and a second record', async () => {
    const { enrollmentId, start } = await acceptedOn(4);
    const bad = await organizer.request({
      method: 'POST',
      url: '/api/records',
      payload: { enrollmentId, checkInAt: minutes(start, 60), checkOutAt: minutes(start, 30), addedHours: 3 },
    });
    expect(bad.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual([
      'checkOutAt:after_check_in',
      'addedHours:activity_length',
      'reason:required',
    ]);
    await organizer.request({ method: 'POST', url: '/api/records', payload: { enrollmentId, checkInAt: minutes(start, 0) } });
    expect((await organizer.request({ method: 'POST', url: '/api/records', payload: { enrollmentId } })).statusCode).toBe(409);
  });

  it('keeps a record without check-out pending until the organizer completes it, listing the Art 11 deadline', async () => {
    const { enrollmentId, start } = await acceptedOn(20);
    const made = (
      await organizer.request({ method: 'POST', url: '/api/records', payload: { enrollmentId, checkInAt: minutes(start, 5) } })
    ).json();
    expect(made).toMatchObject({ creditHours: 0, status: 'pending' });
    expect((await organizer.request({ method: 'POST', url: `/api/records/${made.id}/confirm` })).json().error.message).toContain('签退');
    const pending = (await organizer.request({ url: `/api/records/pending?organizationId=${orgId}` })).json();
    expect(pending.find((r: { id: string }) => r.id === made.id)).toMatchObject({
      overdue: true,
      channel: 'manual',
      activityHours: 2,
      volunteerName: expect.stringContaining('*'),
    });
    const done = await organizer.request({ method: 'PATCH', url: `/api/records/${made.id}`, payload: { checkOutAt: minutes(start, 100) } });
    expect(done.json()).toMatchObject({ creditHours: 1.5 });
  });

  it('shows the volunteer every record, confirmed hours by year, organization and category, and stars', async () => {
    const { enrollmentId } = await acceptedOn(6, 'environment');
    const made = (
      await organizer.request({ method: 'POST', url: '/api/records', payload: { enrollmentId, addedHours: 2, reason: '纸质签到表补录' } })
    ).json();
    await organizer.request({ method: 'POST', url: `/api/records/${made.id}/reject`, payload: { reason: '签到表无本人签名' } });
    const mine = (await volunteer.request({ url: '/api/records/mine' })).json();
    expect(mine.records.map((r: { status: string }) => r.status).sort()).toEqual(['confirmed', 'pending', 'pending', 'rejected']);
    expect(mine.records.find((r: { status: string }) => r.status === 'rejected').rejectReason).toBe('签到表无本人签名');
    expect(mine.hours.total).toBe(2.5);
    expect(mine.hours.byCategory).toEqual([{ key: 'elderly', hours: 2.5 }]);
    expect(mine.stars).toMatchObject({ stars: 0, nextAt: 100, hoursToNext: 97.5 });
  });
});

describe('corrections', () => {
  it('lets the volunteer ask, and an accepted correction adds the difference to the ledger without overwriting', async () => {
    const { enrollmentId, start } = await acceptedOn(8);
    const made = (
      await organizer.request({
        method: 'POST',
        url: '/api/records',
        payload: { enrollmentId, checkInAt: minutes(start, 0), checkOutAt: minutes(start, 60) },
      })
    ).json();
    const ask = (hours: number, reason = '实际服务到 11 点') =>
      volunteer.request({ method: 'POST', url: `/api/records/${made.id}/corrections`, payload: { requestedHours: hours, reason } });
    expect((await ask(2)).statusCode).toBe(422); // not confirmed yet
    await organizer.request({ method: 'POST', url: `/api/records/${made.id}/confirm` });
    expect((await ask(1)).json().error.details[0]).toMatchObject({ field: 'requestedHours', rule: 'changed' });
    const asked = await ask(2);
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await ask(2.5)).statusCode).toBe(409);

    const asking = (await volunteer.request({ url: '/api/records/mine' })).json();
    expect(asking.records.find((r: { id: string }) => r.id === made.id).correction).toEqual({
      status: 'open',
      requestedHours: 2,
      decisionNote: null,
    });
    const open = (await organizer.request({ url: `/api/records/corrections?organizationId=${orgId}` })).json();
    expect(open).toEqual([expect.objectContaining({ recordId: made.id, currentHours: 1, requestedHours: 2 })]);
    const decided = await organizer.request({
      method: 'POST',
      url: `/api/records/corrections/${asked.json().id}/decision`,
      payload: { accept: true },
    });
    expect(decided.json()).toEqual({ id: asked.json().id, status: 'accepted', delta: 1, hours: 2 });
    const entries = rowsOf<{ kind: string; hours: string }>(
      await t.database.db.execute(sql`select kind, hours::text from ledger_entries where record_id = ${made.id} order by seq`),
    );
    expect(entries).toEqual([
      { kind: 'credit', hours: '1.00' },
      { kind: 'correction', hours: '1.00' },
    ]);
    const mine = (await volunteer.request({ url: '/api/records/mine' })).json();
    expect(mine.records.find((r: { id: string }) => r.id === made.id)).toMatchObject({ creditHours: 1, ledgerHours: 2 });
    // Its organization sees the original entry and the correction side by side, the name masked.
    const history = (await organizer.request({ url: `/api/records/${made.id}/history` })).json();
    expect(history).toMatchObject({ creditHours: 1, ledgerHours: 2, volunteerName: expect.stringContaining('*') });
    expect(history.entries.map((e: { kind: string; hours: number }) => `${e.kind}:${e.hours}`)).toEqual(['credit:1', 'correction:1']);
    expect(history.corrections).toEqual([expect.objectContaining({ status: 'accepted', requestedHours: 2, reason: expect.any(String) })]);
    expect((await other.request({ url: `/api/records/${made.id}/history` })).statusCode).toBe(404);

    // A rejected correction needs a reason and changes nothing.
    const again = (await ask(0.5, '记错了')).json();
    const refused = await organizer.request({
      method: 'POST',
      url: `/api/records/corrections/${again.id}/decision`,
      payload: { accept: false },
    });
    expect(refused.json().error.details[0].field).toBe('note');
    await organizer.request({
      method: 'POST',
      url: `/api/records/corrections/${again.id}/decision`,
      payload: { accept: false, note: '与签到记录不符' },
    });
    expect(await verifyLedger(t.database.db, t.config.ledgerKey)).toMatchObject({ ok: true });
    const [sum] = rowsOf<{ h: string }>(
      await t.database.db.execute(sql`select sum(hours)::text h from ledger_entries where record_id = ${made.id}`),
    );
    expect(sum.h).toBe('2.00');
  });
});

describe('whoever records proves, but not for themselves', () => {
  it('refuses an organizer confirming their own hours', async () => {
    const { enrollmentId } = await acceptedOn(9);
    const [{ account_id }] = rowsOf<{ account_id: string }>(
      await t.database.db.execute(sql`select account_id from volunteers where id = ${volunteerId}`),
    );
    await t.database.db.execute(
      sql`insert into role_grants (account_id, role, organization_id) values (${account_id}, 'org_admin', ${orgId})`,
    );
    const [{ username }] = rowsOf<{ username: string }>(
      await t.database.db.execute(sql`select username from accounts where id = ${account_id}`),
    );
    const selfOrganizer = await signIn(t.app, { login: username, password: PASSWORD });
    const made = (
      await selfOrganizer.request({ method: 'POST', url: '/api/records', payload: { enrollmentId, addedHours: 1, reason: '补录' } })
    ).json();
    const own = await selfOrganizer.request({ method: 'POST', url: `/api/records/${made.id}/confirm` });
    expect(own.json().error.message).toBe('不能确认自己的服务时长');
    expect((await organizer.request({ method: 'POST', url: `/api/records/${made.id}/confirm` })).json().status).toBe('confirmed');
  });
});
