import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import { noticeEndsOn } from '../../domain/honours/awards.ts';
import { calendarOf } from '../../domain/records/working-days.ts';
import { todayInChina } from '../../platform/clock.ts';
import { awardsOf, workCalendar } from '../records/index.ts';

const CITY = '9833';
const HOME = '983301001001';
let t: TestApp;
let city: Session;
let district: Session;
let reviewer: Session;
let street: Session;
let foreign: Session;
let org: Session;
let orgId: string;
const v: Record<'good' | 'second' | 'short' | 'barred' | 'stranger', string> = {
  good: '',
  second: '',
  short: '',
  barred: '',
  stranger: '',
};
let roundId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildArea(db, HOME);
  orgId = await buildOrganization(db, t.config, { areaCode: '983301001', name: '西湖助老服务队' });
  for (const key of ['good', 'second', 'short', 'barred'] as const)
    v[key] = (await buildVolunteer(db, t.config, { areaCode: HOME, organizationId: orgId, name: `候选${key}` })).id;
  v.stranger = (await buildVolunteer(db, t.config, { areaCode: HOME, name: '非成员' })).id;
  const organizer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  for (const [key, hours] of [
    ['good', 8],
    ['second', 9],
    ['short', 1],
    ['barred', 8],
    ['stranger', 8],
  ] as const)
    await confirmedRecord(db, organizer, { orgId, volunteerId: v[key], areaCode: HOME }, { hours, daysAgo: 3 });
  org = organizer;
  city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: CITY }]));
  reviewer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: CITY }]));
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '983301' }]));
  street = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'street_admin', areaCode: '983301001' }]));
  foreign = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9834' }]));
  const sanction = await street.request({
    method: 'POST',
    url: `/api/volunteers/${v.barred}/sanctions`,
    payload: { kind: 'falsified_hours', reason: '签退时间事后补填，虚报时长', barYears: 1, startsOn: todayInChina() },
  });
  expect(sanction.statusCode).toBe(201);
});
afterAll(() => t.close());

