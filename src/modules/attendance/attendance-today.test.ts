import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceWorld } from '../../../test/worlds/attendance-world.ts';

let world: Awaited<ReturnType<typeof attendanceWorld>>;

beforeAll(async () => {
  world = await attendanceWorld('330114001002');
});
afterAll(() => world.t.close());

describe('my activities of today (GET /api/attendance/today)', () => {
  it('lists the activities I am accepted on today with their methods and where I stand, and nothing of other days', async () => {
    const now = await world.activityNow();
    const v = await world.person(now);
    const later = await world.activityNow();
    await world.t.database.db.execute(
      sql`update activities set starts_at = now() + interval '3 days', ends_at = now() + interval '3 days 2 hours' where id = ${later.activityId}`,
    );
    await world.t.database.db.execute(sql`insert into enrollments (position_id, activity_id, volunteer_id, status)
      values (${later.positionId}, ${later.activityId}, ${v.id}, 'accepted')`);
    const list = async () => (await v.session.request({ url: '/api/attendance/today' })).json();

    const before = await list();
    expect(before).toEqual([
      expect.objectContaining({
        activityId: now.activityId,
        positionName: '巡查员',
        checkinMethods: expect.arrayContaining(['code', 'geofence']),
        geofenceMeters: 200,
        state: 'none',
        lastAt: null,
      }),
    ]);

    const code = (await world.organizer.request({ url: `/api/attendance/activity-code/${now.activityId}` })).json();
    await v.session.request({ method: 'POST', url: '/api/attendance/code', payload: { activityId: now.activityId, digits: code.digits } });
    expect(await list()).toEqual([expect.objectContaining({ activityId: now.activityId, state: 'in', lastAt: expect.any(String) })]);
  });

  it('leaves out applications that were not accepted, and answers an empty list to an account without a volunteer', async () => {
    const act = await world.activityNow();
    const v = await world.person();
    await world.t.database.db.execute(sql`insert into enrollments (position_id, activity_id, volunteer_id, status)
      values (${act.positionId}, ${act.activityId}, ${v.id}, 'applied')`);
    expect((await v.session.request({ url: '/api/attendance/today' })).json()).toEqual([]);
    const response = await world.organizer.request({ url: '/api/attendance/today' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
