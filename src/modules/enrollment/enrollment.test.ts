import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildVolunteer, type Session, signIn, yearsAgo } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ctx, enrollmentWorld } from '../../../test/worlds/enrollment-world.ts';
import { rowsOf } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { getActivity } from '../activities/index.ts';
import { appendLedger } from '../records/index.ts';
import { apply, cancelOwn, decide } from './enrollment.service.ts';

let t: TestApp;
let orgId: string;
let organizer: Session;
let organizerActor: Actor;
let volunteerActor: World['volunteerActor'];
let activity: World['activity'];
const COMMUNITY = '330108001001';
type World = Awaited<ReturnType<typeof enrollmentWorld>>;
beforeAll(async () => {
  ({ t, orgId, organizer, organizerActor, volunteerActor, activity } = await enrollmentWorld(COMMUNITY));
});
afterAll(() => t.close());

const counts = async (positionId: string) =>
  Object.fromEntries(
    rowsOf<{ status: string; n: number }>(
      await t.database.db.execute(sql`select status, count(*)::int n from enrollments where position_id = ${positionId} group by status`),
    ).map((r) => [r.status, r.n]),
  );

describe('enrollment', () => {
  it('never overbooks: 200 concurrent applications for 10 places give 10 accepted and 190 waitlisted in order', async () => {
    const { positionId, activityId } = await activity({ headcount: 10 });
    const people = [];
    for (let i = 0; i < 200; i++) people.push(await volunteerActor());
    const results = await Promise.allSettled(people.map((p) => apply(t.database.db, ctx(p.actor), positionId)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await counts(positionId)).toEqual({ accepted: 10, waitlisted: 190 });
    const [position] = rowsOf<{ accepted_count: number; waitlist_seq: number }>(
      await t.database.db.execute(sql`select accepted_count, waitlist_seq from positions where id = ${positionId}`),
    );
    expect(position).toEqual({ accepted_count: 10, waitlist_seq: 190 });
    const numbers = rowsOf<{ waitlist_no: number }>(
      await t.database.db.execute(
        sql`select waitlist_no from enrollments where position_id = ${positionId} and status = 'waitlisted' order by waitlist_no`,
      ),
    ).map((r) => r.waitlist_no);
    expect(numbers).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
    const [shown] = (await getActivity(t.database.db, organizerActor, activityId)).positions;
    expect(shown).toMatchObject({ acceptedCount: 10, waitlisted: 190, applied: 0, free: 0 });
  }, 120_000);

  it('moves the waitlist up in order when an accepted volunteer cancels, and tells the promoted one', async () => {
    const { positionId } = await activity({ headcount: 1 });
    const [a, b, c] = [await volunteerActor(), await volunteerActor(), await volunteerActor()];
    const first = await apply(t.database.db, ctx(a.actor), positionId);
    expect(first.status).toBe('accepted');
    expect((await apply(t.database.db, ctx(b.actor), positionId)).status).toBe('waitlisted');
    expect((await apply(t.database.db, ctx(c.actor), positionId)).status).toBe('waitlisted');
    await expect(apply(t.database.db, ctx(b.actor), positionId)).rejects.toMatchObject({ messageKey: 'enrollment.already' });

    await cancelOwn(t.database.db, ctx(a.actor), first.id);
    const rows = rowsOf<{ volunteer_id: string; status: string }>(
      await t.database.db.execute(sql`select volunteer_id, status from enrollments where position_id = ${positionId} order by applied_at`),
    );
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'accepted', 'waitlisted']);
    expect(rows[1].volunteer_id).toBe(b.volunteerId);
    const notices = rowsOf<{ kind: string }>(
      await t.database.db.execute(sql`select kind from notifications where volunteer_id = ${b.volunteerId} order by created_at`),
    );
    expect(notices.map((n) => n.kind)).toEqual(['enrollment.waitlisted', 'enrollment.promoted']);
  });

  it('says exactly why a volunteer may not take a position', async () => {
    const { rows } = {
      rows: rowsOf<{ id: string }>(
        await t.database.db.execute(
          sql`insert into training_courses (name, duration_hours, organizer_name) values ('急救培训', 4, '红十字会') returning id`,
        ),
      ),
    };
    const { positionId } = await activity({
      skills: ['first_aid'],
      languages: [{ code: 'en', minLevel: 'fluent' }],
      courseIds: [rows[0].id],
      insuranceRequired: true,
    });
    const v = await volunteerActor({ profile: { languages: [{ code: 'en', level: 'working' }] } });
    const refused = await apply(t.database.db, ctx(v.actor), positionId).catch((e) => e);
    expect(refused.code).toBe('RULE_VIOLATION');
    expect(refused.details.map((d: { rule: string }) => d.rule)).toEqual(['skill', 'language', 'course', 'insurance']);
    expect(refused.params.reasons).toContain('需要技能“急救”');
    expect(refused.details[1].params).toMatchObject({ language: '英语', minLevel: '流利' });

    // Qualified: the skill, the level, the course, and the organization's group policy on the day.
    await t.database.db.execute(
      sql`update volunteers set skills = '[{"code":"first_aid"}]', languages = '[{"code":"en","level":"native"}]' where id = ${v.volunteerId}`,
    );
    await t.database.db.execute(
      sql`insert into training_completions (course_id, volunteer_id, completed_on) values (${rows[0].id}, ${v.volunteerId}, '2026-01-10')`,
    );
    await t.database.db.execute(sql`insert into insurance_policies (kind, organization_id, insurer, policy_no, starts_on, ends_on)
      values ('group', ${orgId}, '人保财险', 'PA-2030-01', '2029-01-01', '2031-12-31')`);
    expect((await apply(t.database.db, ctx(v.actor), positionId)).status).toBe('accepted');
  });

  it('counts stars from the hours confirmed in the ledger', async () => {
    const { positionId } = await activity({ minStars: 1 });
    const v = await volunteerActor();
    await expect(apply(t.database.db, ctx(v.actor), positionId)).rejects.toMatchObject({
      details: [{ rule: 'stars', params: { stars: 0 } }],
    });
    const [r] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
        values (${v.volunteerId}, ${orgId}, '往年服务', '2025-06-01', '社区', '陈队长', 'manual', 12, 'confirmed') returning id`),
    );
    await t.database.db.transaction((tx) =>
      appendLedger(
        tx,
        t.config.ledgerKey,
        Array.from({ length: 10 }, (_, i) => ({
          volunteerId: v.volunteerId,
          recordId: r.id,
          kind: 'credit' as const,
          hours: '12',
          at: `2025-06-0${i}T00:00:00.000Z`,
        })),
      ),
    );
    // 120 hours: one star on the national scheme.
    expect((await apply(t.database.db, ctx(v.actor), positionId)).status).toBe('accepted');
  });

  it('keeps minors out unless the position takes them, and then only with a guardian’s consent', async () => {
    // 15 on the activity's day (the test activities are in 2030).
    const teen = await volunteerActor({ birthDate: yearsAgo(12) });
    const adultsOnly = await activity();
    await expect(apply(t.database.db, ctx(teen.actor), adultsOnly.positionId)).rejects.toMatchObject({
      details: [{ rule: 'minors_not_allowed' }],
    });
    const open = await activity({ minorsAllowed: true });
    await t.database.db.execute(sql`update volunteers set guardian_consent_at = null where id = ${teen.volunteerId}`);
    await expect(apply(t.database.db, ctx(teen.actor), open.positionId)).rejects.toMatchObject({
      details: [{ rule: 'guardian_consent', params: { age: 15 } }],
    });
    await t.database.db.execute(sql`update volunteers set guardian_consent_at = now() where id = ${teen.volunteerId}`);
    expect((await apply(t.database.db, ctx(teen.actor), open.positionId)).status).toBe('accepted');
  });

  it('refuses an overlapping shift and a day over the limit', async () => {
    const v = await volunteerActor();
    const morning = await activity({}, ['09:00', '11:00']);
    expect((await apply(t.database.db, ctx(v.actor), morning.positionId)).status).toBe('accepted');
    const clash = await activity({}, ['10:00', '12:00'], morning.date);
    const refused = await apply(t.database.db, ctx(v.actor), clash.positionId).catch((e) => e);
    expect(refused.details).toMatchObject([
      { rule: 'overlap', params: { shift: expect.stringContaining('陪伴活动'), time: `${morning.date} 09:00–11:00` } },
    ]);
    const long = await activity({}, ['12:00', '21:00'], morning.date);
    await expect(apply(t.database.db, ctx(v.actor), long.positionId)).rejects.toMatchObject({
      details: [{ rule: 'daily_hours', params: { limit: 10, hours: 11 } }],
    });
  });

  it('lets the organizer review: applied → accepted while places remain, then refuses as full', async () => {
    const { positionId } = await activity({ headcount: 1, reviewMode: 'review' });
    const [a, b] = [await volunteerActor(), await volunteerActor()];
    const ea = await apply(t.database.db, ctx(a.actor), positionId);
    const eb = await apply(t.database.db, ctx(b.actor), positionId);
    expect([ea.status, eb.status]).toEqual(['applied', 'applied']);
    expect((await decide(t.database.db, ctx(organizerActor), ea.id, 'accept', undefined))?.status).toBe('accepted');
    await expect(decide(t.database.db, ctx(organizerActor), eb.id, 'accept', undefined)).rejects.toMatchObject({
      messageKey: 'enrollment.full',
    });
    await expect(decide(t.database.db, ctx(organizerActor), eb.id, 'reject', ' ')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await decide(t.database.db, ctx(organizerActor), eb.id, 'reject', '名额已满'))?.status).toBe('rejected');
    await expect(decide(t.database.db, ctx(organizerActor), ea.id, 'no_show', undefined)).rejects.toMatchObject({
      messageKey: 'enrollment.notStarted',
    });
  });

  it('closes applications at the deadline and cancellations at theirs', async () => {
    const { positionId, activityId } = await activity();
    const v = await volunteerActor();
    const e = await apply(t.database.db, ctx(v.actor), positionId);
    const [a] = rowsOf<{ starts_at: string }>(
      await t.database.db.execute(sql`select starts_at::text from activities where id = ${activityId}`),
    );
    const afterStart = new Date(Date.parse(a.starts_at) + 60_000);
    const late = await volunteerActor();
    await expect(apply(t.database.db, ctx(late.actor), positionId, afterStart)).rejects.toMatchObject({
      messageKey: 'enrollment.deadline',
    });
    await expect(cancelOwn(t.database.db, ctx(v.actor), e.id, afterStart)).rejects.toMatchObject({
      messageKey: 'enrollment.cancelDeadline',
    });
  });
});

describe('calendars and the roster', () => {
  it('serves my accepted shifts at a secret address that can be replaced, and one activity as .ics', async () => {
    const { positionId, activityId } = await activity({}, ['14:00', '16:00'], '2033-04-02');
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const me = await signIn(t.app, account);
    await apply(t.database.db, ctx({ accountId: account.id, displayName: 'v', grants: [{ role: 'volunteer' }] }), positionId);

    const { path } = (await me.request({ url: '/api/calendar/link' })).json();
    expect((await me.request({ url: '/api/calendar/link' })).json().path).toBe(path);
    const feed = await t.app.inject({ url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain('BEGIN:VEVENT');
    // 14:00 in China is 06:00 UTC.
    expect(feed.body).toContain('DTSTART:20330402T060000Z');
    expect(feed.body).toContain('陪伴员');

    const renewed = (await me.request({ method: 'POST', url: '/api/calendar/link' })).json().path;
    expect(renewed).not.toBe(path);
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ url: renewed })).statusCode).toBe(200);

    const ics = await me.request({ url: `/api/calendar/activity/${activityId}` });
    expect(ics.body).toContain('SUMMARY:陪伴活动');
  });

  it('keeps an inbox of notices in the reader’s language, read or unread', async () => {
    const { positionId } = await activity({ headcount: 1 });
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const me = await signIn(t.app, account);
    await apply(t.database.db, ctx({ accountId: account.id, displayName: 'v', grants: [{ role: 'volunteer' }] }), positionId);
    const inbox = (await me.request({ url: '/api/notices' })).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0].text).toMatch(/^您已被录用：陪伴活动\d+$/);
    const english = (await me.request({ url: '/api/notices', headers: { 'accept-language': 'en-US' } })).json();
    expect(english.items[0].text).toBeDefined();
    expect((await me.request({ method: 'POST', url: '/api/notices/read', payload: { ids: 'all' } })).statusCode).toBe(204);
    expect((await me.request({ url: '/api/notices' })).json().unread).toBe(0);
  });

  it('exports the roster with contacts masked', async () => {
    const { positionId, activityId } = await activity({ headcount: 1 });
    const [a, b] = [await volunteerActor(), await volunteerActor()];
    await apply(t.database.db, ctx(a.actor), positionId);
    await apply(t.database.db, ctx(b.actor), positionId);
    const res = await organizer.request({ url: `/api/enrollments/roster/${activityId}/xlsx` });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0].getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r[6])).toEqual(['已录用', '候补']);
    expect(String(rows[0][5])).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });
});
