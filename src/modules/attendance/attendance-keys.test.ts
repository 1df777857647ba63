import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { attendanceWorld, HERE } from '../../../test/worlds/attendance-world.ts';
import { rowsOf } from '../../db/client.ts';
import { CODE_TRIES, CODE_TRY_WINDOW_MS } from '../../domain/attendance/code-throttle.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { drainDeviceInbox } from './attendance.devices.ts';
import { activityCode, checkInWithCode } from './attendance.service.ts';

/**
 * Idempotency keys belong to whoever sends them: a volunteer's to the volunteer, a reader's to
 * the reader, a scan's to the person scanning. Nobody's key reaches anyone else's event.
 */

let t: TestApp;
let organizer: Session;
let orgId: string;
let world: Awaited<ReturnType<typeof attendanceWorld>>;

beforeAll(async () => {
  world = await attendanceWorld('330114002001');
  ({ t, organizer, orgId } = world);
});
afterAll(() => t.close());

const codeOf = async (activityId: string) =>
  (await organizer.request({ url: `/api/attendance/activity-code/${activityId}` })).json() as { digits: string; token: string };
const sendCode = (s: Session, body: object) => s.request({ method: 'POST', url: '/api/attendance/code', payload: body });
const eventsOf = async (volunteerId: string) =>
  rowsOf<{ id: string; kind: string }>(
    await t.database.db.execute(sql`select id::text, kind from attendance_events where volunteer_id = ${volunteerId}`),
  );

describe('a volunteer’s key is their own', () => {
  it('records B’s check-in when B sends the key A used, and never shows B A’s event', async () => {
    const act = await world.activityNow();
    const [a, b] = [await world.person(act), await world.person(act)];
    const code = await codeOf(act.activityId);
    const body = { token: code.token, key: 'shared-key-0001' };
    const mine = (await sendCode(a.session, body)).json();
    expect(mine).toMatchObject({ kind: 'in', status: 'accepted', duplicate: false });

    const theirs = await sendCode(b.session, body);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json()).toMatchObject({ kind: 'in', status: 'accepted', duplicate: false });
    expect(theirs.body).not.toContain(mine.id);
    expect(await eventsOf(b.id)).toEqual([{ id: theirs.json().id, kind: 'in' }]);
    expect(await eventsOf(a.id)).toEqual([{ id: mine.id, kind: 'in' }]);
    // Each sending the key again is answered with their own event.
    expect((await sendCode(b.session, body)).json()).toMatchObject({ id: theirs.json().id, duplicate: true });
    expect((await sendCode(a.session, body)).json()).toMatchObject({ id: mine.id, duplicate: true });
  });

  it('answers a replay with the same content as the first event, and refuses the key with other content (409 naming it)', async () => {
    const [act, other] = [await world.activityNow(), await world.activityNow()];
    const v = await world.person(act);
    const code = await codeOf(act.activityId);
    const first = (await sendCode(v.session, { token: code.token, kind: 'in', key: 'replay-key-0001' })).json();
    expect(first).toMatchObject({ kind: 'in', duplicate: false });
    expect((await sendCode(v.session, { token: code.token, kind: 'in', key: 'replay-key-0001' })).json()).toMatchObject({
      id: first.id,
      kind: 'in',
      duplicate: true,
    });
    const otherKind = await sendCode(v.session, { token: code.token, kind: 'out', key: 'replay-key-0001' });
    expect(otherKind.statusCode).toBe(409);
    expect(otherKind.json().error).toMatchObject({ code: 'CONFLICT' });
    expect(otherKind.json().error.message).toContain('replay-key-0001');
    const otherCode = await sendCode(v.session, { token: (await codeOf(other.activityId)).token, kind: 'in', key: 'replay-key-0001' });
    expect(otherCode.statusCode).toBe(409);
    const here = (lat: number) =>
      v.session.request({
        method: 'POST',
        url: '/api/attendance/here',
        payload: { activityId: act.activityId, lat, lng: HERE.lng, key: 'here-key-0001' },
      });
    const geo = (await here(HERE.lat)).json();
    expect((await here(HERE.lat)).json()).toMatchObject({ id: geo.id, duplicate: true });
    expect((await here(HERE.lat + 0.001)).statusCode).toBe(409);
    expect(await eventsOf(v.id)).toHaveLength(2);
  });

  it('keeps a scanner’s keys to the scanner: another card under the same key is a conflict, the same scan a repeat', async () => {
    const act = await world.activityNow();
    const [a, b] = [await world.person(act), await world.person(act)];
    const tokenOf = async (s: Session) => (await s.request({ url: '/api/attendance/ecard' })).json().token as string;
    const scan = (token: string) =>
      organizer.request({
        method: 'POST',
        url: '/api/attendance/ecard',
        payload: { activityId: act.activityId, token, key: 'scan-key-0001' },
      });
    const tokenA = await tokenOf(a.session);
    const first = (await scan(tokenA)).json();
    expect(first).toMatchObject({ duplicate: false, volunteer: { volunteerNo: a.volunteerNo } });
    expect((await scan(tokenA)).json()).toMatchObject({ id: first.id, duplicate: true, volunteer: { volunteerNo: a.volunteerNo } });
    const other = await scan(await tokenOf(b.session));
    expect(other.statusCode).toBe(409);
    expect(other.body).not.toContain(first.id);
    expect(other.body).not.toContain(a.volunteerNo);
    // A volunteer using the scanner's key on their own check-in records their own event.
    const own = (await sendCode(a.session, { token: (await codeOf(act.activityId)).token, key: 'scan-key-0001' })).json();
    expect(own).toMatchObject({ duplicate: false, kind: 'out' });
  });
});

