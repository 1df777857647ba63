import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, PASSWORD, phoneNumber, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { auditLog, roleGrants, stationStandards } from '../../db/schema.ts';
import { todayInChina } from '../../platform/clock.ts';

let t: TestApp;
let city: Session;
let district: Session;
let otherDistrict: Session;
let volunteer: Session;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of ['981101001001', '981101002', '981102001']) await buildArea(db, code);
  city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9811' }]));
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981101' }]));
  otherDistrict = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '981102' }]));
  volunteer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'volunteer' }]));
});
afterAll(() => t.close());

const station = (extra: Record<string, unknown> = {}) => ({
  name: '清波 U 站',
  kind: 'u_station',
  areaCode: '981101001',
  address: '南山路 1 号',
  floorArea: 45.5,
  ...extra,
});

async function create(session: Session, extra: Record<string, unknown> = {}) {
  const response = await session.request({ method: 'POST', url: '/api/stations', payload: station(extra) });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; toStandard: boolean | null };
}

const activeCodes = async () =>
  ((await volunteer.request({ url: '/api/stations/standards' })).json() as { code: string; active: boolean }[])
    .filter((s) => s.active)
    .map((s) => s.code);

const inspect = (session: Session, id: string, inspectedOn: string, itemsMet: string[]) =>
  session.request({ method: 'POST', url: `/api/stations/${id}/inspections`, payload: { inspectedOn, itemsMet } });

const details = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response
    .json()
    .error.details.map((d) => `${d.field}:${d.rule}`)
    .sort();

describe('creating and changing stations', () => {
  it('creates a station in scope, audited, and shows it to everyone', async () => {
    const organizationId = await buildOrganization(t.database.db, t.config, { areaCode: '981101001', name: '清波义工队' });
    const response = await district.request({
      method: 'POST',
      url: '/api/stations',
      payload: station({ hostOrganizationId: organizationId }),
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      kind: 'u_station',
      floorArea: 45.5,
      status: 'open',
      hostOrganizationName: '清波义工队',
      toStandard: null,
      lastInspectedOn: null,
      keepers: [],
      inspections: [],
      mayManage: true,
      mayInspect: true,
    });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entry).toMatchObject({ action: 'station.create', areaCode: '981101001', requestId: response.headers['x-request-id'] });
    const seen = await volunteer.request({ url: `/api/stations/${created.id}` });
    expect(seen.json()).toMatchObject({ name: '清波 U 站', mayManage: false, mayInspect: false });
  });

  it('answers creations and changes outside scope as not found', async () => {
    const outside = await district.request({ method: 'POST', url: '/api/stations', payload: station({ areaCode: '981102001' }) });
    expect(outside.statusCode).toBe(404);
    expect((await volunteer.request({ method: 'POST', url: '/api/stations', payload: station() })).statusCode).toBe(404);
    const { id } = await create(district);
    const patch = await otherDistrict.request({ method: 'PATCH', url: `/api/stations/${id}`, payload: { name: '改名' } });
    const missing = await otherDistrict.request({
      method: 'PATCH',
      url: '/api/stations/00000000-0000-4000-8000-000000000999',
      payload: { name: '改名' },
    });
    expect(patch.statusCode).toBe(404);
    expect(patch.json()).toEqual(missing.json());
  });

  it('updates a station in scope, records which fields changed, and keeps it in scope', async () => {
    const { id } = await create(district);
    const response = await district.request({
      method: 'PATCH',
      url: `/api/stations/${id}`,
      payload: { name: '清波雷锋之家', kind: 'leifeng_home', openingHours: '周一至周五 9:00–17:00', lat: 30.24, lng: 120.16 },
    });
    expect(response.json()).toMatchObject({ name: '清波雷锋之家', kind: 'leifeng_home', lat: 30.24, lng: 120.16 });
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'station.update')));
    expect(entry.summary).toEqual({ changed: ['name', 'kind', 'lat', 'lng', 'openingHours'] });
    const away = await district.request({ method: 'PATCH', url: `/api/stations/${id}`, payload: { areaCode: '981102001' } });
    expect(away.statusCode).toBe(400);
    expect(details(away)).toEqual(['areaCode:scope']);
  });

  it('names each bad field and its rule, and writes nothing', async () => {
    const before = (await t.database.db.select().from(auditLog)).length;
    const shape = await district.request({
      method: 'POST',
      url: '/api/stations',
      payload: station({ kind: 'kiosk', lat: 91, lng: 200, floorArea: -1, name: '', extra: 1 }),
    });
    expect(shape.statusCode).toBe(400);
    expect(details(shape)).toEqual([
      'extra:unrecognized_keys',
      'floorArea:too_small',
      'kind:invalid_value',
      'lat:too_big',
      'lng:too_big',
      'name:too_small',
    ]);
    const references = await district.request({
      method: 'POST',
      url: '/api/stations',
      payload: station({ areaCode: '981101009', hostOrganizationId: '00000000-0000-4000-8000-000000000999', lat: 30.2 }),
    });
    expect(details(references)).toEqual(['areaCode:exists', 'hostOrganizationId:exists', 'lng:required']);
    expect(references.json().error.details[0].message).toBe('区划 981101009 不存在');
    expect((await t.database.db.select().from(auditLog)).length).toBe(before);
  });
});

