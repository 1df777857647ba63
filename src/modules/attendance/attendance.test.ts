import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { attendanceWorld, HERE } from '../../../test/worlds/attendance-world.ts';
import { rowsOf } from '../../db/client.ts';
import { drainDelay, drainDeviceInbox } from './attendance.devices.ts';
import { checkInWithCode, record } from './attendance.service.ts';

let t: TestApp;
let organizer: Session;
let orgId: string;
let world: Awaited<ReturnType<typeof attendanceWorld>>;

beforeAll(async () => {
  world = await attendanceWorld('330114001001');
  ({ t, organizer, orgId } = world);
});
afterAll(() => t.close());

const activityNow = () => world.activityNow();
const person = (activity?: { activityId: string; positionId: string }) => world.person(activity);
const recordOf = (volunteerId: string) => world.recordOf(volunteerId);

describe('checking in with the activity’s code', () => {
  it('checks in and out with the 6 digits on the screen, opens and completes the record, and is idempotent', async () => {
    const act = await activityNow();
    const v = await person(act);
    const code = (await organizer.request({ url: `/api/attendance/activity-code/${act.activityId}` })).json();
    expect(code.digits).toMatch(/^\d{6}$/);
    const send = (body: object) => v.session.request({ method: 'POST', url: '/api/attendance/code', payload: body });
    const first = await send({ activityId: act.activityId, digits: code.digits, key: 'phone-key-0001' });
    expect(first.json()).toMatchObject({ kind: 'in', status: 'accepted', anomalies: [], duplicate: false });
    expect((await send({ activityId: act.activityId, digits: code.digits, key: 'phone-key-0001' })).json()).toMatchObject({
      id: first.json().id,
      duplicate: true,
    });
    expect(await recordOf(v.id)).toEqual([expect.objectContaining({ status: 'pending', check_out_at: null, channel: 'code' })]);
    const out = await send({ token: code.token, key: 'phone-key-0002' });
    expect(out.json()).toMatchObject({ kind: 'out', status: 'accepted' });
    const [r] = await recordOf(v.id);
    expect(r.check_out_at).not.toBeNull();
    expect(r.credit_hours).toBe(0); // a few seconds of service round to nothing
  });

  it('refuses an expired or made-up code with the reason', async () => {
    const act = await activityNow();
    const v = await person(act);
    const code = (await organizer.request({ url: `/api/attendance/activity-code/${act.activityId}` })).json();
    await expect(
      checkInWithCode(
        t.database.db,
        t.config,
        v.actor,
        { activityId: act.activityId, digits: code.digits },
        new Date(Date.now() + 5 * 60_000),
      ),
    ).rejects.toMatchObject({ messageKey: 'attendance.code_expired' });
    const wrong = await v.session.request({
      method: 'POST',
      url: '/api/attendance/code',
      payload: { token: `${code.token.slice(0, -2)}AA` },
    });
    expect(wrong.json().error.message).toBe('签到码无效');
  });
});

describe('anomalies are kept for review, not lost', () => {
  it('flags a check-in outside the geofence and one from someone not on the roster', async () => {
    const act = await activityNow();
    const onRoster = await person(act);
    const stranger = await person();
    const here = (s: Session, lat: number) =>
      s.request({ method: 'POST', url: '/api/attendance/here', payload: { activityId: act.activityId, lat, lng: HERE.lng } });
    expect((await here(onRoster.session, HERE.lat + 0.0005)).json()).toMatchObject({ status: 'accepted', anomalies: [] });
    expect((await here(onRoster.session, HERE.lat + 0.02)).json()).toMatchObject({ status: 'review', anomalies: ['outside_geofence'] });
    expect((await here(stranger.session, HERE.lat)).json()).toMatchObject({ status: 'review', anomalies: ['not_on_roster'] });
    const review = (await organizer.request({ url: `/api/attendance/review/${act.activityId}` })).json();
    expect(review.map((e: { anomalies: string[] }) => e.anomalies[0]).sort()).toEqual(['not_on_roster', 'outside_geofence']);
  });

  it('flags being checked in at two places at once', async () => {
    const [a, b] = [await activityNow(), await activityNow()];
    const v = await person(a);
    await t.database.db.execute(
      sql`insert into enrollments (position_id, activity_id, volunteer_id, status) values (${b.positionId}, ${b.activityId}, ${v.id}, 'accepted')`,
    );
    const at = (act: string) => v.session.request({ method: 'POST', url: '/api/attendance/here', payload: { activityId: act, ...HERE } });
    expect((await at(a.activityId)).json().status).toBe('accepted');
    expect((await at(b.activityId)).json()).toMatchObject({ status: 'review', anomalies: ['two_places'] });
  });
});

