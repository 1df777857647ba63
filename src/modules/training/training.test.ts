import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let organizer: Session;
let outsider: Session;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330109001' });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const other = await buildOrganization(t.database.db, t.config, { areaCode: '330109002' });
  outsider = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: other }]));
});
afterAll(() => t.close());

describe('training', () => {
  it('records completions by volunteer number, once, by the course’s organizer only', async () => {
    const course = await organizer.request({
      method: 'POST',
      url: '/api/training/courses',
      payload: { name: '急救培训', durationHours: 4, organizationId: orgId },
    });
    expect(course.statusCode, course.body).toBe(201);
    const id = course.json().id;
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: '330109001001' });
    const record = (session: Session, volunteerNo: string) =>
      session.request({
        method: 'POST',
        url: `/api/training/courses/${id}/completions`,
        payload: { volunteerNo, completedOn: '2026-11-01', certificateNo: 'RC-1' },
      });
    expect((await record(organizer, v.volunteerNo)).json()).toMatchObject({ recorded: true });
    expect((await record(organizer, v.volunteerNo)).json()).toMatchObject({ recorded: false });
    expect((await record(outsider, v.volunteerNo)).statusCode).toBe(404);
    const missing = await record(organizer, 'V0000000000');
    expect(missing.json().error.details[0]).toMatchObject({ field: 'volunteerNo', rule: 'exists' });
    const future = await organizer.request({
      method: 'POST',
      url: `/api/training/courses/${id}/completions`,
      payload: { volunteerNo: v.volunteerNo, completedOn: '2099-01-01' },
    });
    expect(future.json().error.details[0]).toMatchObject({ field: 'completedOn', rule: 'not_future' });
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const mine = (await (await signIn(t.app, account)).request({ url: '/api/training/completions/mine' })).json();
    expect(mine).toEqual([expect.objectContaining({ name: '急救培训', completedOn: '2026-11-01', certificateNo: 'RC-1' })]);
    const list = (await organizer.request({ url: `/api/training/courses/${id}/completions` })).json();
    expect(list).toEqual([
      { volunteerId: v.id, volunteerNo: v.volunteerNo, name: expect.any(String), completedOn: '2026-11-01', certificateNo: 'RC-1' },
    ]);
  });
});

describe('insurance', () => {
  it('files group policies for one’s organization and personal ones for oneself, refusing a reversed period', async () => {
    const group = await organizer.request({
      method: 'POST',
      url: '/api/training/policies',
      payload: { kind: 'group', organizationId: orgId, insurer: '人保财险', policyNo: 'G-1', startsOn: '2026-01-01', endsOn: '2026-12-31' },
    });
    expect(group.statusCode, group.body).toBe(201);
    const foreign = await outsider.request({
      method: 'POST',
      url: '/api/training/policies',
      payload: { kind: 'group', organizationId: orgId, insurer: 'x', policyNo: 'x', startsOn: '2026-01-01', endsOn: '2026-12-31' },
    });
    expect(foreign.statusCode).toBe(404);
    const reversed = await organizer.request({
      method: 'POST',
      url: '/api/training/policies',
      payload: { kind: 'group', organizationId: orgId, insurer: 'x', policyNo: 'x', startsOn: '2026-12-31', endsOn: '2026-01-01' },
    });
    expect(reversed.json().error.details[0]).toMatchObject({ field: 'endsOn', rule: 'after_start' });

    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: '330109001001' });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const me = await signIn(t.app, account);
    const own = await me.request({
      method: 'POST',
      url: '/api/training/policies',
      payload: {
        kind: 'personal',
        insurer: '平安',
        policyNo: 'P-9',
        startsOn: '2026-06-01',
        endsOn: '2027-05-31',
        coverage: '意外伤害 30 万',
      },
    });
    expect(own.json()).toMatchObject({ kind: 'personal', volunteerId: v.id, organizationId: null });
    expect((await me.request({ url: '/api/training/policies' })).json().map((p: { policyNo: string }) => p.policyNo)).toEqual(['P-9']);
    expect(
      (await organizer.request({ url: `/api/training/policies?organizationId=${orgId}` }))
        .json()
        .map((p: { policyNo: string }) => p.policyNo),
    ).toEqual(['G-1']);
  });
});

describe('office courses', () => {
  it('belong to the office’s area: another district’s office can neither see nor add to them', async () => {
    const street = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'street_admin', areaCode: '330109001' }]));
    const elsewhere = await signIn(
      t.app,
      await buildAccount(t.database.db, t.config, [{ role: 'community_admin', areaCode: '330110001001' }]),
    );
    const course = await street.request({
      method: 'POST',
      url: '/api/training/courses',
      payload: { name: '垃圾分类指导员', durationHours: 2, organizerName: '清波街道' },
    });
    expect(course.statusCode, course.body).toBe(201);
    const id = course.json().id;
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: '330109001001' });
    const record = (s: Session) =>
      s.request({
        method: 'POST',
        url: `/api/training/courses/${id}/completions`,
        payload: { volunteerNo: v.volunteerNo, completedOn: '2026-11-02' },
      });
    expect((await record(street)).statusCode).toBe(201);
    expect((await elsewhere.request({ url: `/api/training/courses/${id}/completions` })).statusCode).toBe(404);
    expect((await record(elsewhere)).statusCode).toBe(404);
  });
});