describe('inspections and the derived “to standard”', () => {
  it('follows the latest inspection by date, not the latest recorded', async () => {
    const { id } = await create(district);
    const all = await activeCodes();
    expect((await inspect(district, id, '2026-01-10', all)).json()).toMatchObject({ toStandard: true, lastInspectedOn: '2026-01-10' });
    // A later inspection that missed an item flips it.
    const failing = await inspect(district, id, '2026-02-10', all.slice(1));
    expect(failing.json()).toMatchObject({ toStandard: false, lastInspectedOn: '2026-02-10' });
    // An older inspection entered afterwards does not.
    const late = await inspect(district, id, '2026-01-20', all);
    expect(late.json()).toMatchObject({ toStandard: false, lastInspectedOn: '2026-02-10' });
    expect(late.json().inspections.map((i: { inspectedOn: string }) => i.inspectedOn)).toEqual(['2026-02-10', '2026-01-20', '2026-01-10']);
    expect((await inspect(district, id, '2026-03-01', all)).json().toStandard).toBe(true);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'station.inspect')));
    expect(entry.summary).toMatchObject({ inspectedOn: '2026-01-10', itemsMet: all });
  });

  it('refuses future dates and unknown items with field and rule, and out-of-scope stations', async () => {
    const { id } = await create(district);
    const [y, m, d] = todayInChina().split('-').map(Number);
    const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    const bad = await inspect(district, id, tomorrow, ['signage', 'no_such_item']);
    expect(bad.statusCode).toBe(400);
    expect(details(bad)).toEqual(['inspectedOn:not_future', 'itemsMet.1:exists']);
    expect((await inspect(district, id, todayInChina(), ['signage'])).statusCode).toBe(201);
    expect((await inspect(otherDistrict, id, todayInChina(), ['signage'])).statusCode).toBe(404);
    expect((await inspect(volunteer, id, todayInChina(), ['signage'])).statusCode).toBe(404);
  });
});

describe('listing stations', () => {
  it('filters by area subtree, kind, name and to-standard, with paging', async () => {
    const all = await activeCodes();
    const passing = await create(district, { name: '筛选-达标站', areaCode: '981101002', kind: 'youth_v_station' });
    const failing = await create(district, { name: '筛选-未达标站', areaCode: '981101002', kind: 'youth_v_station' });
    await create(district, { name: '筛选-未检查站', areaCode: '981101002', kind: 'service_station' });
    await create(otherDistrict, { name: '筛选-外区站', areaCode: '981102001', kind: 'youth_v_station' });
    await inspect(district, passing.id, '2026-01-05', all);
    await inspect(district, failing.id, '2026-01-05', []);
    const names = async (query: string) =>
      ((await volunteer.request({ url: `/api/stations?q=筛选&${query}` })).json() as { items: { name: string }[] }).items.map(
        (s) => s.name,
      );
    expect(await names('within=981101002')).toEqual(['筛选-未检查站', '筛选-未达标站', '筛选-达标站'].sort());
    expect(await names('kind=youth_v_station')).toHaveLength(3);
    expect(await names('within=981101&kind=youth_v_station&toStandard=true')).toEqual(['筛选-达标站']);
    expect(await names('within=9811&toStandard=false')).toEqual(['筛选-未达标站']);
    const paged = await volunteer.request({ url: '/api/stations?q=筛选&page=2&pageSize=3' });
    expect(paged.json()).toMatchObject({ total: 4, items: [expect.objectContaining({ name: '筛选-外区站' })] });
    const item = (await volunteer.request({ url: '/api/stations?q=筛选-达标站' })).json().items[0];
    expect(item).toMatchObject({ toStandard: true, lastInspectedOn: '2026-01-05', areaCode: '981101002', floorArea: 45.5 });
    expect((await volunteer.request({ url: '/api/stations?toStandard=maybe' })).statusCode).toBe(400);
  });
});

