import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { enrollmentWorld } from '../../../test/worlds/enrollment-world.ts';
import { rowsOf } from '../../db/client.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import { availabilityBit } from '../../domain/volunteers/registration.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof enrollmentWorld>>;
let district: Session;
let otherDistrict: Session;
// A community of its own, so the other tests' volunteers (at the world's community) are not near.
const COMMUNITY = '330108002003';
// The factories put every area at (30.2, 120.1).
const ORIGIN = { lat: 30.2, lng: 120.1 };
beforeAll(async () => {
  world = await enrollmentWorld('330108001001');
  t = world.t;
  await buildArea(t.database.db, COMMUNITY);
  district = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330108' }]));
  otherDistrict = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330106' }]));
});
afterAll(() => t.close());

const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);

/** A volunteer at (lat + dLat) with a sign-in, skills and availability. */
async function volunteerAt(dLatKm: number, options: { skills?: string[]; availability?: number; name?: string } = {}) {
  const v = await buildVolunteer(t.database.db, t.config, {
    areaCode: COMMUNITY,
    name: options.name,
    profile: { skills: (options.skills ?? []).map((code) => ({ code })) },
  });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  await exec(sql`update volunteers set account_id = ${account.id}, availability = ${options.availability ?? 0} where id = ${v.id}`);
  await exec(sql`update volunteer_reach set lat = ${ORIGIN.lat + dLatKm / 111.32}, lng = ${ORIGIN.lng} where volunteer_id = ${v.id}`);
  return { ...v, accountId: account.id, session: await signIn(t.app, account) };
}

async function serviceRequest(extra: { skills?: string[]; published?: boolean } = {}) {
  const [b] = rowsOf<{ id: string }>(
    await exec(sql`insert into beneficiaries (name, kind, area_code, address_cipher, address_masked, consent_at, consent_by)
      values ('王阿婆', 'elderly_alone', ${COMMUNITY}, 'sealed', '德加社区 3 幢', now(), 'self') returning id`),
  );
  const no = `XQ${Date.now()}${Math.floor(Math.random() * 1000)}`;
  // Saturday 2030-01-05, 09:00–11:00 China time.
  const [r] = rowsOf<{ id: string }>(
    await exec(sql`insert into service_requests (request_no, beneficiary_id, category_code, area_code, window_start, window_end,
        skills, channel, status, triage_due_at, assign_due_at, published_at)
      values (${no}, ${b.id}, 'elderly_care', ${COMMUNITY}, ${chinaInstant('2030-01-05', '09:00')}, ${chinaInstant('2030-01-05', '11:00')},
        ${`{${(extra.skills ?? []).join(',')}}`}::text[], 'hotline', 'triaged', now(), now(), ${extra.published ? new Date() : null})
      returning id`),
  );
  return r.id;
}

describe('my reach', () => {
  it('starts at my home community and saves a position, quiet hours and caps', async () => {
    const me = await volunteerAt(0);
    await exec(sql`update volunteer_reach set lat = null, lng = null where volunteer_id = ${me.id}`);
    const start = await me.session.request({ url: '/api/volunteers/me/reach' });
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({
      lat: null,
      home: { areaCode: COMMUNITY, lat: ORIGIN.lat },
      invitationsOptIn: true,
      quietFrom: null,
    });
    const body = {
      lat: 30.31,
      lng: 120.21,
      requestsOptIn: true,
      emergencyOptIn: true,
      invitationsOptIn: false,
      quietFrom: '22:00',
      quietTo: '07:30',
      weeklyInvitationCap: 2,
      weeklyTakeCap: 1,
    };
    const saved = await me.session.request({ method: 'PUT', url: '/api/volunteers/me/reach', payload: body });
    expect(saved.statusCode).toBe(200);
    expect((await me.session.request({ url: '/api/volunteers/me/reach' })).json()).toMatchObject(body);
    const [row] = rowsOf<{ x: number; y: number }>(
      await exec(sql`select pos[0] as x, pos[1] as y from volunteer_reach where volunteer_id = ${me.id}`),
    );
    expect(row).toEqual({ x: 120.21, y: 30.31 });
  });

  it('names the missing half of a position or of quiet hours', async () => {
    const me = await volunteerAt(0);
    const base = {
      lat: 30.3,
      lng: 120.2,
      requestsOptIn: true,
      emergencyOptIn: false,
      invitationsOptIn: true,
      quietFrom: null,
      quietTo: null,
      weeklyInvitationCap: 3,
      weeklyTakeCap: 3,
    };
    const noLng = await me.session.request({ method: 'PUT', url: '/api/volunteers/me/reach', payload: { ...base, lng: null } });
    expect(noLng.statusCode).toBe(400);
    expect(noLng.json().error.details[0]).toMatchObject({ field: 'lng', rule: 'required' });
    const halfQuiet = await me.session.request({
      method: 'PUT',
      url: '/api/volunteers/me/reach',
      payload: { ...base, quietFrom: '22:00' },
    });
    expect(halfQuiet.json().error.details[0]).toMatchObject({ field: 'quietTo', rule: 'required' });
  });
});

