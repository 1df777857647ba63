import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildArea,
  buildOrganization,
  buildVolunteer,
  phoneNumber,
  residentIdFor,
  signIn,
  yearsAgo,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { isValidVolunteerNo } from '../../domain/identity/index.ts';
import { todayInChina } from '../../platform/clock.ts';
import { searchVolunteers } from './volunteers.queries.ts';

let t: TestApp;
const COMMUNITY = '330102001001';
const OTHER_DISTRICT_COMMUNITY = '330106001001';
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, COMMUNITY);
  await buildArea(t.database.db, OTHER_DISTRICT_COMMUNITY);
});
afterAll(() => t.close());

const PASSWORD = 'Volunteer-2026';
function registration(overrides: Record<string, unknown> = {}) {
  return {
    name: '王小明',
    docType: 'resident_id',
    docNumber: residentIdFor(yearsAgo(25)),
    phone: phoneNumber(),
    areaCode: COMMUNITY,
    consent: true,
    password: PASSWORD,
    skills: [{ code: 'first_aid', certificateNo: 'RC-2024-001', expiresOn: '2027-06-30' }],
    languages: [{ code: 'en', level: 'fluent' }],
    politicalStatus: 'cyl_member',
    availability: 0b111,
    ...overrides,
  };
}
const register = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/volunteers/register', payload: body });
const issuesOf = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response.json().error.details.map((d) => `${d.field}:${d.rule}`);

describe('self-registration', () => {
  it('creates the account and the volunteer, derives birth date and sex, and stores no clear ID or phone', async () => {
    const body = registration({ docNumber: residentIdFor('1990-03-05').toLowerCase() });
    const response = await register(body);
    expect(response.statusCode).toBe(201);
    const { volunteerNo } = response.json();
    expect(isValidVolunteerNo(volunteerNo)).toBe(true);
    expect(volunteerNo.startsWith('V3301')).toBe(true);

    const me = await signIn(t.app, { login: body.phone as string, password: PASSWORD });
    const mine = (await me.request({ url: '/api/volunteers/me' })).json();
    expect(mine).toMatchObject({ volunteerNo, name: '王小明', birthDate: '1990-03-05', ageGroup: 'adult', registeredVia: 'self' });
    expect(mine.docMasked).toMatch(/^3301\*{10}\d{3}[\dX]$/);
    expect(mine.phoneMasked).toBe(`${(body.phone as string).slice(0, 3)}****${(body.phone as string).slice(-4)}`);
    expect(mine.skills[0]).toMatchObject({ code: 'first_aid', certificateNo: 'RC-2024-001' });

    const stored = rowsOf<Record<string, unknown>>(
      await t.database.db.execute(sql`select * from volunteers where volunteer_no = ${volunteerNo}`),
    )[0];
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain((body.docNumber as string).toUpperCase());
    expect(everything).not.toContain(body.phone as string);
  });

  it('names every field that breaks a rule, in the user’s language', async () => {
    const good = residentIdFor('1990-03-05');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/volunteers/register',
      headers: { 'accept-language': 'en-US' },
      payload: registration({ docNumber: badCheck, phone: '12345', areaCode: '330102001', consent: false, skills: [{ code: 'juggling' }] }),
    });
    expect(response.statusCode).toBe(400);
    expect(issuesOf(response)).toEqual(
      expect.arrayContaining(['docNumber:checksum', 'phone:format', 'areaCode:level', 'consent:required', 'skills.0.code:exists']),
    );
    expect(response.json().error.message).toContain('check character');
  });

  it('refuses an impossible birth date inside the ID number and a birth date that contradicts it', async () => {
    const impossible = residentIdFor('1990-02-28').replace('19900228', '19900230');
    expect(issuesOf(await register(registration({ docNumber: impossible })))).toContain('docNumber:birth_date');
    const mismatch = await register(registration({ docNumber: residentIdFor('1990-03-05'), birthDate: '1991-03-05' }));
    expect(issuesOf(mismatch)).toContain('birthDate:matches_document');
  });

  it('needs a guardian who consented under 18, and accepts a passport with a stated birth date', async () => {
    const minor = await register(registration({ docNumber: residentIdFor(yearsAgo(16)) }));
    expect(issuesOf(minor)).toEqual([
      'guardian.name:required_for_minor',
      'guardian.phone:required_for_minor',
      'guardian.consent:required_for_minor',
    ]);
    const withGuardian = await register(
      registration({ docNumber: residentIdFor(yearsAgo(16)), guardian: { name: '王大明', phone: '13912345678', consent: true } }),
    );
    expect(withGuardian.statusCode).toBe(201);

    const passport = await register(
      registration({ docType: 'passport', docNumber: `E${Date.now() % 100000000}`, sex: 'female', birthDate: '1988/7/1' }),
    );
    expect(passport.statusCode).toBe(201);
    const noBirth = await register(registration({ docType: 'passport', docNumber: 'E12345678', sex: 'female' }));
    expect(issuesOf(noBirth)).toContain('birthDate:required');
  });

  it('refuses a second registration of the same document and a phone that already has an account', async () => {
    const body = registration();
    expect((await register(body)).statusCode).toBe(201);
    expect(issuesOf(await register({ ...body, phone: phoneNumber() }))).toEqual(['docNumber:unique']);
    expect(issuesOf(await register({ ...body, docNumber: residentIdFor(yearsAgo(40)) }))).toEqual(['phone:unique']);
  });
});

