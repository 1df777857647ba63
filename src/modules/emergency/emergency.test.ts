import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildCrowd } from '../../../test/helpers/emergency.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog, emergencyCalls, volunteers } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import * as service from './emergency.service.ts';

const COMMUNITY = '981301001001';
const FAR_COMMUNITY = '981301002001';
const OTHER_DISTRICT = '981302001001';
let t: TestApp;
let district: Session;
let otherDistrict: Session;
let volunteer: Session;
/** The district's volunteer association: it runs the calls on the ground. */
let association: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [COMMUNITY, FAR_COMMUNITY, OTHER_DISTRICT]) await buildArea(db, code);
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981301' }]));
  otherDistrict = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981302' }]));
  association = await buildOrganization(db, t.config, { areaCode: '981301', name: '测试区志愿者协会' });
  // One volunteer who signs in, opted in with first aid near the centre.
  volunteer = await crowdSession(COMMUNITY, ['first_aid']);
});

/** One opted-in volunteer of the area who signs in (the respond page's API). */
async function crowdSession(areaCode: string, skills: string[] = []) {
  const db = t.database.db;
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  const [v] = await buildCrowd(db, { areaCode, n: 1, skills });
  await db.update(volunteers).set({ accountId: account.id }).where(eq(volunteers.id, v.volunteerId));
  await db.execute(sql`delete from accounts where id = ${v.accountId}`);
  return Object.assign(await signIn(t.app, account), { volunteerId: v.volunteerId });
}
afterAll(() => t.close());

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const call = (extra: Record<string, unknown> = {}) => ({
  title: '防汛转移群众',
  message: '带雨具，到社区服务中心集合',
  areaCode: '981301',
  organizationId: association,
  startsAt: hoursFromNow(1),
  endsAt: hoursFromNow(5),
  headcount: 2,
  ...extra,
});

const details = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response
    .json()
    .error.details.map((d) => `${d.field}:${d.rule}`)
    .sort();

const callsStored = async () => (await t.database.db.select({ id: emergencyCalls.id }).from(emergencyCalls)).length;

const noticesOf = async (callId: string) =>
  rowsOf<{ kind: string; n: number; jobs: number }>(
    await t.database.db.execute(sql`select n.kind, count(*)::int as n, count(j.id)::int as jobs from notifications n
      left join pgboss.job j on j.name = 'notice-deliver' and j.data->>'id' = n.id::text
      where n.params->>'callId' = ${callId} group by n.kind order by n.kind`),
  );

