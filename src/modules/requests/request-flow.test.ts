import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { daysAhead, details, mondayAfter, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { enrollments, requestAssignments, requestEvents, serviceRequests, volunteerReach } from '../../db/schema.ts';
import { escalateOverdue } from './escalation.ts';

type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
beforeAll(async () => {
  w = await requestsWorld();
});
afterAll(() => w.t.close());

let day = 20;
/** A triaged request on a day of its own (so one test's shifts never meet another's working-time limits). */
const triaged = (extra: Record<string, unknown> = {}) => w.triaged(day++, extra);
const get = (as: { request: World['community']['request'] }, id: string) => as.request({ url: `/api/requests/${id}` });

describe('triage and assignment', () => {
  it('hands a request only to an active organization covering its area', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const r = await w.raise(w.community, {
      beneficiaryId: b.id,
      categoryCode: 'companionship',
      channel: 'walk_in',
      windowStart: daysAhead(2).toISOString(),
      windowEnd: daysAhead(2, 11).toISOString(),
    });
    const far = await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.farOrgId });
    expect(far.statusCode).toBe(400);
    expect(details(far)).toEqual(['organizationId:covers']);
    // The organization cannot triage; the office can.
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'triage', organizationId: w.orgId })).statusCode).toBe(404);
    const done = await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId, urgency: 'urgent' });
    expect(done.json()).toMatchObject({ status: 'triaged', organizationName: '文新助老服务队', urgency: 'urgent' });
    expect((await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId })).statusCode).toBe(422);
  });

  it('an assigned request becomes a shift: one demand project per organization, an activity at the masked place, accepted enrollments', async () => {
    const [a, b2, c] = [await w.volunteer(), await w.volunteer(), await w.volunteer()];
    const { r } = await triaged();
    const tooMany = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [a.id, b2.id, c.id] });
    expect(details(tooMany)).toEqual(['volunteerIds:headcount']);
    const response = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [a.id, b2.id] });
    expect(response.statusCode, response.body).toBe(200);
    const shown = response.json();
    expect(shown.status).toBe('assigned');
    expect(shown.assignments.map((x: { volunteerId: string }) => x.volunteerId).sort()).toEqual([a.id, b2.id].sort());
    const [row] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, r.id));
    const [activity] = rowsOf<{ title: string; address: string; project_id: string; status: string; starts_at: Date }>(
      await w.db.execute(
        sql`select a.title, a.address, a.project_id, p.status, a.starts_at from activities a join projects p on p.id = a.project_id where a.id = ${row.activityId}`,
      ),
    );
    expect(activity).toMatchObject({ title: `助洁 ${r.requestNo}`, address: r.placeMasked, status: 'running' });
    expect(new Date(activity.starts_at).toISOString()).toBe(r.windowStart);
    const placed = await w.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.activityId, row.activityId as string));
    expect(placed.map((e) => e.status)).toEqual(['accepted', 'accepted']);
    const assignments = await w.db.select().from(requestAssignments).where(eq(requestAssignments.requestId, r.id));
    expect(assignments.every((x) => x.via === 'assigned' && x.enrollmentId)).toBe(true);
    // A second request of the organization goes under the same project.
    const second = await triaged();
    await w.stepOn(w.orgAdmin, second.r.id, { action: 'assign', volunteerIds: [c.id] });
    const [other] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, second.r.id));
    const [p2] = rowsOf<{ project_id: string }>(await w.db.execute(sql`select project_id from activities where id = ${other.activityId}`));
    expect(p2.project_id).toBe(activity.project_id);
  });

  it('a volunteer beyond their working-time limits is a clear error naming them', async () => {
    const v = await w.volunteer();
    const first = await triaged();
    await w.stepOn(w.orgAdmin, first.r.id, { action: 'assign', volunteerIds: [v.id] });
    // Another request in the same hours: the shifts overlap.
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const r = await w.raise(w.community, {
      beneficiaryId: b.id,
      categoryCode: 'companionship',
      channel: 'walk_in',
      windowStart: daysAhead(first.day, 10).toISOString(),
      windowEnd: daysAhead(first.day, 12).toISOString(),
    });
    await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId });
    const response = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [v.id] });
    expect(response.statusCode).toBe(422);
    expect(details(response)).toEqual(['volunteerIds:overlap']);
    const [row] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, r.id));
    expect(row).toMatchObject({ status: 'triaged', activityId: null });
  });
});

