import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildCrowd } from '../../../test/helpers/emergency.ts';
import { rowsOf } from '../../db/client.ts';
import { cancelOwn } from '../enrollment/index.ts';
import * as service from './emergency.service.ts';
import { closeExpired } from './emergency-end.ts';

const DISTRICT = '981401';
const COMMUNITY = '981401001001';
let t: TestApp;
let office: Session;
let association: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildArea(db, COMMUNITY);
  office = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: DISTRICT }]));
  association = await buildOrganization(db, t.config, { areaCode: DISTRICT, name: '测试区应急志愿者协会' });
});
afterAll(() => t.close());

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function issue(areaCode: string, n: number, extra: Record<string, unknown> = {}) {
  await buildArea(t.database.db, areaCode);
  const crowd = await buildCrowd(t.database.db, { areaCode, n });
  const response = await office.request({
    method: 'POST',
    url: '/api/emergency-calls',
    payload: {
      title: '森林防火巡查',
      areaCode,
      organizationId: association,
      startsAt: hoursFromNow(1),
      endsAt: hoursFromNow(3),
      headcount: 1,
      standbyCount: 1,
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { call: response.json() as { id: string; endsAt: string; activityId: string }, crowd };
}

const answer = (actor: Awaited<ReturnType<typeof buildCrowd>>[number], callId: string, reply: 'accept' | 'decline') =>
  service.answer(t.database.db, { actor, requestId: 'test', locale: 'zh-CN' }, 'http://v.test', callId, reply);

const noticeKinds = async (callId: string) =>
  rowsOf<{ kind: string; n: number }>(
    await t.database.db.execute(sql`select kind, count(*)::int as n from notifications where params->>'callId' = ${callId}
      group by kind order by kind`),
  );

describe('a call closes itself at its end time', () => {
  it('the job closes open and full calls whose end passed, telling the waiting and the standby list; the shift stays', async () => {
    const { call, crowd } = await issue('981401001002', 4);
    await answer(crowd[0], call.id, 'accept');
    await answer(crowd[1], call.id, 'accept');
    const later = await issue('981401001003', 1, { endsAt: hoursFromNow(6) });

    // Before the end: nothing to do for these two.
    await closeExpired(t.database.db, new Date(Date.parse(call.endsAt) - 60_000));
    expect((await office.request({ url: `/api/emergency-calls/${call.id}` })).json().status).toBe('full');

    await closeExpired(t.database.db, new Date(Date.parse(call.endsAt) + 60_000));
    const closed = (await office.request({ url: `/api/emergency-calls/${call.id}` })).json();
    expect(closed).toMatchObject({ status: 'closed', mayClose: false, counts: { accepted: 1, standby: 0, waiting: 0, released: 3 } });
    // The two who had not answered and the one on standby are told it has ended, as when the office closes it.
    expect(await noticeKinds(call.id)).toEqual([
      { kind: 'emergency.call', n: 4 },
      { kind: 'emergency.closed', n: 3 },
      { kind: 'emergency.filledStandby', n: 3 },
    ]);
    const [enrolled] = rowsOf<{ status: string }>(
      await t.database.db.execute(sql`select status from enrollments where activity_id = ${call.activityId}`),
    );
    expect(enrolled.status).toBe('accepted');
    expect((await office.request({ url: `/api/emergency-calls/${later.call.id}` })).json().status).toBe('open');
    // Run again (the next minute): nothing is told twice.
    await closeExpired(t.database.db, new Date(Date.parse(call.endsAt) + 120_000));
    expect((await noticeKinds(call.id)).find((k) => k.kind === 'emergency.closed')?.n).toBe(3);
  });
});

describe('cancelling a call', () => {
  it('ends its shift the usual way: the accepted volunteer’s enrollment is cancelled with the reason and they are told', async () => {
    const { call, crowd } = await issue('981401001004', 2);
    await answer(crowd[0], call.id, 'accept');
    const noReason = await office.request({ method: 'POST', url: `/api/emergency-calls/${call.id}/cancel`, payload: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    const cancelled = await office.request({
      method: 'POST',
      url: `/api/emergency-calls/${call.id}/cancel`,
      payload: { reason: '险情解除' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', mayClose: false });
    const [row] = rowsOf<{ enrollment: string; reason: string; activity: string }>(
      await t.database.db.execute(sql`select e.status as enrollment, e.reason, a.status as activity from enrollments e
        join activities a on a.id = e.activity_id where e.activity_id = ${call.activityId}`),
    );
    expect(row).toEqual({ enrollment: 'cancelled', reason: '险情解除', activity: 'cancelled' });
    const [told] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from notifications where volunteer_id = ${crowd[0].volunteerId}
        and kind = 'activity.cancelled' and params->>'reason' = '险情解除'`),
    );
    expect(told.n).toBe(1);
    expect(await noticeKinds(call.id)).toContainEqual({ kind: 'emergency.closed', n: 1 });
    await expect(answer(crowd[1], call.id, 'accept')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('the live page’s poll', () => {
  it('is a 304 while nothing changed, and the new state once someone answers', async () => {
    const { call, crowd } = await issue('981401001005', 2);
    const url = `/api/emergency-calls/${call.id}`;
    const first = await office.request({ url });
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const same = await office.request({ url, headers: { 'if-none-match': tag } });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');

    await answer(crowd[0], call.id, 'decline');
    const changed = await office.request({ url, headers: { 'if-none-match': tag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().counts).toMatchObject({ declined: 1, waiting: 1 });
    expect(changed.headers.etag).not.toBe(tag);

    // Another reader never gets a 304 for a body made for someone else.
    const other = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: DISTRICT }]));
    const theirs = await other.request({ url, headers: { 'if-none-match': changed.headers.etag as string } });
    expect(theirs.statusCode).toBe(200);
  });
});

describe('the call’s shift is run through the call (review findings)', () => {
  it('no one is placed after the end time, even before the expiry job has run', async () => {
    const { call, crowd } = await issue('981401001005', 2);
    await t.database.db.execute(
      sql`update emergency_calls set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = ${call.id}`,
    );
    await t.database.db.execute(
      sql`update activities set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = ${call.activityId}`,
    );
    await expect(answer(crowd[0], call.id, 'accept')).rejects.toMatchObject({ code: 'RULE_VIOLATION', messageKey: 'enrollment.ended' });
    const rows = rowsOf(await t.database.db.execute(sql`select 1 from enrollments where activity_id = ${call.activityId}`));
    expect(rows).toEqual([]);
  });

  it('a volunteer cannot leave it unseen, and the organization cannot cancel it behind the call’s back', async () => {
    const { call, crowd } = await issue('981401001006', 2);
    await answer(crowd[0], call.id, 'accept');
    const [e] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from enrollments where activity_id = ${call.activityId}`));
    await expect(cancelOwn(t.database.db, { actor: crowd[0], requestId: 'test', locale: 'zh-CN' }, e.id)).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      messageKey: 'enrollment.demandManaged',
    });
    const admin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: association }]));
    const cancel = await admin.request({ method: 'POST', url: `/api/activities/${call.activityId}/cancel`, payload: { reason: '取消' } });
    expect(cancel.statusCode, cancel.body).toBe(422);
    expect(cancel.json().error.message).toContain('应急召集');
    const page = (await office.request({ url: `/api/emergency-calls/${call.id}` })).json();
    expect(page).toMatchObject({ status: 'full', acceptedCount: 1 });
  });
});
