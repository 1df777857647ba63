import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, phoneNumber, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { auditLog, beneficiaries, stations } from '../../db/schema.ts';

/** Two districts of one city: the operator and the office work in 983101, the other district is 983102. */
const HOME = '983101001001';
const ELSEWHERE = '983102001001';

let t: TestApp;
let operator: Session;
let otherOperator: Session;
let community: Session;
let keeper: Session;
let resident: Session;
let stationId: string;
let otherStationId: string;
const residentPhone = phoneNumber();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [HOME, ELSEWHERE]) await buildArea(db, code);
  const [station] = await db
    .insert(stations)
    .values({ name: '德加 U 站', kind: 'u_station', areaCode: HOME, address: '德加路 1 号' })
    .returning({ id: stations.id });
  stationId = station.id;
  const [other] = await db
    .insert(stations)
    .values({ name: '古荡 U 站', kind: 'u_station', areaCode: HOME, address: '古荡路 2 号' })
    .returning({ id: stations.id });
  otherStationId = other.id;
  operator = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'operator', areaCode: '983101' }]));
  otherOperator = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'operator', areaCode: '983102' }]));
  community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: HOME }]));
  keeper = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'station_keeper', stationId }]));
  resident = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'resident' }], { phone: residentPhone }));
});
afterAll(() => t.close());

const person = (extra: Record<string, unknown> = {}) => ({
  name: '王阿婆',
  kind: 'elderly_alone',
  birthYear: 1940,
  areaCode: HOME,
  address: '德加社区 3 幢 2 单元 501 室',
  phone: phoneNumber(),
  notes: '行动不便，糖尿病',
  consentBy: 'self',
  consent: true,
  ...extra,
});

