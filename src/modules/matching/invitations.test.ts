import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ctx, enrollmentWorld } from '../../../test/worlds/enrollment-world.ts';
import { rowsOf } from '../../db/client.ts';
import { chinaInstant } from '../../domain/activities/schedule.ts';
import { chinaMinuteOfDay } from '../../domain/matching/reach.ts';
import { apply } from '../enrollment/index.ts';
import { sendInvitations } from './invitations.service.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof enrollmentWorld>>;
let otherOrganizer: Session;
const COMMUNITY = '330108001001';
// The factories put every area at (30.2, 120.1): the activity (no coordinates of its own) is measured from there.
const ORIGIN = { lat: 30.2, lng: 120.1 };
beforeAll(async () => {
  world = await enrollmentWorld(COMMUNITY);
  t = world.t;
  await buildArea(t.database.db, '330108003001');
  const otherOrg = await buildOrganization(t.database.db, t.config, { areaCode: '330108003' });
  otherOrganizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: otherOrg }]));
});
afterAll(() => t.close());

const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);

async function volunteerAt(dLatKm: number, skills: string[] = ['first_aid']) {
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY, profile: { skills: skills.map((code) => ({ code })) } });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  await exec(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  await exec(sql`update volunteer_reach set lat = ${ORIGIN.lat + dLatKm / 111.32}, lng = ${ORIGIN.lng} where volunteer_id = ${v.id}`);
  const actor = { accountId: account.id, displayName: '志愿者', grants: [{ role: 'volunteer' as const }] };
  return { id: v.id, actor, session: await signIn(t.app, account) };
}

/** When each volunteer's notice delivery job may start (pg-boss's start_after), by volunteer. */
async function deliveryJobs(volunteerIds: string[]) {
  const rows = rowsOf<{ volunteer_id: string; start_after: string }>(
    await exec(sql`select n.volunteer_id, j.start_after from pgboss.job j join notifications n on n.id = (j.data->>'id')::uuid
      where j.name = 'notice-deliver' and n.kind = 'invitation.received' and n.volunteer_id in ${volunteerIds}`),
  );
  return new Map(rows.map((r) => [r.volunteer_id, new Date(r.start_after)]));
}

const candidateIds = async (session: Session, positionId: string) => {
  const response = await session.request({ url: `/api/positions/${positionId}/invitation-candidates` });
  expect(response.statusCode).toBe(200);
  return response.json().volunteers.map((v: { volunteerId: string }) => v.volunteerId) as string[];
};

