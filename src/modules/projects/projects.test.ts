import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { appendLedger } from '../records/index.ts';

let t: TestApp;
let organizer: Session;
let street: Session;
let otherStreet: Session;
let volunteer: Session;
let city: Session;
let orgId: string;
const STREET = '330105002';
const COMMUNITY = `${STREET}001`;
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, COMMUNITY);
  await buildArea(t.database.db, '330105003001');
  orgId = await buildOrganization(t.database.db, t.config, { areaCode: STREET });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  street = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'street_admin', areaCode: STREET }]));
  otherStreet = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'street_admin', areaCode: '330105003' }]));
  volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
});
afterAll(() => t.close());

let serial = 0;
const draft = (overrides: Record<string, unknown> = {}) => ({
  organizationId: orgId,
  title: `银龄陪伴计划${++serial}`,
  categoryCode: 'elderly',
  areaCode: COMMUNITY,
  description: '<p>每周六上午上门陪伴独居老人</p>',
  beneficiaries: '社区独居老人',
  riskLevel: 'low',
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await organizer.request({ method: 'POST', url: '/api/projects', payload: draft(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; actions: string[] };
}

const step = (session: Session, id: string, action: string, note?: string) =>
  session.request({ method: 'POST', url: `/api/projects/${id}/transitions`, payload: { action, note } });

describe('project lifecycle', () => {
  it('goes from draft to evaluated; each step by whom it belongs to, each kept in the timeline', async () => {
    const p = await create();
    expect(p).toMatchObject({ status: 'draft', actions: ['submit'] });
    // Not public yet: a volunteer cannot see it.
    expect((await volunteer.request({ url: `/api/projects/${p.id}` })).statusCode).toBe(404);

    expect((await step(organizer, p.id, 'submit')).json()).toMatchObject({ status: 'submitted', actions: [] });
    // The organizer cannot approve its own project; an office of another street cannot see it.
    expect((await step(organizer, p.id, 'approve')).statusCode).toBe(404);
    expect((await step(otherStreet, p.id, 'approve')).statusCode).toBe(404);
    const seen = (await street.request({ url: `/api/projects/${p.id}` })).json();
    expect(seen.actions).toEqual(['approve', 'reject']);
    expect((await step(street, p.id, 'approve')).json()).toMatchObject({ status: 'approved' });
    for (const [action, status] of [
      ['recruit', 'recruiting'],
      ['start', 'running'],
      ['close', 'closed'],
    ] as const) {
      expect((await step(organizer, p.id, action)).json()).toMatchObject({ status });
    }
    expect((await step(organizer, p.id, 'evaluate')).statusCode).toBe(400);
    const done = (await step(organizer, p.id, 'evaluate', '服务 48 人次')).json();
    expect(done).toMatchObject({ status: 'evaluated', evaluationSummary: '服务 48 人次', actions: [] });
    expect(done.events.map((e: { action: string; toStatus: string }) => `${e.action}:${e.toStatus}`)).toEqual([
      'create:draft',
      'submit:submitted',
      'approve:approved',
      'recruit:recruiting',
      'start:running',
      'close:closed',
      'evaluate:evaluated',
    ]);
    expect(done.events[2].actorLabel).not.toBe(done.events[1].actorLabel);

    // Public now: volunteers see it, read-only.
    const publicView = (await volunteer.request({ url: `/api/projects/${p.id}` })).json();
    expect(publicView).toMatchObject({ status: 'evaluated', mayEdit: false, actions: [] });
    const listed = (await volunteer.request({ url: '/api/projects/public?pageSize=100' })).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(p.id);

    // The timeline is history: the database refuses to rewrite it.
    await expect(t.database.db.execute(sql`update project_events set note = 'x' where project_id = ${p.id}`)).rejects.toThrow();
    const audit = await city.request({ url: `/api/audit?entityType=project&entityId=${p.id}` });
    expect(audit.statusCode).toBe(200);
  });

  it('refuses steps out of order with the current status, and a rejection without a reason', async () => {
    const p = await create();
    const early = await step(organizer, p.id, 'start');
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('草稿');
    await step(organizer, p.id, 'submit');
    const bare = await step(street, p.id, 'reject', '  ');
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details[0]).toMatchObject({ field: 'note', rule: 'required' });
    const rejected = (await step(street, p.id, 'reject', '服务对象不明确')).json();
    expect(rejected).toMatchObject({ status: 'rejected', statusReason: '服务对象不明确', mayEdit: false });

    // The organizer revises and submits again; the reason goes once it is resubmitted.
    const mine = (await organizer.request({ url: `/api/projects/${p.id}` })).json();
    expect(mine).toMatchObject({ mayEdit: true, actions: ['submit'] });
    const edited = await organizer.request({
      method: 'PATCH',
      url: `/api/projects/${p.id}`,
      payload: { beneficiaries: '社区 80 岁以上独居老人' },
    });
    expect(edited.json()).toMatchObject({ beneficiaries: '社区 80 岁以上独居老人' });
    expect((await step(organizer, p.id, 'submit')).json()).toMatchObject({ status: 'submitted', statusReason: null });
    const locked = await organizer.request({ method: 'PATCH', url: `/api/projects/${p.id}`, payload: { title: '改名' } });
    expect(locked.statusCode).toBe(422);
  });

  it('will not submit a project that hides its risks or leaves a high-risk one uninsured', async () => {
    const p = await create({ riskLevel: 'high', risks: '', description: '<p> </p>', budgetYuan: 8000 });
    const res = await step(organizer, p.id, 'submit');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual([
      'description:required',
      'risks:disclosed',
      'insuranceRequired:high_risk',
      'fundingSource:required',
    ]);
    expect((await organizer.request({ url: `/api/projects/${p.id}` })).json().status).toBe('draft');
  });
});

describe('project input', () => {
  it('sanitizes the description and names unknown categories and areas', async () => {
    const p = await create({ description: '<p onclick="steal()">欢迎<script>alert(1)</script><b>参加</b></p>' });
    const got = (await organizer.request({ url: `/api/projects/${p.id}` })).json();
    expect(got.description).toBe('<p>欢迎<b>参加</b></p>');

    const bad = await organizer.request({
      method: 'POST',
      url: '/api/projects',
      payload: draft({ categoryCode: 'nope', areaCode: '330105999999' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['categoryCode', 'areaCode']);
  });

  it('lets only an active organization’s admin draft projects for it', async () => {
    const other = await buildOrganization(t.database.db, t.config, { areaCode: STREET });
    expect((await organizer.request({ method: 'POST', url: '/api/projects', payload: draft({ organizationId: other }) })).statusCode).toBe(
      404,
    );
    await t.database.db.execute(sql`update organizations set status = 'suspended' where id = ${orgId}`);
    try {
      expect((await organizer.request({ method: 'POST', url: '/api/projects', payload: draft() })).statusCode).toBe(422);
    } finally {
      await t.database.db.execute(sql`update organizations set status = 'active' where id = ${orgId}`);
    }
  });

  it('lists projects by scope: the organizer its own, the street office its area, not another street', async () => {
    const p = await create();
    const ids = async (s: Session) =>
      ((await s.request({ url: '/api/projects?pageSize=100' })).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids(organizer)).toContain(p.id);
    expect(await ids(street)).toContain(p.id);
    expect(await ids(otherStreet)).not.toContain(p.id);
    expect(await ids(volunteer)).toEqual([]);
  });

  it('keeps a category catalog the city extends', async () => {
    const list = (await volunteer.request({ url: '/api/projects/categories' })).json();
    expect(list.map((c: { nameZh: string }) => c.nameZh)).toEqual(expect.arrayContaining(['社区服务', '助老', '应急救援', '大型活动']));
    const added = await city.request({
      method: 'POST',
      url: '/api/projects/categories',
      payload: { code: 'river', nameZh: '河道守护', nameEn: 'River care' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const again = await city.request({
      method: 'POST',
      url: '/api/projects/categories',
      payload: { code: 'river', nameZh: '河道', nameEn: 'River' },
    });
    expect(again.json().error.details[0]).toMatchObject({ field: 'code', rule: 'unique' });
    expect(
      (await street.request({ method: 'POST', url: '/api/projects/categories', payload: { code: 'x1', nameZh: 'x', nameEn: 'x' } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('project ratings', () => {
  it('lets volunteers who served and the residents it served rate it 1–5, and no one else', async () => {
    const p = await create();
    const rate = (s: Session, score: number) =>
      s.request({ method: 'POST', url: `/api/projects/${p.id}/ratings`, payload: { score, comment: '很好' } });
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    const served = await signIn(t.app, account);
    const resident = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'resident' }]));
    expect((await rate(served, 5)).statusCode).toBe(422); // a draft cannot be rated

    await t.database.db.execute(sql`update projects set status = 'running' where id = ${p.id}`);
    const [a] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, apply_deadline, cancel_deadline)
        values (${p.id}, '上门陪伴', now() - interval '3 days', now() - interval '3 days' + interval '2 hours', '某小区', now() - interval '3 days', now() - interval '4 days') returning id`),
    );
    const [pos] = rowsOf<{ id: string }>(
      await t.database.db.execute(
        sql`insert into positions (activity_id, name, headcount, accepted_count) values (${a.id}, '陪伴员', 2, 1) returning id`,
      ),
    );
    await t.database.db.execute(
      sql`insert into enrollments (position_id, activity_id, volunteer_id, status) values (${pos.id}, ${a.id}, ${v.id}, 'accepted')`,
    );

    const [rec] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into service_records (volunteer_id, project_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
        values (${v.id}, ${p.id}, ${orgId}, '上门陪伴', current_date - 3, '某小区', '联系人', 'manual', 1.5, 'confirmed') returning id`),
    );
    await t.database.db.transaction((tx) =>
      appendLedger(tx, t.config.ledgerKey, [
        { volunteerId: v.id, recordId: rec.id, kind: 'credit', hours: '1.5', at: new Date().toISOString() },
      ]),
    );
    expect((await served.request({ url: `/api/projects/${p.id}` })).json()).toMatchObject({
      mayRate: 'volunteer',
      figures: { activities: 1, volunteers: 1, plannedHours: 2, servedVolunteers: 1, confirmedHours: 1.5 },
    });
    expect((await rate(served, 4)).statusCode).toBe(200);
    expect((await rate(served, 5)).json().ratings).toEqual({
      volunteer: { count: 1, average: 5 },
      beneficiary: { count: 0, average: null },
    });
    expect((await rate(resident, 3)).json().ratings.beneficiary).toEqual({ count: 1, average: 3 });
    expect((await served.request({ url: `/api/projects/${p.id}` })).json().myRating).toEqual({ score: 5, comment: '很好' });
    expect((await rate(volunteer, 5)).json().error.message).toContain('参与过');
    const bad = await served.request({ method: 'POST', url: `/api/projects/${p.id}/ratings`, payload: { score: 6 } });
    expect(bad.json().error.details[0].field).toBe('score');
  });
});