describe('e-cards, manual entries and devices', () => {
  it('lets the organizer scan a volunteer’s rotating e-card, and enter an event by hand with a reason', async () => {
    const act = await activityNow();
    const v = await person(act);
    await world.t.database.db.execute(sql`update volunteers set name = '王小明' where id = ${v.id}`);
    const card = (await v.session.request({ url: '/api/attendance/ecard' })).json();
    expect(card).toMatchObject({ volunteerNo: v.volunteerNo, token: expect.stringMatching(/^E\./) });
    const scanned = await organizer.request({
      method: 'POST',
      url: '/api/attendance/ecard',
      payload: { activityId: act.activityId, token: card.token },
    });
    // The person scanning sees whose card it was, the name masked.
    expect(scanned.json()).toMatchObject({ kind: 'in', status: 'accepted', volunteer: { name: '王*明', volunteerNo: v.volunteerNo } });
    const bare = await organizer.request({
      method: 'POST',
      url: '/api/attendance/manual',
      payload: { activityId: act.activityId, volunteerId: v.id, kind: 'out', at: new Date().toISOString(), reason: ' ' },
    });
    expect(bare.json().error.details[0].field).toBe('reason');
    const manual = await organizer.request({
      method: 'POST',
      url: '/api/attendance/manual',
      payload: { activityId: act.activityId, volunteerId: v.id, kind: 'out', at: new Date().toISOString(), reason: '手机没电，现场登记' },
    });
    expect(manual.json()).toMatchObject({ kind: 'out', status: 'accepted' });
  });

  it('names the event’s person to the station keeper who scans, a child’s name masked more, the same scan again its first person, and the key reused for another card refused', async () => {
    const act = await activityNow();
    const [station] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into stations (name, kind, area_code, address)
        values ('社区广场U站', 'u_station', '330114001001', '社区广场') returning id`),
    );
    await t.database.db.execute(sql`update activities set station_id = ${station.id} where id = ${act.activityId}`);
    const keeper = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'station_keeper', stationId: station.id }]));
    const [adult, child] = [await person(act), await person(act)];
    await t.database.db.execute(sql`update volunteers set name = '李大伟' where id = ${adult.id}`);
    await t.database.db.execute(
      sql`update volunteers set name = '赵小雨', birth_date = (now() at time zone 'Asia/Shanghai')::date - interval '10 years' where id = ${child.id}`,
    );
    const tokenOf = async (v: typeof adult) => (await v.session.request({ url: '/api/attendance/ecard' })).json().token as string;
    const scan = (token: string, key: string) =>
      keeper.request({ method: 'POST', url: '/api/attendance/ecard', payload: { activityId: act.activityId, token, key } });

    const firstToken = await tokenOf(adult);
    const first = (await scan(firstToken, 'keeper-scan-0001')).json();
    expect(first).toMatchObject({ kind: 'in', duplicate: false, volunteer: { name: '李*伟', volunteerNo: adult.volunteerNo } });
    // A keeper may not see a child's name: the child-masking of the volunteer lists.
    expect((await scan(await tokenOf(child), 'keeper-scan-0002')).json().volunteer).toEqual({
      name: '赵**',
      volunteerNo: child.volunteerNo,
    });
    // The same scan sent again answers the event it recorded, and names its person.
    const again = (await scan(firstToken, 'keeper-scan-0001')).json();
    expect(again).toMatchObject({ id: first.id, duplicate: true, volunteer: { name: '李*伟', volunteerNo: adult.volunteerNo } });
    // The key reused for another card is refused, naming nobody.
    const reused = await scan(await tokenOf(child), 'keeper-scan-0001');
    expect(reused.statusCode).toBe(409);
    expect(reused.body).not.toContain(adult.volunteerNo);
  });

  it('takes a device’s late, out-of-order, repeated batch once, flags future events, and refuses a revoked key', async () => {
    const act = await activityNow();
    const [a, b] = [await person(act), await person(act)];
    const device = (
      await organizer.request({
        method: 'POST',
        url: '/api/attendance/devices',
        payload: { name: '社区广场读卡器', organizationId: orgId },
      })
    ).json();
    expect(device.key).toMatch(/^vnd_/);
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const batch = [
      { id: 'e3', card: a.volunteerNo, at: ago(10), kind: 'out' },
      { id: 'e1', card: a.volunteerNo, at: ago(50), kind: 'in' },
      { id: 'e2', card: b.volunteerNo, at: ago(45) },
      { id: 'e4', card: 'V0000000000', at: ago(5) },
      { id: 'e5', card: b.volunteerNo, at: new Date(Date.now() + 60 * 60_000).toISOString() },
    ];
    const upload = (events: object[], key = device.key) =>
      t.app.inject({ method: 'POST', url: '/api/attendance/device-events', headers: { 'x-device-key': key }, payload: { events } });
    const first = await upload(batch);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().results).toEqual(batch.map((e) => ({ id: e.id, status: 'received' })));
    await drainDeviceInbox(t.database.db);
    const judged = rowsOf<{ event_key: string; kind: string; status: string; anomalies: string[] }>(
      await t.database.db.execute(sql`select event_key, kind, status, anomalies from attendance_events where device_id = ${device.id}`),
    );
    const byId = Object.fromEntries(judged.map((r) => [r.event_key.split(':').at(-1), r]));
    expect(byId.e1).toMatchObject({ kind: 'in', status: 'accepted' });
    expect(byId.e3).toMatchObject({ kind: 'out', status: 'accepted' });
    expect(byId.e2).toMatchObject({ kind: 'in', status: 'accepted' });
    expect(byId.e4).toMatchObject({ status: 'review', anomalies: expect.arrayContaining(['unknown_card']) });
    expect(byId.e5).toMatchObject({ status: 'review', anomalies: expect.arrayContaining(['future']) });
    const [rec] = await recordOf(a.id);
    expect(rec.credit_hours).toBe(0.5); // 40 minutes → 0.5 h by the default rule

    // Sent again after judging, and twice within one batch: each is written once.
    // One event, the same to the millisecond each time it is sent (two clock reads can differ by one,
    // and a reused id with other content is a conflict, not a repeat).
    const e6 = { id: 'e6', card: a.volunteerNo, at: ago(2) };
    const again = await upload([...batch.slice(0, 2), e6, e6]);
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual(['received', 'received', 'received', 'duplicate']);
    await drainDeviceInbox(t.database.db);
    await upload([e6]);
    await drainDeviceInbox(t.database.db);
    const [{ n }] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int n from attendance_events where device_id = ${device.id}`),
    );
    expect(n).toBe(6);
    const [{ waiting }] = rowsOf<{ waiting: number }>(await t.database.db.execute(sql`select count(*)::int waiting from device_inbox`));
    expect(waiting).toBe(0);

    expect((await organizer.request({ method: 'POST', url: `/api/attendance/devices/${device.id}/revoke` })).statusCode).toBe(204);
    const revoked = await upload([{ id: 'e9', card: a.volunteerNo, at: ago(1) }]);
    expect(revoked.statusCode).toBe(403);
    expect((await upload([{ id: 'e9', card: a.volunteerNo, at: ago(1) }], 'vnd_not-a-key')).statusCode).toBe(401);
  });
});