describe('a reader’s keys are its own', () => {
  it('stores the same event id from two readers as two events', async () => {
    const act = await world.activityNow();
    const [a, b] = [await world.person(act), await world.person(act)];
    const register = async (name: string) =>
      (await organizer.request({ method: 'POST', url: '/api/attendance/devices', payload: { name, organizationId: orgId } })).json();
    const [one, two] = [await register('东门读卡器'), await register('西门读卡器')];
    const upload = (key: string, events: object[]) =>
      t.app.inject({ method: 'POST', url: '/api/attendance/device-events', headers: { 'x-device-key': key }, payload: { events } });
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    expect((await upload(one.key, [{ id: 'evt-1', card: a.volunteerNo, at }])).json().results).toEqual([
      { id: 'evt-1', status: 'received' },
    ]);
    expect((await upload(two.key, [{ id: 'evt-1', card: b.volunteerNo, at }])).json().results).toEqual([
      { id: 'evt-1', status: 'received' },
    ]);
    await drainDeviceInbox(t.database.db);
    expect(await eventsOf(a.id)).toHaveLength(1);
    expect(await eventsOf(b.id)).toHaveLength(1);
    // The same id again from one reader with other content, while the first waits or once judged, is not a second event.
    const later = new Date(Date.now() - 60_000).toISOString();
    const resent = (await upload(one.key, [{ id: 'evt-1', card: a.volunteerNo, at: later }])).json();
    expect(resent.results).toHaveLength(1);
    await drainDeviceInbox(t.database.db);
    expect(await eventsOf(a.id)).toHaveLength(1);
    expect((await upload(one.key, [{ id: 'evt-2', card: a.volunteerNo, at: later, kind: 'out' }])).json().results[0].status).toBe(
      'received',
    );
    expect((await upload(one.key, [{ id: 'evt-2', card: a.volunteerNo, at: later, kind: 'out' }])).json().results[0].status).toBe(
      'duplicate',
    );
    expect((await upload(one.key, [{ id: 'evt-2', card: b.volunteerNo, at: later, kind: 'out' }])).json().results[0].status).toBe(
      'conflict',
    );
    await drainDeviceInbox(t.database.db);
    expect(await eventsOf(a.id)).toHaveLength(2);
    expect(await eventsOf(b.id)).toHaveLength(1);
  });
});

describe('wrong 6-digit codes are throttled per person', () => {
  const wrongDigits = (right: string) => String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');

  it(`refuses a person after ${CODE_TRIES} wrong codes with 429 and Retry-After, a right code too, until the window passes`, async () => {
    const act = await world.activityNow();
    const [guesser, neighbour] = [await world.person(act), await world.person(act)];
    const code = await codeOf(act.activityId);
    const wrong = { activityId: act.activityId, digits: wrongDigits(code.digits) };
    for (let i = 0; i < CODE_TRIES; i++) {
      const r = await sendCode(guesser.session, wrong);
      expect(r.statusCode, `attempt ${i + 1}`).toBe(422);
    }
    const limited = await sendCode(guesser.session, wrong);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(CODE_TRY_WINDOW_MS / 1000);
    // While throttled, even the right code is refused: otherwise guessing would go on unseen.
    const right = await sendCode(guesser.session, { activityId: act.activityId, digits: (await codeOf(act.activityId)).digits });
    expect(right.statusCode).toBe(429);
    // The scanned QR code cannot be guessed and still works.
    expect((await sendCode(guesser.session, { token: (await codeOf(act.activityId)).token })).statusCode).toBe(200);

    // Someone else is not affected.
    expect((await sendCode(neighbour.session, wrong)).statusCode).toBe(422);
    const theirs = await sendCode(neighbour.session, { activityId: act.activityId, digits: (await codeOf(act.activityId)).digits });
    expect(theirs.statusCode, theirs.body).toBe(200);

    // Once the window has passed, the person may try again.
    const later = new Date(Date.now() + CODE_TRY_WINDOW_MS + 1_000);
    const admin: Actor = { accountId: randomUUID(), displayName: 'o', grants: [{ role: 'org_admin', organizationId: orgId }] };
    const fresh = await activityCode(t.database.db, t.config, admin, act.activityId, later);
    await expect(
      checkInWithCode(t.database.db, t.config, guesser.actor, { activityId: act.activityId, digits: fresh.digits, kind: 'out' }, later),
    ).resolves.toMatchObject({ kind: 'out', duplicate: false });
  });

  it('counts a burst of parallel guesses as they arrive: no more than the limit are checked', async () => {
    const act = await world.activityNow();
    const v = await world.person(act);
    const wrong = { activityId: act.activityId, digits: wrongDigits((await codeOf(act.activityId)).digits) };
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => sendCode(v.session, wrong)))).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 422)).toHaveLength(CODE_TRIES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - CODE_TRIES);
  });

  it('does not count right codes, and does not throttle the organizer’s manual entries', async () => {
    const act = await world.activityNow();
    const v = await world.person(act);
    for (let i = 0; i < CODE_TRIES + 2; i++) {
      const digits = (await codeOf(act.activityId)).digits;
      const r = await sendCode(v.session, { activityId: act.activityId, digits, key: `right-key-${i}-000` });
      expect(r.statusCode, r.body).toBe(200);
    }
    const entered = await organizer.request({
      method: 'POST',
      url: '/api/attendance/manual',
      payload: { activityId: act.activityId, volunteerId: v.id, kind: 'out', at: new Date().toISOString(), reason: '补录' },
    });
    expect(entered.statusCode).toBe(200);
  });
});