describe('registration by an organization, and claiming the record later', () => {
  it('registers a member with consent; the person claims the same record with the same phone only', async () => {
    const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330102001' });
    const admin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
    const body = registration({ organizationId: orgId });
    const { password: _, ...onBehalf } = body;
    const created = await admin.request({ method: 'POST', url: '/api/volunteers', payload: onBehalf });
    expect(created.statusCode).toBe(201);
    const detail = (await admin.request({ url: `/api/volunteers/${created.json().id}` })).json();
    expect(detail.organizations.map((o: { organizationId: string }) => o.organizationId)).toEqual([orgId]);

    expect(issuesOf(await register({ ...body, organizationId: undefined, phone: phoneNumber() }))).toEqual(['docNumber:unique']);
    const claimed = await register({ ...body, organizationId: undefined });
    expect(claimed.statusCode).toBe(201);
    expect(claimed.json().volunteerNo).toBe(created.json().volunteerNo);
  });

  it('does not let an organization admin register into another organization', async () => {
    const mine = await buildOrganization(t.database.db, t.config, { areaCode: '330102001' });
    const theirs = await buildOrganization(t.database.db, t.config, { areaCode: '330102001' });
    const admin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: mine }]));
    const { password: _, ...body } = registration({ organizationId: theirs });
    expect((await admin.request({ method: 'POST', url: '/api/volunteers', payload: body })).statusCode).toBe(404);
  });
});

describe('search, scope and masking', () => {
  it('finds by skill, language, age and area subtree, only inside the actor’s scope', async () => {
    const db = t.database.db;
    const medic = await buildVolunteer(db, t.config, {
      areaCode: COMMUNITY,
      birthDate: yearsAgo(35),
      profile: { skills: [{ code: 'first_aid' }], languages: [{ code: 'ja', level: 'working' }] },
    });
    await buildVolunteer(db, t.config, {
      areaCode: COMMUNITY,
      birthDate: yearsAgo(70),
      profile: { skills: [{ code: 'first_aid' }], languages: [{ code: 'ja', level: 'basic' }] },
    });
    const elsewhere = await buildVolunteer(db, t.config, {
      areaCode: OTHER_DISTRICT_COMMUNITY,
      profile: { skills: [{ code: 'first_aid' }], languages: [{ code: 'ja', level: 'fluent' }] },
    });
    const district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '330102' }]));
    const found = (
      await district.request({ url: '/api/volunteers?skills=first_aid&languages=ja&minAge=18&maxAge=60&within=330102' })
    ).json();
    expect(found.items.map((v: { id: string }) => v.id)).toEqual([medic.id]);
    expect(found).toMatchObject({ total: 1, totalCapped: false });
    expect(found.items[0].phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);

    const everyone = (await district.request({ url: '/api/volunteers?skills=first_aid&languages=ja&pageSize=200' })).json();
    expect(everyone.items.map((v: { id: string }) => v.id)).not.toContain(elsewhere.id);
    expect((await district.request({ url: `/api/volunteers/${elsewhere.id}` })).statusCode).toBe(404);
  });

  it('counts the matches up to a cap, then says there are more, and pages them newest first either way', async () => {
    const db = t.database.db;
    const street = '330102002';
    const built = [];
    for (let i = 1; i <= 3; i++) built.push((await buildVolunteer(db, t.config, { areaCode: `${street}00${i}` })).id);
    const newestFirst = built.reverse();
    const district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '330102' }]));
    const pageOf = async (page: number) =>
      (await district.request({ url: `/api/volunteers?within=${street}&pageSize=2&page=${page}` })).json();
    const ids = (page: { items: { id: string }[] }) => page.items.map((v) => v.id);
    const [first, second, past] = [await pageOf(1), await pageOf(2), await pageOf(3)];
    expect([first, second, past]).toMatchObject(Array(3).fill({ total: 3, totalCapped: false }));
    expect([...ids(first), ...ids(second), ...ids(past)]).toEqual(newestFirst);

    const cityAdmin: Actor = { accountId: randomUUID(), displayName: 'city', grants: [{ role: 'city_admin', areaCode: '3301' }] };
    const search = { within: street, today: todayInChina(), sort: 'createdAt', order: 'desc', page: 1, pageSize: 20 } as const;
    const capped = await searchVolunteers(db, cityAdmin, search, 2);
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    expect(ids(capped)).toEqual(newestFirst);
    expect(await searchVolunteers(db, cityAdmin, { ...search, page: 2, pageSize: 2 }, 2)).toMatchObject({ total: 2, totalCapped: true });
    expect(await searchVolunteers(db, cityAdmin, { ...search, page: 9 }, 2)).toMatchObject({ items: [], total: 2, totalCapped: true });
  });

  it('lets an organization admin see its members and no one else', async () => {
    const db = t.database.db;
    const orgId = await buildOrganization(db, t.config, { areaCode: '330102001' });
    const member = await buildVolunteer(db, t.config, { areaCode: OTHER_DISTRICT_COMMUNITY, organizationId: orgId });
    const stranger = await buildVolunteer(db, t.config, { areaCode: COMMUNITY });
    const admin = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
    const list = (await admin.request({ url: '/api/volunteers' })).json();
    expect(list.items.map((v: { id: string }) => v.id)).toEqual([member.id]);
    expect((await admin.request({ url: `/api/volunteers/${stranger.id}` })).statusCode).toBe(404);
  });

  it('shows a child under 14 masked to the district and in full to the community office', async () => {
    const db = t.database.db;
    const child = await buildVolunteer(db, t.config, { areaCode: COMMUNITY, birthDate: yearsAgo(10), name: '李小朋' });
    const district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '330102' }]));
    const community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: COMMUNITY }]));
    const masked = (await district.request({ url: `/api/volunteers/${child.id}` })).json();
    expect(masked).toMatchObject({ restricted: true, name: '李**', birthDate: null, phoneMasked: null, mayRevealPii: false });
    const listed = (await district.request({ url: `/api/volunteers?volunteerNo=${child.volunteerNo.toLowerCase()}` })).json();
    expect(listed.items[0]).toMatchObject({ name: '李**', restricted: true, age: null });
    const full = (await community.request({ url: `/api/volunteers/${child.id}` })).json();
    expect(full).toMatchObject({ restricted: false, name: '李小朋', ageGroup: 'child', guardianName: '监护人' });
  });
});

