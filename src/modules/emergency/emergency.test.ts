import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
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

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [COMMUNITY, FAR_COMMUNITY, OTHER_DISTRICT]) await buildArea(db, code);
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981301' }]));
  otherDistrict = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981302' }]));
  // One volunteer who signs in (the respond page's API), opted in with first aid near the centre.
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  const [me] = await buildCrowd(db, { areaCode: COMMUNITY, n: 1, skills: ['first_aid'] });
  await db.update(volunteers).set({ accountId: account.id }).where(eq(volunteers.id, me.volunteerId));
  await db.execute(sql`delete from accounts where id = ${me.accountId}`);
  volunteer = await signIn(t.app, account);
});
afterAll(() => t.close());

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const call = (extra: Record<string, unknown> = {}) => ({
  title: '防汛转移群众',
  message: '带雨具，到社区服务中心集合',
  areaCode: '981301',
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
    const ctx = (actor: Actor) => ({ actor, requestId: 'test' });
    const answer = (actor: Actor, reply: 'accept' | 'decline') => service.answer(db, ctx(actor), 'http://v.test', created.id, reply);
    expect((await answer(others[0], 'decline')).response).toBe('declined');
    expect(await answer(others[1], 'accept')).toMatchObject({ response: 'accepted', status: 'full' });
    expect(await answer(others[2], 'accept')).toMatchObject({ response: 'standby', standbyNo: 1 });
    expect((await answer(others[3], 'accept')).response).toBe('released');

    const detail = (await district.request({ url: `/api/emergency-calls/${created.id}` })).json();
    expect(detail).toMatchObject({ status: 'full', acceptedCount: 2, counts: { accepted: 2, standby: 1, declined: 1, released: 1 } });
    expect(detail.responses[0]).toMatchObject({ response: 'released', phoneMasked: '139****0000' });
    expect(JSON.stringify(detail)).not.toMatch(/1[3-9]\d{9}/);
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
      crowd.map((actor) => service.answer(db, { actor, requestId: 'test' }, 'http://v.test', created.id, 'accept')),
    );
    const tally = Object.fromEntries(['accepted', 'standby', 'released'].map((r) => [r, outcomes.filter((o) => o.response === r).length]));
    expect(tally).toEqual({ accepted: 10, standby: 5, released: 185 });
    const detail = (await district.request({ url: `/api/emergency-calls/${created.id}` })).json();
    expect(detail).toMatchObject({ status: 'full', acceptedCount: 10, counts: { accepted: 10, standby: 5, released: 185, waiting: 0 } });
    const standbyNos = outcomes.flatMap((o) => (o.response === 'standby' ? [o.standbyNo] : [])).sort();
    expect(standbyNos).toEqual([1, 2, 3, 4, 5]);
  });
});