describe('the over-service guard at assignment', () => {
  it('a week that went over since the request was raised needs a reason to assign, audited', async () => {
    // Monday to Wednesday of one China week, after every other test's days.
    const monday = mondayAfter(day);
    day = monday + 7;
    const { first } = await w.overServedWeek(monday);
    const v = await w.volunteer();
    const refused = await w.stepOn(w.community, first.id, { action: 'assign', volunteerIds: [v.id] });
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['guardOverrideReason:serviceGuard']);
    const ok = await w.stepOn(w.community, first.id, { action: 'assign', volunteerIds: [v.id], guardOverrideReason: '老人行动不便需加派' });
    expect(ok.statusCode, ok.body).toBe(200);
    const audit = rowsOf<{ n: number }>(
      await w.db.execute(sql`select count(*)::int n from audit_log where entity_id = ${first.id} and action = 'request.overrideGuard'`),
    )[0].n;
    expect(audit).toBe(1);
  });
});

describe('what a volunteer sees (条例 Art 21)', () => {
  it('masked before assignment, the full place and phone while serving, only category and date after', async () => {
    const v = await w.volunteer();
    const stranger = await w.volunteer();
    const { r, b } = await triaged();
    expect((await get(v.session, r.id)).statusCode).toBe(404);
    await w.stepOn(w.orgAdmin, r.id, { action: 'publish' });
    const published = (await get(v.session, r.id)).json();
    expect(published).toMatchObject({
      place: null,
      placeMasked: r.placeMasked,
      beneficiary: { name: '李*爷', phone: null },
      mayActions: ['take'],
    });
    expect(published.placeMasked).not.toMatch(/\d/);
    await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [v.id] });
    const serving = (await get(v.session, r.id)).json();
    expect(serving).toMatchObject({ place: b.address, beneficiary: { name: '李大爷', phone: '13800001234' } });
    expect((await get(stranger.session, r.id)).json()).toMatchObject({ place: null, beneficiary: { name: '李*爷', phone: null } });
    expect((await get(w.orgAdmin, r.id)).json()).toMatchObject({ place: b.address });
    await w.stepOn(w.orgAdmin, r.id, { action: 'start' });
    await w.stepOn(w.orgAdmin, r.id, { action: 'done' });
    const after = (await get(v.session, r.id)).json();
    expect(after).toMatchObject({ place: null, placeMasked: null, beneficiary: null, notes: '', categoryCode: 'cleaning' });
    expect((await get(w.orgAdmin, r.id)).json()).toMatchObject({ place: null });
  });
});