describe('suggestions for a request', () => {
  it('ranks nearer volunteers with the skill first, leaves out those opted out or without the skill, and says why', async () => {
    const near = await volunteerAt(1, { skills: ['first_aid'], availability: availabilityBit(5, 'morning') });
    const far = await volunteerAt(6, { skills: ['first_aid'] });
    const noSkill = await volunteerAt(0.5);
    const optedOut = await volunteerAt(0.5, { skills: ['first_aid'] });
    await exec(sql`update volunteer_reach set requests_opt_in = false where volunteer_id = ${optedOut.id}`);
    const id = await serviceRequest({ skills: ['first_aid'] });

    const response = await district.request({ url: `/api/requests/${id}/suggestions` });
    expect(response.statusCode).toBe(200);
    const { volunteers, organizations, stations } = response.json();
    const ids = volunteers.map((v: { volunteerId: string }) => v.volunteerId);
    expect(ids.slice(0, 2)).toEqual([near.id, far.id]);
    expect(ids).not.toContain(noSkill.id);
    expect(ids).not.toContain(optedOut.id);
    expect(volunteers[0].distanceKm).toBe(1);
    expect(volunteers[0].reasons.map((r: { text: string }) => r.text)).toEqual(
      expect.arrayContaining(['距离约 1 公里', '该时段通常有空', '具备所需技能：急救']),
    );
    expect(Array.isArray(organizations) && Array.isArray(stations)).toBe(true);

    const english = await district.request({ url: `/api/requests/${id}/suggestions`, headers: { 'x-volunet-language': 'en-US' } });
    expect(english.json().volunteers[0].reasons[0].text).toBe('About 1 km away');
  });

  it('gives those assigned often lately a rest: fairness lowers their place', async () => {
    const busy = await volunteerAt(1, { skills: ['fire_safety'] });
    const rested = await volunteerAt(2, { skills: ['fire_safety'] });
    for (let i = 0; i < 4; i++) {
      const past = await serviceRequest();
      await exec(sql`insert into request_assignments (request_id, volunteer_id, via) values (${past}, ${busy.id}, 'assigned')`);
    }
    const id = await serviceRequest({ skills: ['fire_safety'] });
    const { volunteers } = (await district.request({ url: `/api/requests/${id}/suggestions` })).json();
    expect(volunteers.map((v: { volunteerId: string }) => v.volunteerId)).toEqual([rested.id, busy.id]);
    expect(volunteers[1].reasons.map((r: { code: string }) => r.code)).toContain('recentlyAssigned');
  });

  it('is not shown outside the office’s area (404 as if missing)', async () => {
    const id = await serviceRequest();
    expect((await otherDistrict.request({ url: `/api/requests/${id}/suggestions` })).statusCode).toBe(404);
  });
});

describe('requests nearby', () => {
  it('lists published requests near me whose skills I have, nearest first', async () => {
    const me = await volunteerAt(0, { skills: ['tutoring'] });
    const mine = await serviceRequest({ skills: ['tutoring'], published: true });
    const notPublished = await serviceRequest({ skills: ['tutoring'] });
    const otherSkill = await serviceRequest({ skills: ['driving'], published: true });
    const response = await me.session.request({ url: '/api/requests/nearby?radiusKm=3' });
    expect(response.statusCode).toBe(200);
    const ids = response.json().map((r: { id: string }) => r.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(notPublished);
    expect(ids).not.toContain(otherSkill);
  });

  it('never gives away where the person lives: distances from the community centre, by half kilometres', async () => {
    const me = await volunteerAt(1.3, { skills: ['tutoring'] });
    const a = await serviceRequest({ skills: ['tutoring'], published: true });
    const b = await serviceRequest({ skills: ['tutoring'], published: true });
    // Two homes of the same community, 300 m and 700 m from where the volunteer stands.
    await exec(sql`update service_requests set lat = ${ORIGIN.lat + 1.0 / 111.32}, lng = ${ORIGIN.lng} where id = ${a}`);
    await exec(sql`update service_requests set lat = ${ORIGIN.lat + 0.6 / 111.32}, lng = ${ORIGIN.lng} where id = ${b}`);
    const listed = (await me.session.request({ url: '/api/requests/nearby?radiusKm=3' })).json() as { id: string; km: number }[];
    const km = (id: string) => listed.find((r) => r.id === id)?.km;
    expect(km(a)).toBeDefined();
    expect(km(a)).toBe(km(b));
    expect(((km(a) as number) * 2) % 1).toBe(0);
  });
});
