import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { insertBeneficiary, insertRequest } from '../../../test/helpers/guard-world.ts';
import { auditLog } from '../../db/schema.ts';
import { DEFAULT_REQUEST_SLA, DEFAULT_VOLUNTEER_CAPS } from '../../domain/requests/catalog.ts';

let t: TestApp;
let city: Session;
let district: Session;
let resident: Session;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildArea(db, '981101001001');
  city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9811' }]));
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981101' }]));
  resident = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'resident' }]));
});
afterAll(() => t.close());

interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  maxVolunteers: number;
  guard: { perDay?: number; perWeek?: number; mode: 'warn' | 'block' } | null;
  defaultSkills: string[];
  active: boolean;
  builtin: boolean;
  sort: number;
}

const catalog = async (session: Session = resident) => (await session.request({ url: '/api/request-categories' })).json() as Category[];
const editable = (c: Category) => {
  const { builtin: _builtin, ...rest } = c;
  return rest;
};
const put = (session: Session, items: unknown[]) => session.request({ method: 'PUT', url: '/api/request-categories', payload: { items } });
const fields = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response
    .json()
    .error.details.map((d) => `${d.field}:${d.rule}`)
    .sort();

describe('the request categories', () => {
  it('lists the twelve builtin categories, with their guard rules, to every signed-in role', async () => {
    const all = await catalog();
    expect(all).toHaveLength(12);
    expect(all.every((c) => c.builtin && c.active)).toBe(true);
    expect(all.find((c) => c.code === 'cleaning')).toMatchObject({
      nameZh: '助洁',
      maxVolunteers: 4,
      guard: { perDay: 1, perWeek: 3, mode: 'warn' },
    });
    expect((await t.app.inject({ url: '/api/request-categories' })).statusCode).toBe(401);
  });

  it('lets the city change a guard rule and add a category, audited; others may not', async () => {
    const before = (await catalog()).map(editable);
    const items = before.map((c) => (c.code === 'cleaning' ? { ...c, guard: { perDay: 1, perWeek: 2, mode: 'block' } } : c));
    items.push({
      code: 'foot_bath',
      nameZh: '洗脚',
      nameEn: 'Foot bath',
      maxVolunteers: 1,
      guard: { perDay: 1, mode: 'block' },
      defaultSkills: [],
      active: true,
      sort: 200,
    });
    expect((await put(district, items)).statusCode).toBe(403);
    const response = await put(city, items);
    expect(response.statusCode).toBe(200);
    const after = await catalog();
    expect(after.find((c) => c.code === 'cleaning')?.guard).toEqual({ perDay: 1, perWeek: 2, mode: 'block' });
    expect(after.find((c) => c.code === 'foot_bath')).toMatchObject({
      builtin: false,
      nameZh: '洗脚',
      guard: { perDay: 1, mode: 'block' },
    });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'requestCategory.update'));
    expect(entry.summary).toMatchObject({
      added: ['foot_bath'],
      guardChanged: [{ code: 'cleaning', guard: { perDay: 1, perWeek: 2, mode: 'block' } }],
    });
  });

  it('retires a builtin category left out and deletes an unused one of the city’s, but retires one a request cites', async () => {
    const beneficiaryId = await insertBeneficiary(t.database.db, t.config, { name: '王阿姨', areaCode: '981101001001' });
    const items = (await catalog()).map(editable);
    items.push({
      code: 'pet_care',
      nameZh: '宠物照看',
      nameEn: 'Pet care',
      maxVolunteers: 1,
      guard: null,
      defaultSkills: [],
      active: true,
      sort: 210,
    });
    expect((await put(city, items)).statusCode).toBe(200);
    await insertRequest(t.database.db, {
      beneficiaryId,
      categoryCode: 'pet_care',
      areaCode: '981101001001',
      windowStart: '2026-11-10T09:00:00+08:00',
    });
    const kept = items.filter((c) => !['legal_aid', 'foot_bath', 'pet_care'].includes(c.code));
    expect((await put(city, kept)).statusCode).toBe(200);
    const after = await catalog();
    expect(after.find((c) => c.code === 'legal_aid')).toMatchObject({ active: false, builtin: true });
    expect(after.find((c) => c.code === 'pet_care')).toMatchObject({ active: false });
    expect(after.find((c) => c.code === 'foot_bath')).toBeUndefined();
  });

  it('names each bad item by its position and the rule it breaks', async () => {
    const items = (await catalog()).map(editable);
    const bad = [
      { ...items[0], maxVolunteers: 0 },
      { ...items[1], guard: { mode: 'warn' } },
      { ...items[2], guard: { perDay: 3, perWeek: 2, mode: 'block' } },
      { ...items[3], defaultSkills: ['no_such_skill'] },
      { ...items[4], code: 'Bad Code' },
      ...items.slice(5),
    ];
    const response = await put(city, bad);
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toEqual([
      'items.0.maxVolunteers:too_small',
      'items.1.guard.perDay:custom',
      'items.2.guard.perWeek:custom',
      'items.4.code:custom',
    ]);
    const unknown = await put(city, [{ ...items[3], defaultSkills: ['no_such_skill'] }, { ...items[3] }]);
    expect(fields(unknown)).toEqual(['items.0.defaultSkills.0:exists', 'items.1.code:unique']);
    expect((await catalog()).map(editable)).toEqual(items);
  });
});