describe('keepers', () => {
  it('grants a keeper by phone: the account’s open session sees the grant at once; revoking takes it away', async () => {
    const { id } = await create(district);
    const phone = phoneNumber();
    const keeper = await signIn(
      t.app,
      await buildAccount(t.database.db, t.config, [{ role: 'resident' }], { phone, displayName: '王站长' }),
    );
    const roles = async () => (await keeper.request({ url: '/api/auth/me' })).json().grants.map((g: { role: string }) => g.role);
    expect(await roles()).toEqual(['resident']);
    const granted = await district.request({ method: 'POST', url: `/api/stations/${id}/keepers`, payload: { login: phone } });
    expect(granted.statusCode).toBe(200);
    const [keeperEntry] = granted.json();
    expect(keeperEntry.displayName).toBe('王站长');
    expect((await keeper.request({ url: '/api/auth/me' })).json().grants).toEqual([
      expect.objectContaining({ role: 'resident' }),
      expect.objectContaining({ role: 'station_keeper', stationId: id }),
    ]);
    // Granting twice keeps one grant.
    await district.request({ method: 'POST', url: `/api/stations/${id}/keepers`, payload: { login: phone } });
    const grants = await t.database.db.select().from(roleGrants).where(eq(roleGrants.stationId, id));
    expect(grants).toHaveLength(1);
    expect((await district.request({ url: `/api/stations/${id}` })).json().keepers).toEqual([
      { accountId: keeperEntry.accountId, displayName: '王站长' },
    ]);

    const revoked = await district.request({ method: 'DELETE', url: `/api/stations/${id}/keepers/${keeperEntry.accountId}` });
    expect(revoked.statusCode).toBe(204);
    expect(await roles()).toEqual(['resident']);
    const again = await district.request({ method: 'DELETE', url: `/api/stations/${id}/keepers/${keeperEntry.accountId}` });
    expect(again.statusCode).toBe(404);
    const actions = await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(actions.map((a) => a.action)).toEqual(['station.create', 'station.keeperGrant', 'station.keeperRevoke']);
  });

  it('lets a new keeper granted by username sign in and see the grant', async () => {
    const { id } = await create(district);
    const account = await buildAccount(t.database.db, t.config, []);
    const granted = await district.request({
      method: 'POST',
      url: `/api/stations/${id}/keepers`,
      payload: { login: account.login.toUpperCase() },
    });
    expect(granted.statusCode).toBe(200);
    const keeper = await signIn(t.app, { login: account.login, password: PASSWORD });
    const me = (await keeper.request({ url: '/api/auth/me' })).json();
    expect(me.grants).toEqual([expect.objectContaining({ role: 'station_keeper', stationId: id })]);
    expect(me.permissions).toContain('station.read');
  });

  it('names the login field when no account has it, and hides stations outside scope', async () => {
    const { id } = await create(district);
    const missing = await district.request({ method: 'POST', url: `/api/stations/${id}/keepers`, payload: { login: 'nobody-here' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ field: 'login', rule: 'exists', message: '找不到该手机号或用户名对应的账号' }]);
    const outside = await otherDistrict.request({ method: 'POST', url: `/api/stations/${id}/keepers`, payload: { login: 'nobody-here' } });
    expect(outside.statusCode).toBe(404);
  });
});

describe('the standards checklist', () => {
  it('names a malformed code on its own field, in the user’s language', async () => {
    const items = [{ code: 'First aid', nameZh: '配备急救箱', nameEn: 'First-aid kit' }];
    const response = await city.request({ method: 'PUT', url: '/api/stations/standards', payload: { items } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'items.0.code', rule: 'custom', message: '代码须以小写字母开头，由 2–40 位小写字母、数字或下划线组成' },
    ]);
  });

  it('needs a city admin to change, retires what is left out, and re-derives “to standard”', async () => {
    const { id } = await create(district);
    const standards = (await volunteer.request({ url: '/api/stations/standards' })).json() as { code: string; active: boolean }[];
    await inspect(district, id, '2026-04-01', await activeCodes());
    expect((await district.request({ url: `/api/stations/${id}` })).json().toStandard).toBe(true);

    const items = [
      ...standards.filter((s) => s.code !== 'records_kept'),
      { code: 'first_aid_kit', nameZh: '配备急救箱', nameEn: 'First-aid kit', active: true, sort: 7 },
    ];
    const refused = await district.request({ method: 'PUT', url: '/api/stations/standards', payload: { items } });
    expect(refused.statusCode).toBe(403);
    const duplicate = await city.request({ method: 'PUT', url: '/api/stations/standards', payload: { items: [...items, items[0]] } });
    expect(details(duplicate)).toEqual([`items.${items.length}.code:unique`]);

    const saved = await city.request({ method: 'PUT', url: '/api/stations/standards', payload: { items } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().find((s: { code: string }) => s.code === 'records_kept')).toMatchObject({ active: false });
    // The new item is in force: the latest inspection did not check it.
    const after = (await district.request({ url: `/api/stations/${id}` })).json();
    expect(after).toMatchObject({ toStandard: false });
    expect(after.inspections[0].itemsMet).toContain('records_kept');
    const kept = await t.database.db.select().from(stationStandards).where(eq(stationStandards.code, 'records_kept'));
    expect(kept).toHaveLength(1);
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'station.standardsUpdate'));
    expect(entry.summary).toEqual({ added: ['first_aid_kit'], retired: ['records_kept'], active: items.length });
    expect((await inspect(district, id, '2026-04-02', await activeCodes())).json().toStandard).toBe(true);
  });
});