describe('issuing a call', () => {
  it('tells every matching volunteer at once: a notice and a delivery job each, and no one else', async () => {
    const db = t.database.db;
    const near = { lat: 30.3, lng: 120.3 };
    const matched = await buildCrowd(db, { areaCode: COMMUNITY, n: 3, skills: ['first_aid', 'driving'], ...near });
    await buildCrowd(db, { areaCode: COMMUNITY, n: 1, skills: ['first_aid'], optIn: false, ...near });
    await buildCrowd(db, { areaCode: COMMUNITY, n: 1, skills: ['first_aid'], status: 'suspended', ...near });
    await buildCrowd(db, { areaCode: COMMUNITY, n: 1, skills: ['driving'], ...near });
    await buildCrowd(db, { areaCode: FAR_COMMUNITY, n: 1, skills: ['first_aid'], lat: 30.4, lng: 120.3 });
    await buildCrowd(db, { areaCode: OTHER_DISTRICT, n: 1, skills: ['first_aid'], ...near });
    const response = await district.request({
      method: 'POST',
      url: '/api/emergency-calls',
      payload: call({ ...near, radiusMeters: 2000, skills: ['first_aid'] }),
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      status: 'open',
      notifiedCount: 3,
      acceptedCount: 0,
      counts: { notified: 3, waiting: 3 },
      mayClose: true,
    });
    expect(await noticesOf(created.id)).toEqual([{ kind: 'emergency.call', n: 3, jobs: 3 }]);
    const told = rowsOf<{ volunteer_id: string; params: { link: string; area: string } }>(
      await db.execute(sql`select volunteer_id, params from notifications where params->>'callId' = ${created.id}`),
    );
    expect(told.map((n) => n.volunteer_id).sort()).toEqual(matched.map((m) => m.volunteerId).sort());
    expect(told[0].params.link).toMatch(new RegExp(`/emergency/${created.id}/respond$`));
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entry).toMatchObject({ action: 'emergency.call', areaCode: '981301' });
  });

  it('refuses bad input naming the field and the rule, and stores nothing', async () => {
    const before = await callsStored();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ endsAt: hoursFromNow(1) }, ['endsAt:afterStart']],
      [{ startsAt: hoursFromNow(-2) }, ['startsAt:notPast']],
      [{ headcount: 0 }, ['headcount:positive']],
      [{ radiusMeters: 1000 }, ['lat:required']],
      [{ lat: 30.2 }, ['lng:required']],
      [{ areaCode: '981302' }, ['areaCode:scope']],
    ];
    for (const [extra, expected] of cases) {
      const response = await district.request({ method: 'POST', url: '/api/emergency-calls', payload: call(extra) });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(details(response)).toEqual(expected);
    }
    const volunteerCall = await volunteer.request({ method: 'POST', url: '/api/emergency-calls', payload: call() });
    expect(volunteerCall.statusCode).toBe(403);
    expect(await callsStored()).toBe(before);
  });

  it('with no one matching answers 422 naming the criteria, and stores nothing', async () => {
    const before = await callsStored();
    const response = await district.request({
      method: 'POST',
      url: '/api/emergency-calls',
      payload: call({ areaCode: FAR_COMMUNITY, skills: ['sign_language'] }),
      headers: { 'accept-language': 'en-US' },
    });
    expect(response.statusCode).toBe(422);
    expect(details(response)).toEqual(['areaCode:noMatch']);
    expect(response.json().error.message).toContain(`areaCode=${FAR_COMMUNITY}, skills=sign_language`);
    expect(await callsStored()).toBe(before);
  });
});

