import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildVolunteer, phoneNumber, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { hotlineCalls, requestAssignments, serviceRequests } from '../../db/schema.ts';

const HOME = '983201001001';
const ELSEWHERE = '983202001001';

let t: TestApp;
let operator: Session;
let otherOperator: Session;
let district: Session;
let volunteer: Session;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [HOME, ELSEWHERE]) await buildArea(db, code);
  operator = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'operator', areaCode: '983201' }], { displayName: '坐席小周' }));
  otherOperator = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'operator', areaCode: '983202' }]));
  district = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'district_admin', areaCode: '983201' }]));
  volunteer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'volunteer' }]));
});
afterAll(() => t.close());

async function register(session: Session, extra: Record<string, unknown>) {
  const response = await session.request({
    method: 'POST',
    url: '/api/beneficiaries',
    payload: { name: '周阿公', kind: 'elderly_alone', areaCode: HOME, consentBy: 'self', consent: true, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

let sequence = 0;
/** A past request, served and rated, straight into the table (the requests module owns its workflow). */
async function pastRequest(beneficiaryId: string, volunteerId: string, daysAgo: number, rating: number) {
  const start = new Date(Date.now() - daysAgo * 86_400_000);
  const [row] = await t.database.db
    .insert(serviceRequests)
    .values({
      requestNo: `XQT${Date.now()}${++sequence}`,
      beneficiaryId,
      categoryCode: 'elderly_care',
      areaCode: HOME,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
      channel: 'hotline',
      status: 'rated',
      rating,
      triageDueAt: start,
      assignDueAt: start,
    })
    .returning({ id: serviceRequests.id });
  await t.database.db.insert(requestAssignments).values({ requestId: row.id, volunteerId, via: 'assigned' });
  return row.id;
}

const startCall = (session: Session, callerPhone: string) =>
  session.request({ method: 'POST', url: '/api/hotline/calls', payload: { callerPhone } });

describe('taking a call', () => {
  it('logs the call and finds the caller by their own number, with who served them and the ratings', async () => {
    const phone = phoneNumber();
    const person = await register(operator, { phone });
    const served = await buildVolunteer(t.database.db, t.config, { areaCode: HOME, name: '陈志愿' });
    await pastRequest(person.id, served.id, 10, 5);
    await pastRequest(person.id, served.id, 3, 4);
    const response = await startCall(operator, `+86 ${phone}`);
    expect(response.statusCode, response.body).toBe(201);
    const { call, beneficiaries } = response.json();
    expect(call).toMatchObject({
      operatorName: '坐席小周',
      areaCode: '983201',
      callerPhoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      outcome: null,
      endedAt: null,
      beneficiaryId: person.id,
    });
    expect(beneficiaries).toHaveLength(1);
    expect(beneficiaries[0]).toMatchObject({ id: person.id, callerIs: 'self' });
    expect(
      beneficiaries[0].history.map((h: { rating: number; servedBy: string[]; categoryNameZh: string }) => [
        h.rating,
        h.servedBy,
        h.categoryNameZh,
      ]),
    ).toEqual([
      [4, ['陈*愿'], '助老'],
      [5, ['陈*愿'], '助老'],
    ]);
    const [row] = await t.database.db.select().from(hotlineCalls).where(eq(hotlineCalls.id, call.id));
    expect(row.callerPhoneCipher).not.toContain(phone);
    expect(JSON.stringify(response.json())).not.toContain(phone);
  });

  it('finds everyone a family contact calls for, and links none until the operator says whom', async () => {
    const daughter = phoneNumber();
    const mother = await register(operator, { name: '吴奶奶', address: '古荡湾 5 幢 301', contactPhone: daughter });
    const father = await register(operator, { name: '吴爷爷', address: '古荡湾 5 幢 301', contactPhone: daughter });
    const { call, beneficiaries } = (await startCall(operator, daughter)).json();
    expect(beneficiaries.map((b: { id: string; callerIs: string }) => [b.id, b.callerIs]).sort()).toEqual(
      [
        [mother.id, 'contact'],
        [father.id, 'contact'],
      ].sort(),
    );
    expect(call.beneficiaryId).toBeNull();
    const ended = await operator.request({
      method: 'PATCH',
      url: `/api/hotline/calls/${call.id}`,
      payload: { outcome: 'information', notes: '询问助餐点', beneficiaryId: father.id },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ outcome: 'information', notes: '询问助餐点', beneficiaryName: '吴爷爷' });
    expect(ended.json().endedAt).not.toBeNull();
  });

  it('answers a new number with nobody found, and refuses a number that is not a mobile', async () => {
    const { beneficiaries, call } = (await startCall(operator, phoneNumber())).json();
    expect(beneficiaries).toEqual([]);
    expect(call.beneficiaryId).toBeNull();
    const bad = await startCall(operator, '0571-1234');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toMatchObject([{ field: 'callerPhone', rule: 'mobile' }]);
  });

  it('keeps another district’s operator out: the caller is not found there, the call is not theirs to end', async () => {
    const phone = phoneNumber();
    await register(operator, { phone });
    const there = (await startCall(otherOperator, phone)).json();
    expect(there.beneficiaries).toEqual([]);
    const { call } = (await startCall(operator, phone)).json();
    const end = await otherOperator.request({ method: 'PATCH', url: `/api/hotline/calls/${call.id}`, payload: { outcome: 'no_action' } });
    expect(end.statusCode).toBe(404);
    const list = (await otherOperator.request({ url: '/api/hotline/calls?pageSize=200' })).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    // A volunteer has no hotline seat at all: refused outright, nothing logged.
    const refused = await startCall(volunteer, phone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });

  it('lets only the operator who took a call end or amend it: a colleague of the same district gets 404, the call unchanged', async () => {
    const colleague = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'operator', areaCode: '983201' }]));
    const { call } = (await startCall(operator, phoneNumber())).json();
    const end = (s: Session, notes: string) =>
      s.request({ method: 'PATCH', url: `/api/hotline/calls/${call.id}`, payload: { outcome: 'information', notes } });
    expect((await end(operator, '询问助餐点')).statusCode).toBe(200);
    const rewrite = await end(colleague, '改写');
    expect(rewrite.statusCode).toBe(404);
    const [row] = await t.database.db.select().from(hotlineCalls).where(eq(hotlineCalls.id, call.id));
    expect(row).toMatchObject({ outcome: 'information', notes: '询问助餐点' });
  });

  it('links only a request and a person the operator may read: others are 404 naming the field', async () => {
    const served = await buildVolunteer(t.database.db, t.config, { areaCode: HOME });
    const there = await register(otherOperator, { name: '异地阿婆', areaCode: ELSEWHERE, phone: phoneNumber() });
    const foreignRequest = await pastRequest(there.id, served.id, 2, 5);
    await t.database.db.update(serviceRequests).set({ areaCode: ELSEWHERE }).where(eq(serviceRequests.id, foreignRequest));
    const here = await register(operator, { phone: phoneNumber() });
    const ownRequest = await pastRequest(here.id, served.id, 2, 5);
    const { call } = (await startCall(operator, phoneNumber())).json();
    const link = (payload: Record<string, unknown>) =>
      operator.request({ method: 'PATCH', url: `/api/hotline/calls/${call.id}`, payload: { outcome: 'information', ...payload } });
    const foreign = await link({ requestId: foreignRequest });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.details).toMatchObject([{ field: 'requestId', rule: 'exists' }]);
    const missing = await link({ requestId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.details).toMatchObject([{ field: 'requestId', rule: 'exists' }]);
    const person = await link({ beneficiaryId: there.id });
    expect(person.statusCode).toBe(404);
    expect(person.json().error.details).toMatchObject([{ field: 'beneficiaryId', rule: 'exists' }]);
    const [row] = await t.database.db.select().from(hotlineCalls).where(eq(hotlineCalls.id, call.id));
    expect(row).toMatchObject({ requestId: null, beneficiaryId: null });
    const ok = await link({ requestId: ownRequest, beneficiaryId: here.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ requestId: ownRequest, beneficiaryId: here.id });
  });

  it('lists the log with filters, newest first, the caller masked', async () => {
    const phone = phoneNumber();
    const { call } = (await startCall(operator, phone)).json();
    await operator.request({ method: 'PATCH', url: `/api/hotline/calls/${call.id}`, payload: { outcome: 'complaint' } });
    const byPhone = (await district.request({ url: `/api/hotline/calls?phone=${phone}` })).json();
    expect(byPhone.items).toMatchObject([
      { id: call.id, outcome: 'complaint', operatorName: '坐席小周', callerPhoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}` },
    ]);
    expect(byPhone.items[0].durationSeconds).toBeGreaterThanOrEqual(0);
    const complaints = (await district.request({ url: '/api/hotline/calls?outcome=complaint&mine=false' })).json();
    expect(complaints.items.every((c: { outcome: string }) => c.outcome === 'complaint')).toBe(true);
    const open = (await operator.request({ url: '/api/hotline/calls?outcome=open&mine=true' })).json();
    expect(open.items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    expect(open.items.every((c: { endedAt: string | null }) => c.endedAt === null)).toBe(true);
  });
});

describe('looking up a volunteer for a caller', () => {
  it('tells the masked name, status, stars and confirmed hours, by number or phone', async () => {
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: ELSEWHERE, name: '郑热心' });
    const byNumber = await operator.request({ url: `/api/hotline/volunteer-status?number=${v.volunteerNo}` });
    expect(byNumber.statusCode, byNumber.body).toBe(200);
    expect(byNumber.json()).toEqual({ volunteerNo: v.volunteerNo, nameMasked: '郑*心', status: 'active', stars: 0, totalHours: 0 });
    expect((await operator.request({ url: `/api/hotline/volunteer-status?phone=${v.phone}` })).json().volunteerNo).toBe(v.volunteerNo);
    expect((await operator.request({ url: '/api/hotline/volunteer-status?number=V000' })).statusCode).toBe(404);
    expect((await operator.request({ url: '/api/hotline/volunteer-status' })).statusCode).toBe(400);
  });
});