describe('targeted recruitment', () => {
  it('finds the nearest who qualify, never one opted out of invitations or holding a clashing shift', async () => {
    const { positionId, date } = await world.activity({ skills: ['first_aid'] });
    const near = await volunteerAt(0.3);
    const far = await volunteerAt(4);
    const optedOut = await volunteerAt(0.2);
    await exec(sql`update volunteer_reach set invitations_opt_in = false where volunteer_id = ${optedOut.id}`);
    const busy = await volunteerAt(0.1);
    const clash = await world.activity({}, ['08:00', '12:00'], date);
    await apply(t.database.db, ctx(busy.actor), clash.positionId);
    const noSkill = await volunteerAt(0.1, []);

    const ids = await candidateIds(world.organizer, positionId);
    expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(far.id));
    expect(ids.indexOf(near.id)).toBeGreaterThanOrEqual(0);
    for (const left of [optedOut.id, busy.id, noSkill.id]) expect(ids).not.toContain(left);
    expect((await otherOrganizer.request({ url: `/api/positions/${positionId}/invitation-candidates` })).statusCode).toBe(404);
  });

  it('sends invitations to the inbox, holds one in quiet hours until they end, skips the weekly cap and a second invitation', async () => {
    const { positionId } = await world.activity({ skills: ['driving'] });
    const [a, quiet, capped] = [await volunteerAt(1, ['driving']), await volunteerAt(1, ['driving']), await volunteerAt(1, ['driving'])];
    await exec(sql`update volunteer_reach set quiet_from = ${11 * 60}, quiet_to = ${13 * 60} where volunteer_id = ${quiet.id}`);
    await exec(sql`update volunteer_reach set weekly_invitation_cap = 0 where volunteer_id = ${capped.id}`);
    // The organizer's clock: noon of a day to come, inside the 11:00–13:00 quiet hours.
    const noon = chinaInstant('2030-03-04', '12:00');
    const result = await sendInvitations(t.database.db, ctx(world.organizerActor), positionId, [a.id, quiet.id, capped.id], noon);
    expect(result.sent.map((s) => s.volunteerId)).toEqual([a.id]);
    expect(result.held).toEqual([expect.objectContaining({ volunteerId: quiet.id, deliverAt: chinaInstant('2030-03-04', '13:00') })]);
    expect(result.held[0].text).toBe('处于免打扰时段，邀请已保存，将于 2030-03-04 13:00 送达');
    expect(result.skipped.map((s) => [s.volunteerId, s.reason])).toEqual([[capped.id, 'weeklyCap']]);
    expect(result.skipped[0].text).toBe('该志愿者本周收到的邀请已达上限（0 次）');

    // Stored, but not in their inbox or list before 13:00; its delivery job waits until then.
    const [stored] = rowsOf<{ status: string }>(await exec(sql`select status from invitations where id = ${result.held[0].invitationId}`));
    expect(stored.status).toBe('sent');
    expect((await quiet.session.request({ url: '/api/notices' })).json().items).toEqual([]);
    expect((await quiet.session.request({ url: '/api/invitations' })).json()).toEqual([]);
    const jobs = await deliveryJobs([a.id, quiet.id]);
    expect(jobs.get(quiet.id)?.getTime()).toBe(chinaInstant('2030-03-04', '13:00').getTime());
    expect(jobs.get(a.id)?.getTime()).toBeLessThanOrEqual(Date.now());

    const again = await world.organizer.request({
      method: 'POST',
      url: `/api/positions/${positionId}/invitations`,
      payload: { volunteerIds: [a.id, quiet.id] },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ sent: [], held: [] });
    expect(again.json().skipped.map((s: { reason: string }) => s.reason)).toEqual(['alreadyInvited', 'alreadyInvited']);

    const inbox = (await a.session.request({ url: '/api/notices' })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'invitation.received', params: { invitationId: result.sent[0].invitationId } });
    expect(inbox.items[0].text).toMatch(/邀请您参加“陪伴活动\d+”（陪伴员，2030-/);
  });

  it('delivers a held invitation once the quiet hours are over: in the inbox and the list, its job due', async () => {
    const { positionId } = await world.activity({ skills: ['driving'] });
    const quiet = await volunteerAt(1, ['driving']);
    // Sent ten minutes ago in quiet hours that ended five minutes ago (the real clock moved on since).
    const sentAt = new Date(Date.now() - 10 * 60_000);
    const minute = chinaMinuteOfDay(sentAt);
    await exec(sql`update volunteer_reach set quiet_from = ${(minute + 1435) % 1440}, quiet_to = ${(minute + 5) % 1440}
      where volunteer_id = ${quiet.id}`);
    const result = await sendInvitations(t.database.db, ctx(world.organizerActor), positionId, [quiet.id], sentAt);
    expect(result.sent).toEqual([]);
    expect(result.held).toHaveLength(1);
    expect(result.held[0].deliverAt.getTime()).toBeLessThan(Date.now());
    const inbox = (await quiet.session.request({ url: '/api/notices' })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'invitation.received', params: { invitationId: result.held[0].invitationId } });
    expect((await quiet.session.request({ url: '/api/invitations' })).json()[0]).toMatchObject({ id: result.held[0].invitationId });
    expect((await deliveryJobs([quiet.id])).get(quiet.id)?.getTime()).toBe(result.held[0].deliverAt.getTime());
  });

  it('accepting applies for the position (every rule applies); declining closes it; only once, only one’s own', async () => {
    const { positionId } = await world.activity({ skills: ['counseling'] });
    const [a, b] = [await volunteerAt(1, ['counseling']), await volunteerAt(2, ['counseling'])];
    const sent = await world.organizer.request({
      method: 'POST',
      url: `/api/positions/${positionId}/invitations`,
      payload: { volunteerIds: [a.id, b.id] },
    });
    const [ia, ib] = sent.json().sent.map((s: { invitationId: string }) => s.invitationId);
    const respond = (s: Session, id: string, response: string) =>
      s.request({ method: 'POST', url: `/api/invitations/${id}/response`, payload: { response } });

    expect((await respond(b.session, ia, 'accept')).statusCode).toBe(404);
    const accepted = await respond(a.session, ia, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', enrollment: { status: 'accepted' } });
    const [row] = rowsOf<{ status: string }>(
      await exec(sql`select status from enrollments where position_id = ${positionId} and volunteer_id = ${a.id}`),
    );
    expect(row.status).toBe('accepted');
    expect((await respond(a.session, ia, 'decline')).statusCode).toBe(409);
    expect((await respond(b.session, ib, 'decline')).json().status).toBe('declined');
    const mine = (await a.session.request({ url: '/api/invitations' })).json();
    expect(mine[0]).toMatchObject({ id: ia, status: 'accepted', positionName: '陪伴员' });
  });

  it('leaves the invitation open when the enrollment rules refuse, and says why', async () => {
    const { positionId } = await world.activity({ skills: ['tutoring'], insuranceRequired: true });
    const a = await volunteerAt(1, ['tutoring']);
    const sent = await world.organizer.request({
      method: 'POST',
      url: `/api/positions/${positionId}/invitations`,
      payload: { volunteerIds: [a.id] },
    });
    const id = sent.json().sent[0].invitationId;
    const refused = await a.session.request({ method: 'POST', url: `/api/invitations/${id}/response`, payload: { response: 'accept' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.map((d: { rule: string }) => d.rule)).toContain('insurance');
    const [row] = rowsOf<{ status: string }>(await exec(sql`select status from invitations where id = ${id}`));
    expect(row.status).toBe('sent');
  });
});
