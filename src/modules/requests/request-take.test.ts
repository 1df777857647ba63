import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { buildAccount, buildVolunteer, signIn } from '../../../test/factories.ts';
import { daysAhead, details, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { volunteerReach } from '../../db/schema.ts';

type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
beforeAll(async () => {
  w = await requestsWorld();
});
afterAll(() => w.t.close());

let day = 40;
/** A published request of 李大爷 on a day of its own, triaged to the organization for two volunteers. */
const published = async (extra: Record<string, unknown> = {}) => (await w.triaged(day++, extra, { publish: true })).r;
/** A volunteer's reach row (their own position, opt-ins, caps), created or changed. */
async function setReach(volunteerId: string, values: Partial<typeof volunteerReach.$inferInsert>) {
  await w.db
    .insert(volunteerReach)
    .values({ volunteerId, ...values })
    .onConflictDoUpdate({ target: volunteerReach.volunteerId, set: values });
}
const take = (v: { session: World['community'] }, id: string) => v.session.request({ method: 'POST', url: `/api/requests/${id}/take` });

describe('a published request seen by a volunteer not on it', () => {
  it('shows neither the free-text notes nor who serves it; the volunteer on it sees both', async () => {
    const [serving, stranger] = [await w.volunteer(), await w.volunteer()];
    const r = await published({ notes: '门口有狗，钥匙在隔壁张阿姨家' });
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [serving.id] })).statusCode).toBe(200);
    const seen = await stranger.session.request({ url: `/api/requests/${r.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ notes: '', assignments: [], mayActions: ['take'] });
    expect(seen.body).not.toContain('张阿姨');
    const mine = (await serving.session.request({ url: `/api/requests/${r.id}` })).json();
    expect(mine.notes).toBe('门口有狗，钥匙在隔壁张阿姨家');
    expect(mine.assignments.map((a: { volunteerId: string }) => a.volunteerId)).toEqual([serving.id]);
  });
});

describe('taking a published request', () => {
  it('is refused to a volunteer who opted out of requests, naming the rule', async () => {
    const v = await w.volunteer();
    await w.db
      .insert(volunteerReach)
      .values({ volunteerId: v.id, requestsOptIn: false })
      .onConflictDoUpdate({ target: volunteerReach.volunteerId, set: { requestsOptIn: false } });
    const r = await published();
    const refused = await take(v, r.id);
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['requestsOptIn:optIn']);
    await w.db.update(volunteerReach).set({ requestsOptIn: true }).where(sql`volunteer_id = ${v.id}`);
    expect((await take(v, r.id)).statusCode).toBe(200);
  });

  it("is refused to a volunteer who lacks the request's skills, naming them", async () => {
    const v = await w.volunteer();
    const r = await published({ skills: ['first_aid'] });
    const refused = await take(v, r.id);
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['skills:held']);
    expect(refused.json().error.message).toContain('first_aid');
    await w.db.execute(sql`update volunteers set skills = '[{"code":"first_aid"}]'::jsonb where id = ${v.id}`);
    expect((await take(v, r.id)).statusCode).toBe(200);
  });

  it("blocked by the over-service guard, tells the volunteer the person's masked name only", async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '李大爷' });
    // Monday to Wednesday of one China week of its own.
    let d = day + 7;
    while (new Date(daysAhead(d).getTime() + 8 * 3600_000).getUTCDay() !== 1) d++;
    day = d + 7;
    const on = (offset: number) => ({
      windowStart: daysAhead(d + offset, 9).toISOString(),
      windowEnd: daysAhead(d + offset, 10).toISOString(),
    });
    const base = { beneficiaryId: b.id, categoryCode: 'foot_wash', channel: 'walk_in' };
    const first = await w.raise(w.community, { ...base, ...on(0) });
    await w.raise(w.community, { ...base, ...on(1) });
    await w.raise(w.community, { ...base, ...on(2), guardOverrideReason: '家属要求加一次' });
    await w.stepOn(w.community, first.id, { action: 'triage', organizationId: w.orgId });
    await w.stepOn(w.community, first.id, { action: 'publish' });
    const refused = await take(await w.volunteer(), first.id);
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['guardOverrideReason:serviceGuard']);
    expect(refused.body).not.toContain('李大爷');
    expect(refused.json().error.message).toContain('李*爷');
    // The office still reads the full name.
    const office = await w.stepOn(w.community, first.id, { action: 'assign', volunteerIds: [(await w.volunteer()).id] });
    expect(office.json().error.message).toContain('李大爷');
  });
});

describe('the weekly take cap', () => {
  it('is counted one take at a time: four parallel takes by a volunteer with a cap of 1 → exactly one', async () => {
    const v = await w.volunteer();
    await setReach(v.id, { weeklyTakeCap: 1 });
    const requests = [await published(), await published(), await published(), await published()];
    const answers = await Promise.all(requests.map((r) => take(v, r.id)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 422, 422, 422]);
    for (const refused of answers.filter((a) => a.statusCode === 422)) expect(details(refused)).toEqual(['weeklyTakeCap:max']);
  });

  it("is the city's when the volunteer's own is higher", async () => {
    const v = await w.volunteer();
    await setReach(v.id, { weeklyTakeCap: 3 });
    const [first, second] = [await published(), await published()];
    const city = await signIn(w.t.app, await buildAccount(w.db, w.t.config, [{ role: 'city_admin', areaCode: '3301' }]));
    const setCaps = (weeklyTakeCap: number) =>
      city.request({ method: 'PUT', url: '/api/settings/volunteer-caps', payload: { weeklyTakeCap, weeklyInvitationCap: 3 } });
    expect((await setCaps(1)).statusCode).toBe(200);
    try {
      expect((await take(v, first.id)).statusCode).toBe(200);
      const refused = await take(v, second.id);
      expect(refused.statusCode).toBe(422);
      expect(details(refused)).toEqual(['weeklyTakeCap:max']);
      expect(refused.json().error.message).toContain('最多自行接单 1 次');
    } finally {
      await setCaps(3);
    }
  });
});

describe('how far a volunteer may take a request from', () => {
  it('refuses a request beyond the widest radius of the nearby list, naming the distance', async () => {
    const v = await w.volunteer();
    // About 33 km north of the community's centre (30.2, 120.1).
    await setReach(v.id, { lat: 30.5, lng: 120.1 });
    const r = await published();
    const refused = await take(v, r.id);
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['distance:radius']);
    expect(refused.json().error.message).toBe('该需求距您约 33.5 公里，超出可自行接单的 20 公里范围');
    // From home (no position of their own: their community's centre) it is right there.
    await setReach(v.id, { lat: null, lng: null });
    expect((await take(v, r.id)).statusCode).toBe(200);
  });
});

describe('the nearby list (条例 Art 21)', () => {
  it('shows what the task needs and not the notes about the person', async () => {
    const v = await w.volunteer();
    const r = await published({ notes: '门口有狗，钥匙在隔壁张阿姨家' });
    const listed = await v.session.request({ url: '/api/requests/nearby?radiusKm=2' });
    expect(listed.statusCode).toBe(200);
    const item = listed.json().find((x: { id: string }) => x.id === r.id);
    expect(item).toMatchObject({ categoryCode: 'cleaning', headcount: 2, km: 0.5 });
    expect(Object.keys(item)).not.toContain('notes');
    expect(listed.body).not.toContain('张阿姨');
  });

  it('keeps a request with places left after its first volunteer takes one, and drops it once full', async () => {
    const [first, second, third] = [await w.volunteer(), await w.volunteer(), await w.volunteer()];
    const r = await published();
    const listed = async (v: typeof first) =>
      (await v.session.request({ url: '/api/requests/nearby?radiusKm=2' })).json().some((x: { id: string }) => x.id === r.id);
    expect((await take(first, r.id)).statusCode).toBe(200);
    expect(await listed(first)).toBe(false);
    expect(await listed(second)).toBe(true);
    expect((await take(second, r.id)).statusCode).toBe(200);
    expect(await listed(third)).toBe(false);
  });
});

describe('whom an office or an organization may assign', () => {
  /** A volunteer of no organization; everyone has a reach row, opted in to requests unless they turned it off. */
  const stranger = async (areaCode: string, optIn: boolean) => {
    const v = await buildVolunteer(w.db, w.t.config, { areaCode });
    await setReach(v.id, { requestsOptIn: optIn });
    return v;
  };

  it('lets the organization assign its members and volunteers who opted in to requests, no one else', async () => {
    const r = await published();
    const [notOptedIn, alsoNot] = [await stranger(w.COMMUNITY, false), await stranger('330106002001', false)];
    const refused = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [notOptedIn.id, alsoNot.id] });
    expect(refused.statusCode).toBe(400);
    expect(details(refused)).toEqual(['volunteerIds:member']);
    expect(refused.json().error.message).toContain(notOptedIn.volunteerNo);
    expect(refused.json().error.message).toContain(alsoNot.volunteerNo);
    const [member, optedIn] = [await w.volunteer(), await stranger('330106002001', true)];
    const assigned = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [member.id, optedIn.id] });
    expect(assigned.statusCode, assigned.body).toBe(200);
  });

  it("lets an office assign those of its area who opted in, and the handling organization's members", async () => {
    const r = await published();
    const elsewhere = await stranger('330106002001', true);
    const refused = await w.stepOn(w.community, r.id, { action: 'assign', volunteerIds: [elsewhere.id] });
    expect(refused.statusCode).toBe(400);
    expect(details(refused)).toEqual(['volunteerIds:member']);
    expect(refused.json().error.message).toContain(elsewhere.volunteerNo);
    const memberElsewhere = await buildVolunteer(w.db, w.t.config, { areaCode: '330106002001', organizationId: w.orgId });
    const local = await stranger(w.COMMUNITY, true);
    const assigned = await w.stepOn(w.community, r.id, { action: 'assign', volunteerIds: [memberElsewhere.id, local.id] });
    expect(assigned.statusCode, assigned.body).toBe(200);
  });
});