const today = todayInChina();
const year = Number(today.slice(0, 4));
const round = {
  areaCode: CITY,
  kind: 'volunteer',
  year,
  titleZh: `${year}年度最美志愿者`,
  titleEn: `Outstanding Volunteers ${year}`,
  quota: 2,
  minHours: 5,
  nominators: ['organizations', 'offices'],
  nominationDeadline: today,
  scale: 10,
  criteria: [
    { name: '服务时长', nameEn: 'Hours', weight: 3 },
    { name: '服务成效', nameEn: 'Impact', weight: 1 },
  ],
};
const zh = { 'x-volunet-language': 'zh-CN' };
const issues = (r: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  r.json().error.details.map((d) => `${d.field}:${d.rule}`);
const nominate = (s: Session, subjectId: string, asOrg = true) =>
  s.request({
    method: 'POST',
    url: `/api/awards/rounds/${roundId}/nominations`,
    headers: zh,
    payload: { subjectId, reason: '长期坚持社区助老服务，事迹突出，群众认可', ...(asOrg ? { organizationId: orgId } : {}) },
  });
const detail = async (s: Session = city) => (await s.request({ url: `/api/awards/rounds/${roundId}` })).json();
const nomineeOf = async (subjectId: string) => (await detail()).nominees.find((n: { subjectId: string }) => n.subjectId === subjectId);
const db = () => t.database.db;
/** Anyone, not signed in. */
const anon = { request: (o: InjectOptions) => t.app.inject(o) };

describe('award rounds', () => {
  it('are opened by the city or a district for its own area, refused field by field', async () => {
    const bad = await city.request({
      method: 'POST',
      url: '/api/awards/rounds',
      headers: zh,
      payload: {
        ...round,
        year: year - 3,
        quota: 0,
        nominators: [],
        nominationDeadline: '2000-01-01',
        scale: 5,
        criteria: [{ name: '成效', nameEn: 'Impact', weight: 0 }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(issues(bad)).toEqual([
      'year:range',
      'quota:range',
      'nominators:required',
      'nominationDeadline:notPast',
      'scale:oneOf',
      'criteria.0.weight:range',
    ]);
    expect(bad.json().error.details[5].message).toBe('权重须大于 0 且不超过 100');
    // A district opens rounds for its own area only; a street office not at all.
    expect((await district.request({ method: 'POST', url: '/api/awards/rounds', payload: round })).statusCode).toBe(404);
    expect(
      (await street.request({ method: 'POST', url: '/api/awards/rounds', payload: { ...round, areaCode: '983301' } })).statusCode,
    ).toBe(404);
    const made = await city.request({ method: 'POST', url: '/api/awards/rounds', payload: round });
    expect(made.statusCode).toBe(201);
    roundId = made.json().id;
    expect(made.json()).toMatchObject({ status: 'open', noticeEndsOn: null, quota: 2 });
    // Organizations and offices of the area find it open; another city's office does not.
    expect((await org.request({ url: '/api/awards/rounds' })).json()).toMatchObject([{ id: roundId, manages: false }]);
    expect((await district.request({ url: '/api/awards/rounds' })).json()).toMatchObject([{ id: roundId, manages: false }]);
    expect((await foreign.request({ url: '/api/awards/rounds' })).json()).toEqual([]);
    expect((await foreign.request({ url: `/api/awards/rounds/${roundId}` })).statusCode).toBe(404);
  });

  it('take nominations whose eligibility is checked at once; a sanction is named to offices only', async () => {
    expect((await nominate(org, v.good)).statusCode).toBe(201);
    expect((await nominate(org, v.second)).statusCode).toBe(201);
    const twice = await nominate(org, v.good);
    expect([twice.statusCode, twice.json().error.message]).toEqual([422, '该对象已在本轮被推荐，不能重复推荐']);
    const stranger = await nominate(org, v.stranger);
    expect([stranger.statusCode, stranger.json().error.message]).toEqual([422, '只能推荐本组织在册的志愿者']);
    // The organization learns only that the person is not eligible, the same words for short hours and for a
    // sanction, so a refusal never singles out a barred member; the office of the area learns why.
    const short = await nominate(org, v.short);
    const barredForOrg = await nominate(org, v.barred);
    expect([short.statusCode, short.json().error.message]).toEqual([422, '不符合参评条件（须累计确认服务时长达到 5 小时且无禁评记录）']);
    expect([barredForOrg.statusCode, barredForOrg.json().error]).toEqual([short.statusCode, short.json().error]);
    expect(barredForOrg.body).not.toMatch(/惩戒|sanction/);
    const shortForOffice = await nominate(street, v.short, false);
    expect(shortForOffice.json().error.message).toBe('不符合参评条件：累计确认服务时长 1 小时，未达到 5 小时');
    const barredForOffice = await nominate(street, v.barred, false);
    expect(barredForOffice.json().error.message).toMatch(/^不符合参评条件：受惩戒禁评，\d{4}-\d{2}-\d{2} 起方可参评$/);
    expect((await nominate(foreign, v.stranger, false)).statusCode).toBe(404);
    expect((await nominate(street, v.stranger, false)).statusCode).toBe(201);
    // The nominator sees its own nominations, with no eligibility detail.
    const seen = await detail(org);
    expect(seen.nominees.map((n: { subjectId: string }) => n.subjectId).sort()).toEqual([v.good, v.second].sort());
    expect(seen.objections).toBeUndefined();
  });

  it('are scored by reviewers of the area and ranked by the weighted mean; the office selects up to the quota', async () => {
    const good = await nomineeOf(v.good);
    const second = await nomineeOf(v.second);
    const stranger = await nomineeOf(v.stranger);
    const score = (s: Session, id: string, scores: number[]) =>
      s.request({ method: 'PUT', url: `/api/awards/nominees/${id}/scores`, headers: zh, payload: { scores } });
    expect(issues(await score(city, good.id, [9]))).toEqual(['scores:perCriterion']);
    expect(issues(await score(city, good.id, [11, -1]))).toEqual(['scores.0:range', 'scores.1:range']);
    // Reviewers are offices of the round's area: a district office does not score a city round.
    expect((await score(district, good.id, [9, 9])).statusCode).toBe(404);
    // good: city (9·3 + 5)/4 = 8, a second reviewer (7·3 + 7)/4 = 7 → 7.5; second: (8·3 + 10)/4 = 8.5; stranger: 4.
    for (const [s, id, scores] of [
      [city, good.id, [9, 5]],
      [reviewer, good.id, [7, 7]],
      [city, second.id, [8, 10]],
      [city, stranger.id, [4, 4]],
    ] as const)
      expect((await score(s, id, [...scores])).statusCode).toBe(204);
    const ranked = (await detail()).nominees.map((n: { subjectId: string; score: number; rank: number; reviewers: number }) => [
      n.subjectId,
      n.score,
      n.rank,
      n.reviewers,
    ]);
    expect(ranked).toEqual([
      [v.second, 8.5, 1, 1],
      [v.good, 7.5, 2, 2],
      [v.stranger, 4, 3, 1],
    ]);
    const select = (ids: string[]) =>
      city.request({ method: 'PUT', url: `/api/awards/rounds/${roundId}/selection`, headers: zh, payload: { nomineeIds: ids } });
    const over = await select([good.id, second.id, stranger.id]);
    expect([over.statusCode, issues(over), over.json().error.details[0].message]).toEqual([
      400,
      ['nomineeIds:quota'],
      '最多选 2 名（本轮名额）',
    ]);
    expect((await select([good.id, second.id])).statusCode).toBe(204);
    expect((await detail()).nominees.filter((n: { status: string }) => n.status === 'selected')).toHaveLength(2);
  });

  it('publish for five working days; anyone sees the list and objects, the contact sealed and masked', async () => {
    const published = await city.request({ method: 'POST', url: `/api/awards/rounds/${roundId}/publish` });
    expect(published.statusCode).toBe(200);
    const endsOn = noticeEndsOn(today, calendarOf(await workCalendar(db())));
    expect(published.json()).toEqual({ publishedOn: today, noticeEndsOn: endsOn });
    expect((await nominate(org, v.short)).json().error.message).toMatch(/^本轮推荐已截止/);
    // A child under 14 on the list is named by the first character only (PIPL Art 28), to the public.
    const [{ born }] = rowsOf<{ born: string | null }>(
      await db().execute(sql`select birth_date::text as born from volunteers where id = ${v.second}`),
    );
    await db().execute(sql`update volunteers set birth_date = current_date - interval '12 years' where id = ${v.second}`);
    const childNotice = (await anon.request({ url: '/api/awards/notices' })).json().find((n: { id: string }) => n.id === roundId);
    expect(childNotice.entries.map((e: { name: string }) => e.name).sort()).toEqual(['候**', '候选good']);
    await db().execute(sql`update volunteers set birth_date = ${born} where id = ${v.second}`);
    const notices = await anon.request({ url: '/api/awards/notices' });
    expect(notices.statusCode).toBe(200);
    const [notice] = notices.json().filter((n: { id: string }) => n.id === roundId);
    expect(notice).toMatchObject({ objectionsOpen: true, noticeEndsOn: endsOn, titleZh: round.titleZh });
    expect(notice.entries.map((e: { name: string; organization: string }) => [e.name, e.organization]).sort()).toEqual([
      ['候选good', '西湖助老服务队'],
      ['候选second', '西湖助老服务队'],
    ]);
    expect(notices.body).not.toMatch(/1[3-9]\d{9}|volunteerNo|docMasked/);
    const good = notice.entries.find((e: { name: string }) => e.name === '候选good');
    const second = notice.entries.find((e: { name: string }) => e.name === '候选second');
    const object = (id: string, contact: string) =>
      anon.request({
        method: 'POST',
        url: `/api/awards/nominees/${id}/objections`,
        headers: zh,
        payload: { reason: '据了解该志愿者的服务时长存在代签情况', contact },
      });
    expect(
      issues(
        await anon.request({
          method: 'POST',
          url: `/api/awards/nominees/${good.id}/objections`,
          payload: { reason: '不行', contact: '1' },
        }),
      ),
    ).toEqual(['reason:minLength', 'contact:minLength']);
    expect((await object(good.id, '13912345678')).statusCode).toBe(201);
    expect((await object(second.id, 'someone@example.org')).statusCode).toBe(201);
    const { objections } = await detail();
    expect(objections.map((o: { contactMasked: string }) => o.contactMasked)).toEqual(['139****5678', 'so***rg']);
    const stored = rowsOf<{ contact_cipher: string }>(await db().execute(sql`select contact_cipher from award_objections`));
    expect(JSON.stringify(stored)).not.toContain('13912345678');
    // Finalizing waits for the notice's end and for every objection to be resolved.
    const early = await city.request({ method: 'POST', url: `/api/awards/rounds/${roundId}/finalize`, headers: zh });
    expect([early.statusCode, early.json().error.message]).toEqual([422, `公示期至 ${endsOn}，期满后方可确认表彰`]);
  });

  it('resolve objections: upheld takes the nominee off, dismissed keeps them, each with a reason', async () => {
    const { objections } = await detail();
    const resolve = (s: Session, id: string, outcome: string, reason: string) =>
      s.request({ method: 'POST', url: `/api/awards/objections/${id}/resolve`, headers: zh, payload: { outcome, reason } });
    const [onGood, onSecond] = objections;
    expect(issues(await resolve(city, onGood.id, 'dismissed', '无'))).toEqual(['reason:resolutionLength']);
    expect(await resolve(street, onGood.id, 'dismissed', '经核实签到记录完整')).toHaveProperty('statusCode', 404);
    expect((await resolve(city, onGood.id, 'dismissed', '经核实签到记录完整，异议不成立')).statusCode).toBe(200);
    expect((await resolve(city, onGood.id, 'upheld', '再次处理试试')).statusCode).toBe(409);
    expect((await resolve(city, onSecond.id, 'upheld', '经核实确有代签，取消推荐')).statusCode).toBe(200);
    expect((await nomineeOf(v.second)).status).toBe('removed');
    const [notice] = (await anon.request({ url: '/api/awards/notices' })).json().filter((n: { id: string }) => n.id === roundId);
    expect(notice.entries.map((e: { name: string }) => e.name)).toEqual(['候选good']);
    // A flood of repeated objections (anyone may object without signing in) is dismissed in one decision.
    const good = notice.entries[0];
    const objectAs = (contact: string) =>
      anon.request({
        method: 'POST',
        url: `/api/awards/nominees/${good.id}/objections`,
        headers: zh,
        payload: { reason: '重复提交的同一条异议内容', contact },
      });
    // One objection per contact and nominee, however the phone is written, even sent twice at once.
    const twice = await Promise.all([objectAs('13900000001'), objectAs('+86 139-0000-0001')]);
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(twice.find((r) => r.statusCode === 409)?.json().error).toMatchObject({
      code: 'CONFLICT',
      message: '联系方式：同一联系方式对同一候选人只能提出一次异议，此联系方式已提出过',
    });
    for (const contact of ['13900000002', 'Someone@Example.org']) expect((await objectAs(contact)).statusCode).toBe(201);
    expect((await objectAs(' someone@example.ORG ')).statusCode).toBe(409);
    const flood = (await detail()).objections.filter((o: { status: string }) => o.status === 'open');
    expect(flood).toHaveLength(3);
    const once = await city.request({
      method: 'POST',
      url: `/api/awards/objections/${flood[0].id}/resolve`,
      payload: { outcome: 'dismissed', reason: '重复异议，内容与已处理的一致', allOfNominee: true },
    });
    expect(once.json()).toEqual({ status: 'dismissed', others: 2 });
    expect((await detail()).objections.filter((o: { status: string }) => o.status === 'open')).toEqual([]);
  });

  it('award after the notice: refused for a barred nominee, then on the record, the roll and 我的荣誉; late objections refused', async () => {
    // The notice period has passed (as if five working days went by).
    await db().execute(sql`update award_rounds set published_on = ${'2026-01-05'}, notice_ends_on = ${'2026-01-09'} where id = ${roundId}`);
    const good = await nomineeOf(v.good);
    const late = await anon.request({
      method: 'POST',
      url: `/api/awards/nominees/${good.id}/objections`,
      headers: zh,
      payload: { reason: '公示期后才看到，补充异议材料', contact: '13912345678' },
    });
    expect([late.statusCode, late.json().error.message]).toEqual([422, '公示期已于 2026-01-09 结束，不再受理异议']);
    // A sanction recorded during the notice stops the award, naming the person and the rule.
    const sanction = await street.request({
      method: 'POST',
      url: `/api/volunteers/${v.good}/sanctions`,
      payload: { kind: 'dishonesty', reason: '公示期间查实的失信行为', barYears: 1, startsOn: today },
    });
    const finalize = () => city.request({ method: 'POST', url: `/api/awards/rounds/${roundId}/finalize`, headers: zh });
    const barred = await finalize();
    expect([barred.statusCode, barred.json().error.message]).toEqual([422, expect.stringMatching(/^候选good 受惩戒禁评/)]);
    expect(await awardsOf(db(), v.good)).toEqual([]);
    await street.request({ method: 'POST', url: `/api/sanctions/${sanction.json().id}/revoke`, payload: { reason: '复核后撤销该惩戒' } });
    const done = await finalize();
    expect(done.json()).toEqual({ awarded: 1, finalizedOn: today });
    expect((await finalize()).statusCode).toBe(422);
    expect(await awardsOf(db(), v.good)).toMatchObject([
      { title: round.titleZh, year, grantedByArea: CITY, grantedOn: today, sourceId: good.id },
    ]);
    expect(await awardsOf(db(), v.second)).toEqual([]);
    const roll = (await anon.request({ url: `/api/awards/roll?year=${year}` })).json();
    expect(roll.find((r: { id: string }) => r.id === roundId).entries).toMatchObject([
      { name: '候选good', organization: '西湖助老服务队' },
    ]);
    const audits = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityType, 'awardRound'))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(['award.openRound', 'award.select', 'award.publish', 'award.finalize']);
  });

  it('show a volunteer their stars and the awards on their record (我的荣誉)', async () => {
    const account = await buildAccount(db(), t.config, [{ role: 'volunteer' }]);
    await db().execute(sql`update volunteers set account_id = ${account.id} where id = ${v.good}`);
    const me = await signIn(t.app, account);
    const mine = (await me.request({ url: '/api/awards/me' })).json();
    expect(mine).toMatchObject({ totalHours: 8, stars: 0, awards: [{ title: round.titleZh, year }] });
    expect((await city.request({ url: '/api/awards/me' })).statusCode).toBe(404);
  });

  it('take an organization nominated by an office of its area, or by itself, once a round', async () => {
    const opened = await city.request({
      method: 'POST',
      url: '/api/awards/rounds',
      payload: { ...round, kind: 'organization', titleZh: `${year}年度优秀志愿服务组织`, titleEn: `Outstanding Organizations ${year}` },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const nominateOrg = (s: Session, asOrg: boolean) =>
      s.request({
        method: 'POST',
        url: `/api/awards/rounds/${opened.json().id}/nominations`,
        headers: zh,
        payload: { subjectId: orgId, reason: '常年组织社区助老服务，覆盖全街道独居老人', ...(asOrg ? { organizationId: orgId } : {}) },
      });
    expect((await nominateOrg(foreign, false)).statusCode).toBe(404);
    expect((await nominateOrg(street, false)).statusCode).toBe(201);
    const again = await nominateOrg(org, true);
    expect([again.statusCode, again.json().error.message]).toEqual([422, '该对象已在本轮被推荐，不能重复推荐']);
  });
});
