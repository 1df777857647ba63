import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, type Session, signIn } from '../../../test/factories.ts';
import { attendanceWorld, HERE } from '../../../test/worlds/attendance-world.ts';
import { rowsOf } from '../../db/client.ts';
import { drainDeviceInbox } from './attendance.devices.ts';

let w: Awaited<ReturnType<typeof attendanceWorld>>;
beforeAll(async () => {
  w = await attendanceWorld('330114002001');
});
afterAll(() => w.t.close());

const FAR = { lat: HERE.lat + 0.05, lng: HERE.lng };
const here = (session: Session, activityId: string, at = HERE) =>
  session.request({ method: 'POST', url: '/api/attendance/here', payload: { activityId, ...at } });
const queue = async (activityId?: string) =>
  (
    await w.organizer.request({ url: `/api/attendance/review?organizationId=${w.orgId}${activityId ? `&activityId=${activityId}` : ''}` })
  ).json();
const decide = (id: string, body: object) =>
  w.organizer.request({ method: 'POST', url: `/api/attendance/review/${id}/decision`, payload: body });

describe('events kept for review', () => {
  it('lists them with their anomalies; accepting a check-in from outside the geofence opens the record, and it counts', async () => {
    const act = await w.activityNow();
    const v = await w.person(act);
    const far = (await here(v.session, act.activityId, FAR)).json();
    expect(far).toMatchObject({ status: 'review', anomalies: ['outside_geofence'] });
    expect(await w.recordOf(v.id)).toEqual([]);

    const listed = await queue(act.activityId);
    expect(listed).toEqual([
      expect.objectContaining({
        id: far.id,
        volunteerName: expect.any(String),
        activityTitle: '社区巡查',
        anomalies: ['outside_geofence'],
      }),
    ]);
    const accepted = await decide(far.id, { accept: true, note: '停车场在围栏外，负责人确认在岗' });
    expect(accepted.json()).toEqual({ id: far.id, status: 'accepted' });
    expect(await w.recordOf(v.id)).toEqual([expect.objectContaining({ status: 'pending', channel: 'geofence' })]);
    expect(await queue(act.activityId)).toEqual([]);
    // Decided once: a second decision is refused, and the sheet shows the person checked in.
    expect((await decide(far.id, { accept: false, note: '改主意' })).statusCode).toBe(409);
    const sheet = (await w.organizer.request({ url: `/api/attendance/sheet/${act.activityId}` })).json();
    expect(sheet.people).toEqual([expect.objectContaining({ volunteerId: v.id, state: 'in', inReview: 0, recordStatus: 'pending' })]);

    const [audit] = rowsOf<{ action: string }>(
      await w.t.database.db.execute(sql`select action from audit_log where entity_id = ${far.id}`),
    );
    expect(audit.action).toBe('attendance.accept');
  });

  it('accepts a check-out kept for review: it closes the record with its credit hours', async () => {
    const act = await w.activityNow();
    const v = await w.person(act);
    await w.t.database.db.execute(sql`insert into attendance_events (event_key, key_owner, activity_id, volunteer_id, kind, at, channel, status)
      values (gen_random_uuid()::text, gen_random_uuid(), ${act.activityId}, ${v.id}, 'in', now() - interval '50 minutes', 'manual', 'accepted')`);
    await w.t.database.db.execute(sql`insert into service_records (volunteer_id, activity_id, enrollment_id, organization_id, activity_title, service_date, place, person_in_charge, channel, check_in_at)
      select ${v.id}, ${act.activityId}, e.id, ${w.orgId}, '社区巡查', current_date, '社区广场', '陈', 'manual', now() - interval '50 minutes'
      from enrollments e where e.volunteer_id = ${v.id}`);
    const out = (await here(v.session, act.activityId, FAR)).json();
    expect(out).toMatchObject({ kind: 'out', status: 'review' });
    expect((await decide(out.id, { accept: true })).statusCode).toBe(200);
    const [r] = await w.recordOf(v.id);
    expect(r.check_out_at).not.toBeNull();
    expect(r.credit_hours).toBe(1); // 50 minutes → 1 h by the default rule
  });

  it('refuses to accept what matches nobody on the roster; dismissing needs a note and keeps the event', async () => {
    const act = await w.activityNow();
    const stranger = await w.person();
    const event = (await here(stranger.session, act.activityId)).json();
    expect(event.anomalies).toContain('not_on_roster');
    const refused = await decide(event.id, { accept: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('名单');
    const bare = await decide(event.id, { accept: false, note: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details[0]).toMatchObject({ field: 'note', rule: 'required' });
    expect((await decide(event.id, { accept: false, note: '非本次活动志愿者' })).json()).toEqual({ id: event.id, status: 'dismissed' });
    const [kept] = rowsOf<{ status: string; decision_note: string }>(
      await w.t.database.db.execute(sql`select status, decision_note from attendance_events where id = ${event.id}`),
    );
    expect(kept).toEqual({ status: 'dismissed', decision_note: '非本次活动志愿者' });
    expect(await w.recordOf(stranger.id)).toEqual([]);
  });

  it('shows a card reader’s unmatched events to its organization only, and lists the organization’s devices', async () => {
    const device = (
      await w.organizer.request({
        method: 'POST',
        url: '/api/attendance/devices',
        payload: { name: '东门读卡器', organizationId: w.orgId },
      })
    ).json();
    const upload = await w.t.app.inject({
      method: 'POST',
      url: '/api/attendance/device-events',
      headers: { 'x-device-key': device.key },
      payload: { events: [{ id: 'lost-card-1', card: 'V9999999999', at: new Date().toISOString() }] },
    });
    expect(upload.json().results).toEqual([{ id: 'lost-card-1', status: 'received' }]);
    await drainDeviceInbox(w.t.database.db);
    const [result] = rowsOf<{ eventId: string; anomalies: string[] }>(
      await w.t.database.db.execute(
        sql`select id as "eventId", anomalies from attendance_events where event_key = ${`dev:${device.id}:lost-card-1`}`,
      ),
    );
    expect(result.anomalies).toEqual(expect.arrayContaining(['unknown_card', 'no_activity']));
    expect(await queue()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: result.eventId, deviceName: '东门读卡器', cardRef: 'V9999999999' })]),
    );

    const devices = (await w.organizer.request({ url: `/api/attendance/devices?organizationId=${w.orgId}` })).json();
    expect(devices).toEqual([
      expect.objectContaining({
        id: device.id,
        name: '东门读卡器',
        keyPrefix: device.key.slice(0, 8),
        status: 'active',
        lastEventAt: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(devices)).not.toContain(device.key);

    const otherOrg = await buildOrganization(w.t.database.db, w.t.config, { areaCode: '330114002' });
    const other = await signIn(w.t.app, await buildAccount(w.t.database.db, w.t.config, [{ role: 'org_admin', organizationId: otherOrg }]));
    expect((await other.request({ url: `/api/attendance/review?organizationId=${w.orgId}` })).statusCode).toBe(404);
    expect((await other.request({ url: `/api/attendance/devices?organizationId=${w.orgId}` })).statusCode).toBe(404);
    const theirs = await other.request({
      method: 'POST',
      url: `/api/attendance/review/${result.eventId}/decision`,
      payload: { accept: false, note: 'x' },
    });
    expect(theirs.statusCode).toBe(404);
  });
});