describe('the request time limits', () => {
  it('reads the defaults until the city saves its own, audited', async () => {
    const initial = (await resident.request({ url: '/api/settings/requests' })).json();
    expect(initial).toEqual({ ...DEFAULT_REQUEST_SLA, defaults: DEFAULT_REQUEST_SLA });
    const sla = { ...DEFAULT_REQUEST_SLA, urgent: { triageMinutes: 30, assignMinutes: 120 } };
    expect((await district.request({ method: 'PUT', url: '/api/settings/requests', payload: sla })).statusCode).toBe(404);
    const saved = await city.request({ method: 'PUT', url: '/api/settings/requests', payload: sla });
    expect(saved.json()).toEqual(sla);
    expect((await resident.request({ url: '/api/settings/requests' })).json()).toMatchObject({
      urgent: { triageMinutes: 30, assignMinutes: 120 },
    });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'settings.requestSla'));
    expect(entry.summary).toMatchObject({ urgent: { triageMinutes: 30, assignMinutes: 120 } });
  });

  it('refuses an assign time shorter than triage, and times beyond 30 days', async () => {
    const sla = {
      ...DEFAULT_REQUEST_SLA,
      normal: { triageMinutes: 600, assignMinutes: 300 },
      low: { triageMinutes: 60, assignMinutes: 30 * 24 * 60 + 1 },
    };
    const response = await city.request({ method: 'PUT', url: '/api/settings/requests', payload: sla });
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toEqual(['low.assignMinutes:too_big', 'normal.assignMinutes:custom']);
  });
});

describe('the weekly caps on volunteers', () => {
  it('reads 3 and 3 until the city saves its own; only the city sets them, audited', async () => {
    const initial = (await resident.request({ url: '/api/settings/volunteer-caps' })).json();
    expect(initial).toEqual({ ...DEFAULT_VOLUNTEER_CAPS, defaults: { weeklyTakeCap: 3, weeklyInvitationCap: 3 } });
    const caps = { weeklyTakeCap: 2, weeklyInvitationCap: 5 };
    expect((await district.request({ method: 'PUT', url: '/api/settings/volunteer-caps', payload: caps })).statusCode).toBe(404);
    const saved = await city.request({ method: 'PUT', url: '/api/settings/volunteer-caps', payload: caps });
    expect(saved.json()).toEqual(caps);
    expect((await resident.request({ url: '/api/settings/volunteer-caps' })).json()).toMatchObject(caps);
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'settings.volunteerCaps'));
    expect(entry.summary).toEqual(caps);
    const tooMany = await city.request({ method: 'PUT', url: '/api/settings/volunteer-caps', payload: { ...caps, weeklyTakeCap: 51 } });
    expect(tooMany.statusCode).toBe(400);
    expect(fields(tooMany)).toEqual(['weeklyTakeCap:too_big']);
  });
});