async function create(session: Session, extra: Record<string, unknown> = {}) {
  const response = await session.request({ method: 'POST', url: '/api/beneficiaries', payload: person(extra) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; phoneMasked: string; addressMasked: string; contactPhoneMasked: string | null };
}

const fields = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response
    .json()
    .error.details.map((d) => `${d.field}:${d.rule}`)
    .sort();

describe('registering a person served', () => {
  it('seals phone, address and notes, shows them masked, and audits the creation', async () => {
    const phone = phoneNumber();
    const created = await create(operator, { phone });
    expect(created).toMatchObject({
      phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      addressMasked: '德加社区 3 幢 ***',
      hasNotes: true,
      mayRevealPii: true,
      mayEdit: true,
    });
    expect(JSON.stringify(created)).not.toContain(phone);
    expect(JSON.stringify(created)).not.toContain('糖尿病');
    const [row] = await t.database.db.select().from(beneficiaries).where(eq(beneficiaries.id, created.id));
    expect(row.phoneCipher).not.toContain(phone);
    expect(row.addressCipher).not.toContain('501');
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entry).toMatchObject({ action: 'beneficiary.create', areaCode: HOME });
  });

  it('names the field of each bad input', async () => {
    const bad = await operator.request({
      method: 'POST',
      url: '/api/beneficiaries',
      payload: person({ phone: '12345', contactPhone: '021-1234', birthYear: 1850, areaCode: '983101001' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['areaCode:level', 'birthYear:range', 'contactPhone:mobile', 'phone:mobile']);
    const unreachable = await operator.request({
      method: 'POST',
      url: '/api/beneficiaries',
      payload: person({ phone: undefined, address: undefined }),
    });
    expect(fields(unreachable)).toEqual(['phone:reachable']);
    const child = await operator.request({ method: 'POST', url: '/api/beneficiaries', payload: person({ kind: 'child_in_care' }) });
    expect(fields(child)).toEqual(['consentBy:guardian']);
    const outside = await operator.request({ method: 'POST', url: '/api/beneficiaries', payload: person({ areaCode: ELSEWHERE }) });
    expect(fields(outside)).toEqual(['areaCode:scope']);
    const noConsent = await operator.request({ method: 'POST', url: '/api/beneficiaries', payload: person({ consent: false }) });
    expect(noConsent.statusCode).toBe(400);
    expect(fields(noConsent)).toEqual(['consent:invalid_value']);
  });

  it('links a resident’s own record to their account, once', async () => {
    const created = await create(resident, { name: '李大爷', phone: residentPhone });
    expect(created).toMatchObject({ ownAccount: true });
    const me = await resident.request({ url: '/api/beneficiaries/me' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ id: created.id, name: '李大爷' });
    const again = await resident.request({ method: 'POST', url: '/api/beneficiaries', payload: person() });
    expect(again.statusCode).toBe(409);
    const other = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'resident' }]));
    expect((await other.request({ url: '/api/beneficiaries/me' })).statusCode).toBe(404);
    expect((await other.request({ url: `/api/beneficiaries/${created.id}` })).statusCode).toBe(404);
  });

  it('lets a resident register themselves only with their own phone, at no station, in an existing community', async () => {
    const own = phoneNumber();
    const someone = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'resident' }], { phone: own }));
    const post = (extra: Record<string, unknown>) => someone.request({ method: 'POST', url: '/api/beneficiaries', payload: person(extra) });
    const foreignPhone = await post({ phone: phoneNumber() });
    expect(foreignPhone.statusCode).toBe(400);
    expect(fields(foreignPhone)).toEqual(['phone:ownPhone']);
    expect(fields(await post({ phone: own, stationId }))).toEqual(['stationId:scope']);
    expect(fields(await post({ phone: own, areaCode: '983101009009' }))).toEqual(['areaCode:exists']);
    const typedOtherwise = await post({ phone: `+86 ${own.slice(0, 3)} ${own.slice(3)}` });
    expect(typedOtherwise.statusCode, typedOtherwise.body).toBe(201);
    expect(typedOtherwise.json()).toMatchObject({ ownAccount: true, stationId: null });
    // Nor can they put someone else's number on their record afterwards.
    const id = typedOtherwise.json().id;
    const patch = await someone.request({ method: 'PATCH', url: `/api/beneficiaries/${id}`, payload: { phone: phoneNumber() } });
    expect(fields(patch)).toEqual(['phone:ownPhone']);
    // A username-only account has no phone of its own to give: an address reaches them.
    const noPhone = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'resident' }]));
    const withPhone = await noPhone.request({ method: 'POST', url: '/api/beneficiaries', payload: person() });
    expect(fields(withPhone)).toEqual(['phone:ownPhone']);
    const byAddress = await noPhone.request({ method: 'POST', url: '/api/beneficiaries', payload: person({ phone: undefined }) });
    expect(byAddress.statusCode, byAddress.body).toBe(201);
  });

  it('refuses a station keeper naming another station than their own', async () => {
    const other = await keeper.request({ method: 'POST', url: '/api/beneficiaries', payload: person({ stationId: otherStationId }) });
    expect(other.statusCode).toBe(400);
    expect(fields(other)).toEqual(['stationId:scope']);
    expect(await create(keeper, { stationId })).toMatchObject({ stationId });
  });

  it('registers a station keeper’s walk-in for their station, which they then look after alone', async () => {
    const created = await create(keeper, { name: '赵叔' });
    expect(created).toMatchObject({ stationId });
    expect((await keeper.request({ url: `/api/beneficiaries/${created.id}` })).statusCode).toBe(200);
    const other = await create(operator, { name: '钱婶' });
    expect((await keeper.request({ url: `/api/beneficiaries/${other.id}` })).statusCode).toBe(404);
  });
});