describe('taking, rating, cancelling', () => {
  it('a volunteer takes published requests up to their weekly limit', async () => {
    const v = await w.volunteer();
    await w.db
      .insert(volunteerReach)
      .values({ volunteerId: v.id, weeklyTakeCap: 1 })
      .onConflictDoUpdate({ target: volunteerReach.volunteerId, set: { weeklyTakeCap: 1 } });
    const first = await triaged();
    const second = await triaged();
    expect((await v.session.request({ method: 'POST', url: `/api/requests/${first.r.id}/take` })).statusCode).toBe(404);
    for (const x of [first, second]) await w.stepOn(w.community, x.r.id, { action: 'publish' });
    const taken = await v.session.request({ method: 'POST', url: `/api/requests/${first.r.id}/take` });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'assigned', place: first.b.address });
    const refused = await v.session.request({ method: 'POST', url: `/api/requests/${second.r.id}/take` });
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['weeklyTakeCap:max']);
    expect(refused.json().error.message).toContain('1');
  });

  it('the resident rates a done request; a low rating reaches the office list', async () => {
    const b = w.residentBeneficiary;
    const r = await w.raise(w.resident, {
      beneficiaryId: b.id,
      categoryCode: 'micro_wish',
      channel: 'app',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day++, 10).toISOString(),
    });
    const v = await w.volunteer();
    await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId });
    await w.stepOn(w.community, r.id, { action: 'assign', volunteerIds: [v.id] });
    const early = await w.resident.request({ method: 'POST', url: `/api/requests/${r.id}/rating`, payload: { rating: 5 } });
    expect(early.statusCode).toBe(422);
    await w.stepOn(w.orgAdmin, r.id, { action: 'done' });
    const rated = await w.resident.request({
      method: 'POST',
      url: `/api/requests/${r.id}/rating`,
      payload: { rating: 2, comment: '来晚了' },
    });
    expect(rated.json()).toMatchObject({ status: 'rated', rating: 2, ratingComment: '来晚了' });
    const kinds = (await w.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id))).map((e) => e.kind);
    expect(kinds).toContain('low_rating');
    const low = (await w.community.request({ url: '/api/requests?lowRated=true' })).json();
    expect(low.items.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect((await w.otherCommunity.request({ url: '/api/requests?lowRated=true' })).json().total).toBe(0);
    const mine = (await w.resident.request({ url: '/api/requests?mine=true' })).json();
    expect(mine.items.every((x: { beneficiary: { id: string } }) => x.beneficiary.id === b.id)).toBe(true);
  });

  it("an assigned request's shift is neither listed nor open to applications; cancelling the request ends it and tells its volunteers", async () => {
    const [serving, stranger] = [await w.volunteer(), await w.volunteer()];
    const { r } = await triaged();
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [serving.id] })).statusCode).toBe(200);
    const [row] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, r.id));
    const listed = (await stranger.session.request({ url: '/api/enrollments/opportunities?pageSize=200' })).json();
    expect(JSON.stringify(listed)).not.toContain(r.requestNo);
    const joined = await stranger.session.request({ method: 'POST', url: '/api/enrollments', payload: { positionId: row.positionId } });
    expect(joined.statusCode).toBe(404);

    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).json()).toMatchObject({ status: 'cancelled' });
    const [shift] = rowsOf<{ status: string }>(await w.db.execute(sql`select status from activities where id = ${row.activityId}`));
    expect(shift.status).toBe('cancelled');
    const placed = await w.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.activityId, row.activityId as string));
    expect(placed.map((e) => e.status)).toEqual(['cancelled']);
    const [told] = rowsOf<{ n: number }>(
      await w.db.execute(
        sql`select count(*)::int as n from notifications where volunteer_id = ${serving.id} and kind = 'activity.cancelled'`,
      ),
    );
    expect(told.n).toBe(1);
  });

  it('cancelling needs a reason', async () => {
    const { r } = await triaged();
    expect(details(await w.stepOn(w.community, r.id, { action: 'cancel', reason: ' ' }))).toEqual(['reason:required']);
    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).json()).toMatchObject({ status: 'cancelled' });
  });
});

describe('escalation', () => {
  it('an overdue request climbs one office level a step, with new due times; the list shows it', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const r = await w.raise(w.community, {
      beneficiaryId: b.id,
      categoryCode: 'counseling',
      channel: 'walk_in',
      urgency: 'critical',
      windowStart: daysAhead(1).toISOString(),
      windowEnd: daysAhead(1, 10).toISOString(),
    });
    const created = new Date(r.createdAt);
    expect(await escalateOverdue(w.db, new Date(created.getTime() + 14 * 60_000))).toBe(0);
    // critical: 15 minutes to triage.
    const late = new Date(created.getTime() + 16 * 60_000);
    expect(await escalateOverdue(w.db, late)).toBeGreaterThanOrEqual(1);
    const [row] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, r.id));
    expect(row).toMatchObject({ escalationLevel: 1, escalatedAt: late });
    expect(row.triageDueAt.getTime()).toBe(late.getTime() + 15 * 60_000);
    await escalateOverdue(w.db, new Date(late.getTime() + 60_000));
    expect((await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, r.id)))[0].escalationLevel).toBe(1);
    const list = (await w.street.request({ url: '/api/requests?escalated=true' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(list.items.find((x: { id: string }) => x.id === r.id)).toMatchObject({ escalationLevel: 1 });
    const events = await w.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id));
    expect(events.find((e) => e.kind === 'escalated')?.params).toMatchObject({ level: 1, office: 'street', step: 'triage' });
  });
});