describe('answering a call', () => {
  it('fills, tells the rest, then fills the standby list, then says it is full; closed calls take no answers', async () => {
    const db = t.database.db;
    const others = await buildCrowd(db, { areaCode: COMMUNITY, n: 4, skills: ['first_aid'] });
    const created = (
      await district.request({ method: 'POST', url: '/api/emergency-calls', payload: call({ skills: ['first_aid'], standbyCount: 1 }) })
    ).json();
    expect(created.notifiedCount).toBeGreaterThanOrEqual(5);
    const url = `/api/emergency-calls/${created.id}/response`;
    const mine = await volunteer.request({ url });
    expect(mine.json()).toMatchObject({ title: '防汛转移群众', response: 'notified', status: 'open' });

    expect((await volunteer.request({ method: 'POST', url, payload: { response: 'accept' } })).json()).toMatchObject({
      response: 'accepted',
      acceptedCount: 1,
    });
    const ctx = (actor: Actor) => ({ actor, requestId: 'test', locale: 'zh-CN' as const });
    const answer = (actor: Actor, reply: 'accept' | 'decline') => service.answer(db, ctx(actor), 'http://v.test', created.id, reply);
    expect((await answer(others[0], 'decline')).response).toBe('declined');
    expect(await answer(others[1], 'accept')).toMatchObject({ response: 'accepted', status: 'full' });
    expect(await answer(others[2], 'accept')).toMatchObject({ response: 'standby', standbyNo: 1 });
    expect((await answer(others[3], 'accept')).response).toBe('released');

    const detail = (await district.request({ url: `/api/emergency-calls/${created.id}` })).json();
    expect(detail).toMatchObject({ status: 'full', acceptedCount: 2, counts: { accepted: 2, standby: 1, declined: 1, released: 1 } });
    expect(detail.responses[0]).toMatchObject({ response: 'released', phoneMasked: '139****0000' });
    // No phone number anywhere but masked (ids and the crowd's hex volunteer numbers may hold digit runs).
    const ids = /EM[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    expect(JSON.stringify(detail).replace(ids, '')).not.toMatch(/1[3-9]\d{9}/);
    // Those who had not answered when it filled were told, with the standby list open to them.
    const kinds = (await noticesOf(created.id)).map((n) => n.kind);
    expect(kinds).toEqual(['emergency.call', 'emergency.filledStandby']);

    // An accepted volunteer cannot silently drop out.
    const drop = await volunteer.request({ method: 'POST', url, payload: { response: 'decline' } });
    expect(drop.statusCode).toBe(409);

    const closed = await district.request({ method: 'POST', url: `/api/emergency-calls/${created.id}/close` });
    expect(closed.json()).toMatchObject({ status: 'closed', mayClose: false, counts: { standby: 0 } });
    expect((await noticesOf(created.id)).map((n) => n.kind)).toContain('emergency.closed');
    const late = await volunteer.request({ method: 'POST', url, payload: { response: 'accept' } });
    expect(late.statusCode).toBe(409);
    expect(details(late)).toEqual(['response:callOpen']);
    expect((await district.request({ method: 'POST', url: `/api/emergency-calls/${created.id}/close` })).statusCode).toBe(409);
  });

  it('answers 404 to a volunteer who was not called, and to an office out of scope', async () => {
    const created = (
      await district.request({ method: 'POST', url: '/api/emergency-calls', payload: call({ areaCode: FAR_COMMUNITY }) })
    ).json();
    expect(created.notifiedCount).toBeGreaterThan(0);
    const url = `/api/emergency-calls/${created.id}/response`;
    expect((await volunteer.request({ method: 'POST', url, payload: { response: 'accept' } })).statusCode).toBe(404);
    expect((await volunteer.request({ url })).statusCode).toBe(404);
    expect((await otherDistrict.request({ url: `/api/emergency-calls/${created.id}` })).statusCode).toBe(404);
    expect((await otherDistrict.request({ method: 'POST', url: `/api/emergency-calls/${created.id}/close` })).statusCode).toBe(404);
    const theirs = (await otherDistrict.request({ url: '/api/emergency-calls' })).json();
    expect(theirs.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
    const ours = (await district.request({ url: '/api/emergency-calls' })).json();
    expect(ours.items[0]).toMatchObject({ id: created.id, areaName: expect.any(String) });
  });

  it('200 volunteers accepting the last 10 places at once: exactly 10 accepted, the standby list filled, the rest told it is full', async () => {
    const db = t.database.db;
    const code = '981301003001';
    await buildArea(db, code);
    const crowd = await buildCrowd(db, { areaCode: code, n: 200 });
    const created = (
      await district.request({
        method: 'POST',
        url: '/api/emergency-calls',
        payload: call({ areaCode: code, headcount: 10, standbyCount: 5 }),
      })
    ).json();
    expect(created.notifiedCount).toBe(200);
    const outcomes = await Promise.all(
      crowd.map((actor) =>
        service.answer(db, { actor, requestId: 'test', locale: 'zh-CN' as const }, 'http://v.test', created.id, 'accept'),
      ),
    );
    const tally = Object.fromEntries(['accepted', 'standby', 'released'].map((r) => [r, outcomes.filter((o) => o.response === r).length]));
    expect(tally).toEqual({ accepted: 10, standby: 5, released: 185 });
    const detail = (await district.request({ url: `/api/emergency-calls/${created.id}` })).json();
    expect(detail).toMatchObject({ status: 'full', acceptedCount: 10, counts: { accepted: 10, standby: 5, released: 185, waiting: 0 } });
    const standbyNos = outcomes.flatMap((o) => (o.response === 'standby' ? [o.standbyNo] : [])).sort();
    expect(standbyNos).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('the call as a shift: hours are recorded like any other', () => {
  it('issue → accept → an accepted enrollment on the association’s shift → check-in with its code; a clashing call is refused by the rule', async () => {
    const db = t.database.db;
    const code = '981301004001';
    await buildArea(db, code);
    const me = await crowdSession(code);
    const soon = new Date(Date.now() + 2 * 60_000);
    const created = (
      await district.request({
        method: 'POST',
        url: '/api/emergency-calls',
        payload: call({ areaCode: code, startsAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 3 * 3600_000).toISOString() }),
      })
    ).json();
    expect(created).toMatchObject({ notifiedCount: 1, organizationId: association, organizationName: '测试区志愿者协会' });
    const [shift] = rowsOf<{ kind: string; category_code: string; organization_id: string; starts_at: Date; headcount: number }>(
      await db.execute(sql`select p.kind, p.category_code, p.organization_id, a.starts_at, pos.headcount from activities a
        join projects p on p.id = a.project_id join positions pos on pos.activity_id = a.id where a.id = ${created.activityId}`),
    );
    expect(shift).toMatchObject({ kind: 'demand_service', category_code: 'emergency', organization_id: association, headcount: 2 });
    expect(new Date(shift.starts_at).toISOString()).toBe(created.startsAt);

    const url = `/api/emergency-calls/${created.id}/response`;
    expect((await me.request({ method: 'POST', url, payload: { response: 'accept' } })).json()).toMatchObject({ response: 'accepted' });
    const enrolled = rowsOf<{ volunteer_id: string; status: string }>(
      await db.execute(sql`select volunteer_id, status from enrollments where activity_id = ${created.activityId}`),
    );
    expect(enrolled).toEqual([{ volunteer_id: me.volunteerId, status: 'accepted' }]);

    // The association's organizer shows the code on site; the volunteer checks in and a service record opens.
    const organizer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: association }]));
    const shown = (await organizer.request({ url: `/api/attendance/activity-code/${created.activityId}` })).json();
    const checkIn = await me.request({
      method: 'POST',
      url: '/api/attendance/code',
      payload: { activityId: created.activityId, digits: shown.digits, key: 'emergency-key-0001' },
    });
    expect(checkIn.statusCode, checkIn.body).toBeLessThan(300);
    const records = rowsOf<{ activity_id: string; status: string }>(
      await db.execute(sql`select activity_id, status from service_records where volunteer_id = ${me.volunteerId}`),
    );
    expect(records).toEqual([{ activity_id: created.activityId, status: 'pending' }]);

    // A second call at the same time: the working-time rules refuse the place by name, and nothing changes.
    const clash = (
      await district.request({
        method: 'POST',
        url: '/api/emergency-calls',
        payload: call({
          areaCode: code,
          title: '第二次动员',
          startsAt: soon.toISOString(),
          endsAt: new Date(soon.getTime() + 3600_000).toISOString(),
        }),
      })
    ).json();
    const refused = await me.request({ method: 'POST', url: `/api/emergency-calls/${clash.id}/response`, payload: { response: 'accept' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.map((d: { field: string }) => d.field)).toContain('response');
    expect(refused.json().error.message).toContain('您暂不能接受该动员');
    expect((await me.request({ url: `/api/emergency-calls/${clash.id}/response` })).json()).toMatchObject({
      response: 'notified',
      acceptedCount: 0,
    });
  });

  it('refuses an organization that does not cover the area or lies outside the office’s scope, and a call longer than a day’s limit', async () => {
    const db = t.database.db;
    const before = await callsStored();
    const community = await buildOrganization(db, t.config, { areaCode: FAR_COMMUNITY });
    const elsewhere = await buildOrganization(db, t.config, { areaCode: '981302' });
    const suspended = await buildOrganization(db, t.config, { areaCode: '981301', status: 'suspended' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ areaCode: COMMUNITY, organizationId: community }, ['organizationId:covers']],
      [{ organizationId: elsewhere }, ['organizationId:covers']],
      [{ organizationId: suspended }, ['organizationId:covers']],
      [{ endsAt: hoursFromNow(12) }, ['endsAt:dailyHours']],
    ];
    for (const [extra, expected] of cases) {
      const response = await district.request({ method: 'POST', url: '/api/emergency-calls', payload: call(extra) });
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(details(response)).toEqual(expected);
    }
    expect(await callsStored()).toBe(before);
    const choices = (await district.request({ url: `/api/emergency-calls/organizations?areaCode=${FAR_COMMUNITY}` })).json();
    expect(choices.items.map((o: { id: string }) => o.id)).toEqual([community, association]);
    expect((await volunteer.request({ url: `/api/emergency-calls/organizations?areaCode=${COMMUNITY}` })).statusCode).toBe(403);
  });
});