describe('judging a reader’s uploads', () => {
  it('waits for a pause in a burst of uploads, but never more than 10 s after its first', () => {
    expect(drainDelay(0, 0)).toBe(1_000);
    expect(drainDelay(0, 4_000)).toBe(1_000);
    expect(drainDelay(0, 9_600)).toBe(400);
    expect(drainDelay(0, 12_000)).toBe(0);
  });
});

describe('group commit', () => {
  it('commits 100 concurrent check-ins, each answered after commit, none lost', async () => {
    const act = await activityNow();
    const people = [];
    for (let i = 0; i < 100; i++) people.push(await person(act));
    const code = (await organizer.request({ url: `/api/attendance/activity-code/${act.activityId}` })).json();
    const results = await Promise.all(
      people.map((p, i) => checkInWithCode(t.database.db, t.config, p.actor, { token: code.token, key: `bulk-key-${i}` })),
    );
    expect(results.every((r) => r.status === 'accepted' && r.kind === 'in')).toBe(true);
    const [{ n }] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int n from attendance_events where activity_id = ${act.activityId}`),
    );
    expect(n).toBe(100);
  }, 60_000);

  it('judges one person’s concurrent check-ins in the order they came, each after the one before, beside another person’s', async () => {
    const act = await activityNow();
    const [a, b] = [await person(act), await person(act)];
    const start = Date.now() - 60_000;
    // Sent at once: without ordering per person, two batches would both see "not checked in".
    const sent = Array.from({ length: 12 }, (_, i) =>
      record(t.database.db, {
        eventKey: `order-${a.id}-${i}`,
        keyOwner: i % 3 === 2 ? b.id : a.id,
        activityId: act.activityId,
        volunteerId: i % 3 === 2 ? b.id : a.id,
        kind: 'toggle',
        at: new Date(start + i * 1000),
        channel: 'code',
      }),
    );
    const results = await Promise.all(sent);
    const kinds = (who: number) => results.filter((_, i) => (i % 3 === 2) === (who === 1)).map((r) => `${r.kind}:${r.status}`);
    expect(kinds(0)).toEqual(Array.from({ length: 8 }, (_, i) => `${i % 2 ? 'out' : 'in'}:accepted`));
    expect(kinds(1)).toEqual(Array.from({ length: 4 }, (_, i) => `${i % 2 ? 'out' : 'in'}:accepted`));
    expect((await recordOf(a.id))[0].check_out_at).not.toBeNull();
  });
});