describe('finding people and reading their data', () => {
  it('finds a person by their own phone or their family contact’s, typed any way, and by name', async () => {
    const own = phoneNumber();
    const daughter = phoneNumber();
    const created = await create(operator, {
      name: '孙奶奶',
      phone: own,
      contactName: '孙女士',
      contactRelation: '女儿',
      contactPhone: daughter,
    });
    const spaced = `${daughter.slice(0, 3)} ${daughter.slice(3, 7)} ${daughter.slice(7)}`;
    for (const phone of [own, `+86${own}`, spaced]) {
      const res = await operator.request({ url: `/api/beneficiaries?phone=${encodeURIComponent(phone)}` });
      expect(res.statusCode, res.body).toBe(200);
      const found = res.json();
      expect(found.items.map((b: { id: string }) => b.id)).toEqual([created.id]);
    }
    const byName = (await operator.request({ url: `/api/beneficiaries?q=${encodeURIComponent('孙奶')}` })).json();
    expect(byName.items.map((b: { name: string }) => b.name)).toContain('孙奶奶');
    const bad = await operator.request({ url: '/api/beneficiaries?phone=123' });
    expect(fields(bad)).toEqual(['phone:mobile']);
  });

  it('shows an operator of another district nothing: not in lists, 404 on the record and its data', async () => {
    const phone = phoneNumber();
    const created = await create(operator, { phone });
    expect((await otherOperator.request({ url: `/api/beneficiaries?phone=${phone}` })).json()).toEqual({ items: [], total: 0 });
    expect((await otherOperator.request({ url: `/api/beneficiaries/${created.id}` })).statusCode).toBe(404);
    expect((await otherOperator.request({ url: `/api/beneficiaries/${created.id}/pii` })).statusCode).toBe(404);
    const patch = await otherOperator.request({ method: 'PATCH', url: `/api/beneficiaries/${created.id}`, payload: { name: 'x' } });
    expect(patch.statusCode).toBe(404);
  });

  it('reveals phones, address and notes only on request, and audits each look', async () => {
    const phone = phoneNumber();
    const created = await create(operator, { phone });
    const response = await community.request({ url: `/api/beneficiaries/${created.id}/pii` });
    expect(response.json()).toEqual({ phone, contactPhone: null, address: '德加社区 3 幢 2 单元 501 室', notes: '行动不便，糖尿病' });
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'beneficiary.readPii')));
    expect(entries).toHaveLength(1);
    expect(entries[0].summary).toEqual({ fields: ['phone', 'address', 'notes'] });
    expect(JSON.stringify(entries[0].summary)).not.toContain(phone);
    // A station keeper looks after walk-ins but does not read their sealed data.
    const walkIn = await create(keeper);
    expect((await keeper.request({ url: `/api/beneficiaries/${walkIn.id}` })).json()).toMatchObject({ mayRevealPii: false });
    expect((await keeper.request({ url: `/api/beneficiaries/${walkIn.id}/pii` })).statusCode).toBe(404);
  });

  it('shows where a person lives to about a kilometre, and the family contact’s name masked, to those without the PII permission', async () => {
    const created = await create(keeper, { lat: 30.276543, lng: 120.123456, contactName: '孙女士', contactPhone: phoneNumber() });
    const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '983101' }]));
    for (const reader of [keeper, auditor]) {
      const seen = await reader.request({ url: `/api/beneficiaries/${created.id}` });
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json()).toMatchObject({ lat: 30.28, lng: 120.12, contactName: '孙*士', mayRevealPii: false });
    }
    const listed = (await auditor.request({ url: `/api/beneficiaries?q=${encodeURIComponent('王阿婆')}&pageSize=200` })).json();
    const row = listed.items.find((b: { id: string }) => b.id === created.id);
    expect(row).toMatchObject({ lat: 30.28, lng: 120.12, contactName: '孙*士' });
    expect((await operator.request({ url: `/api/beneficiaries/${created.id}` })).json()).toMatchObject({
      lat: 30.276543,
      lng: 120.123456,
      contactName: '孙女士',
      mayRevealPii: true,
    });
  });

  it('updates a record: a new phone is found by its index, the old one no more', async () => {
    const before = phoneNumber();
    const after = phoneNumber();
    const created = await create(operator, { phone: before });
    const response = await operator.request({
      method: 'PATCH',
      url: `/api/beneficiaries/${created.id}`,
      payload: { phone: after, address: '' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ phoneMasked: `${after.slice(0, 3)}****${after.slice(7)}`, addressMasked: null, history: [] });
    expect((await operator.request({ url: `/api/beneficiaries?phone=${before}` })).json().total).toBe(0);
    expect((await operator.request({ url: `/api/beneficiaries?phone=${after}` })).json().total).toBe(1);
    const unreachable = await operator.request({ method: 'PATCH', url: `/api/beneficiaries/${created.id}`, payload: { phone: null } });
    expect(fields(unreachable)).toEqual(['phone:reachable']);
  });
});