describe('unmasked view, export and deregistration', () => {
  it('reveals ID and phone to the community office only, and audits each look', async () => {
    const db = t.database.db;
    const v = await buildVolunteer(db, t.config, { areaCode: COMMUNITY });
    const community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: COMMUNITY }]));
    const district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '330102' }]));
    const revealed = await community.request({ method: 'POST', url: `/api/volunteers/${v.id}/reveal` });
    expect(revealed.json()).toMatchObject({ docNumber: v.docNumber, phone: v.phone });
    expect(revealed.headers['cache-control']).toBe('no-store');
    expect((await district.request({ method: 'POST', url: `/api/volunteers/${v.id}/reveal` })).statusCode).toBe(404);
    const audit = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from audit_log where action = 'volunteer.readPii' and entity_id = ${v.id}`),
    );
    expect(audit[0].n).toBe(1);
  });

  it('exports my own data, then deregisters: identity erased, number kept, sign-in refused', async () => {
    const body = registration();
    const { volunteerNo } = (await register(body)).json();
    const me = await signIn(t.app, { login: body.phone as string, password: PASSWORD });
    const exported = await me.request({ url: '/api/volunteers/me/export' });
    expect(exported.headers['content-disposition']).toContain(volunteerNo);
    expect(exported.json().volunteer).toMatchObject({ docNumber: body.docNumber, phone: body.phone, name: '王小明' });

    const id = (await me.request({ url: '/api/volunteers/me' })).json().id;
    expect((await me.request({ method: 'POST', url: `/api/volunteers/${id}/deregister` })).statusCode).toBe(204);
    const [row] = rowsOf<Record<string, unknown>>(await t.database.db.execute(sql`select * from volunteers where id = ${id}`));
    expect(row).toMatchObject({ volunteer_no: volunteerNo, status: 'deregistered', name: '已注销', doc_cipher: null, phone_cipher: null });
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: body.phone, password: PASSWORD } });
    expect(again.statusCode).toBe(401);
    // The phone and the document are free for a fresh registration.
    expect((await register(body)).statusCode).toBe(201);
  });

  it('updates the profile and refuses an unknown skill or a street as residence', async () => {
    const body = registration();
    await register(body);
    const me = await signIn(t.app, { login: body.phone as string, password: PASSWORD });
    const id = (await me.request({ url: '/api/volunteers/me' })).json().id;
    const ok = await me.request({
      method: 'PATCH',
      url: `/api/volunteers/${id}`,
      payload: { occupation: '教师', languages: [{ code: 'fr', level: 'basic' }] },
    });
    expect(ok.json()).toMatchObject({ occupation: '教师', languages: [{ code: 'fr', level: 'basic' }] });
    const bad = await me.request({
      method: 'PATCH',
      url: `/api/volunteers/${id}`,
      payload: { skills: [{ code: 'nope' }], areaCode: '330102001' },
    });
    expect(issuesOf(bad)).toEqual(['skills.0.code:exists', 'areaCode:level']);
  });
});
