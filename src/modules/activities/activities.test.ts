import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ctx, enrollmentWorld } from '../../../test/worlds/enrollment-world.ts';
import { rowsOf } from '../../db/client.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { apply, findActivities } from '../enrollment/index.ts';
import { createActivities, type PositionInput } from './activities.service.ts';

let t: TestApp;
let orgId: string;
let organizer: Session;
let organizerActor: Actor;
let projectId: string;
let volunteerActor: Awaited<ReturnType<typeof enrollmentWorld>>['volunteerActor'];
const COMMUNITY = '330108002001';
beforeAll(async () => {
  ({ t, orgId, organizer, organizerActor, projectId, volunteerActor } = await enrollmentWorld(COMMUNITY));
});
afterAll(() => t.close());

describe('activities over HTTP', () => {
  it('makes a 12-week Saturday series, moves all future ones, and tells who applied', async () => {
    const res = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId,
        title: '周六读报',
        address: '社区图书角',
        series: { from: '2031-03-01', weekdays: [6], startTime: '09:00', endTime: '11:00', weeks: 12 },
        positions: [{ name: '读报员', headcount: 3 }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { ids } = res.json() as { ids: string[] };
    expect(ids).toHaveLength(12);
    const v = await volunteerActor();
    const [pos] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from positions where activity_id = ${ids[5]}`));
    await apply(t.database.db, ctx(v.actor), pos.id);

    const moved = await organizer.request({
      method: 'PATCH',
      url: `/api/activities/${ids[4]}?scope=future`,
      payload: { startTime: '14:00', endTime: '16:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const times = rowsOf<{ t: string }>(
      await t.database.db.execute(
        sql`select to_char(starts_at at time zone 'Asia/Shanghai', 'HH24:MI') t from activities where id = any(${sql.param(ids)}::uuid[]) order by starts_at`,
      ),
    ).map((r) => r.t);
    expect(times).toEqual([...Array(4).fill('09:00'), ...Array(8).fill('14:00')]);
    const notices = rowsOf<{ kind: string }>(
      await t.database.db.execute(sql`select kind from notifications where volunteer_id = ${v.volunteerId}`),
    );
    expect(notices.map((n) => n.kind)).toContain('activity.changed');

    const cancelled = await organizer.request({ method: 'POST', url: `/api/activities/${ids[5]}/cancel`, payload: { reason: '场地维修' } });
    expect(cancelled.json().status).toBe('cancelled');
    const [e] = rowsOf<{ status: string; reason: string }>(
      await t.database.db.execute(sql`select status, reason from enrollments where volunteer_id = ${v.volunteerId}`),
    );
    expect(e).toEqual({ status: 'cancelled', reason: '场地维修' });
  });

  it('refuses reversed times, no places, and requirements no one could meet, by field', async () => {
    const bad = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId,
        title: '坏数据',
        address: '某地',
        startsAt: '2031-05-01T10:00:00+08:00',
        endsAt: '2031-05-01T09:00:00+08:00',
        positions: [{ name: 'x', headcount: 2, minAge: 30, maxAge: 20, skills: ['flying'] }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual([
      'endsAt:after_start',
      'positions.0.skills:exists',
      'positions.0.maxAge:min_max',
    ]);
    const zero = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId,
        title: 'x',
        address: 'y',
        startsAt: '2031-05-01T09:00:00+08:00',
        endsAt: '2031-05-01T10:00:00+08:00',
        positions: [{ name: 'x', headcount: 0 }],
      },
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details[0].field).toBe('positions.0.headcount');
  });

  it('refuses a series that starts in the past, and keeps positions in the order given', async () => {
    const past = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId,
        title: 'x',
        address: 'y',
        series: { from: '2020-01-01', weekdays: [6], startTime: '09:00', endTime: '10:00', weeks: 2 },
        positions: [{ name: 'x', headcount: 1 }],
      },
    });
    expect(past.json().error.details[0]).toMatchObject({ field: 'series.from', rule: 'future' });
    const made = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId,
        title: '顺序',
        address: 'y',
        startsAt: '2031-07-01T09:00:00+08:00',
        endsAt: '2031-07-01T10:00:00+08:00',
        positions: [
          { name: '陪伴员', headcount: 1 },
          { name: '司机', headcount: 1 },
          { name: '摄影', headcount: 1 },
        ],
      },
    });
    const detail = (await organizer.request({ url: `/api/activities/${made.json().ids[0]}` })).json();
    expect(detail.positions.map((p: { name: string }) => p.name)).toEqual(['陪伴员', '司机', '摄影']);
  });

  it('plans activities only once the project is approved', async () => {
    const [draft] = rowsOf<{ id: string }>(
      await t.database.db.execute(
        sql`insert into projects (organization_id, title, category_code, area_code) values (${orgId}, '草稿项目', 'elderly', ${COMMUNITY}) returning id`,
      ),
    );
    const res = await organizer.request({
      method: 'POST',
      url: '/api/activities',
      payload: {
        projectId: draft.id,
        title: 'x',
        address: 'y',
        startsAt: '2031-05-01T09:00:00+08:00',
        endsAt: '2031-05-01T10:00:00+08:00',
        positions: [{ name: 'x', headcount: 1 }],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('草稿');
  });

  it('finds activities nearest first, by category and skill, and only those I may join when asked', async () => {
    const on = '2032-06-05';
    const make = async (title: string, lat: number, lng: number, position: Partial<PositionInput>) =>
      createActivities(t.database.db, ctx(organizerActor), {
        projectId,
        title,
        address: title,
        lat,
        lng,
        startsAt: chinaInstant(on, '09:00'),
        endsAt: chinaInstant(on, '10:00'),
        positions: [{ name: '岗位', headcount: 5, ...position }],
      });
    await make('近处活动', 30.25, 120.16, {});
    await make('远处活动', 30.5, 120.5, {});
    await make('要急救技能', 30.26, 120.16, { skills: ['first_aid'] });
    const v = await volunteerActor();
    const session = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    const query = 'from=2032-06-01&to=2032-06-10&near=here&lat=30.25&lng=120.16';
    const all = (await session.request({ url: `/api/enrollments/opportunities?${query}` })).json() as {
      title: string;
      distanceKm: number;
      free: number;
    }[];
    expect(all.map((a) => a.title)).toEqual(['近处活动', '要急救技能', '远处活动']);
    expect(all[0].distanceKm).toBeLessThan(0.01);
    expect(all[2].distanceKm).toBeGreaterThan(40);
    expect(all[0].free).toBe(5);
    const within = (await session.request({ url: `/api/enrollments/opportunities?${query}&radiusKm=5` })).json();
    expect(within).toHaveLength(2);
    const bySkill = (await session.request({ url: `/api/enrollments/opportunities?${query}&skill=first_aid` })).json();
    expect(bySkill.map((a: { title: string }) => a.title)).toEqual(['要急救技能']);

    // "I am eligible": the volunteer lacks first aid, so that activity drops out.
    const mine = await findActivities(t.database.db, ctx(v.actor), {
      from: new Date('2032-06-01'),
      to: new Date('2032-06-10'),
      eligibleOnly: true,
      page: 1,
      pageSize: 10,
    });
    expect(mine.map((a) => a.title).sort()).toEqual(['近处活动', '远处活动']);
  });
});
