import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ctx, enrollmentWorld } from '../../../test/worlds/enrollment-world.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import { todayInChina } from '../../platform/clock.ts';
import { sendInvitations } from './invitations.service.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof enrollmentWorld>>;
let city: Session;
const COMMUNITY = '330108001001';
beforeAll(async () => {
  world = await enrollmentWorld(COMMUNITY);
  t = world.t;
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
});
afterAll(() => t.close());

async function volunteer() {
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY, profile: { skills: [{ code: 'driving' }] } });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  return { id: v.id, session: await signIn(t.app, account) };
}

const reach = {
  lat: null,
  lng: null,
  requestsOptIn: true,
  emergencyOptIn: false,
  invitationsOptIn: true,
  quietFrom: null,
  quietTo: null,
  weeklyInvitationCap: 3,
  weeklyTakeCap: 3,
};
const save = (me: { session: Session }, body: Partial<typeof reach>) =>
  me.session.request({ method: 'PUT', url: '/api/volunteers/me/reach', payload: { ...reach, ...body } });
const setCityCaps = (weeklyTakeCap: number, weeklyInvitationCap: number) =>
  city.request({ method: 'PUT', url: '/api/settings/volunteer-caps', payload: { weeklyTakeCap, weeklyInvitationCap } });

describe('the weekly caps a volunteer sets', () => {
  it('may be lowered but not raised past the city’s, naming the field and the city’s limit', async () => {
    const me = await volunteer();
    const above = await save(me, { weeklyTakeCap: 50, weeklyInvitationCap: 4 });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details).toEqual([
      { field: 'weeklyTakeCap', rule: 'max', message: '不能超过全市上限 3（可以设得更低）' },
      { field: 'weeklyInvitationCap', rule: 'max', message: '不能超过全市上限 3（可以设得更低）' },
    ]);
    const lower = await save(me, { weeklyTakeCap: 1, weeklyInvitationCap: 0 });
    expect(lower.statusCode, lower.body).toBe(200);
    expect(lower.json()).toMatchObject({ weeklyTakeCap: 1, weeklyInvitationCap: 0 });
  });

  it('hold only below the city’s: a city lowering its caps lowers everyone’s, and invitations stop at it', async () => {
    const [me, other] = [await volunteer(), await volunteer()];
    expect((await save(me, {})).statusCode).toBe(200);
    expect((await setCityCaps(2, 1)).statusCode).toBe(200);
    try {
      // What I read is what holds, so saving it back is allowed.
      const mine = await me.session.request({ url: '/api/volunteers/me/reach' });
      expect(mine.json()).toMatchObject({ weeklyTakeCap: 2, weeklyInvitationCap: 1 });
      // The page shows the city's limits beside the fields.
      const { home: _home, cityCaps, ...back } = mine.json();
      expect(cityCaps).toEqual({ weeklyTakeCap: 2, weeklyInvitationCap: 1 });
      expect((await save(me, back)).statusCode).toBe(200);

      const noon = chinaInstant(todayInChina(), '12:00');
      const first = await world.activity({ skills: ['driving'] });
      const second = await world.activity({ skills: ['driving'] });
      const sent = await sendInvitations(t.database.db, ctx(world.organizerActor), first.positionId, [me.id, other.id], noon);
      expect(sent.sent).toHaveLength(2);
      const again = await sendInvitations(t.database.db, ctx(world.organizerActor), second.positionId, [me.id, other.id], noon);
      expect(again.sent).toEqual([]);
      expect(again.skipped.map((s) => [s.reason, s.text])).toEqual([
        ['weeklyCap', '该志愿者本周收到的邀请已达上限（1 次）'],
        ['weeklyCap', '该志愿者本周收到的邀请已达上限（1 次）'],
      ]);
    } finally {
      await setCityCaps(3, 3);
    }
  });
});
