import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
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
