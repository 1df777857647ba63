import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { insertBeneficiary, insertRequest, insertRequestEvent } from '../../../test/helpers/guard-world.ts';

/**
 * A small world, November 2026 (Mondays: 11-02, 11-09, 11-16, 11-23, 11-30). The rules are the
 * builtin ones: cleaning at most 1 a day and 3 a week (warn), medical escort 2 a day, elderly care none.
 */
const HOME = '981101001001';
const NEIGHBOUR = '981101001002';
const PERIOD = 'from=2026-11-01&until=2026-11-30';

let t: TestApp;
let community: Session;
let street: Session;
let neighbour: Session;
let volunteer: Session;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [HOME, NEIGHBOUR]) await buildArea(db, code);
  community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: HOME }]));
  street = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'street_admin', areaCode: '981101001' }]));
  neighbour = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: NEIGHBOUR }]));
  volunteer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'volunteer' }]));
  const person = async (name: string, areaCode = HOME, createdAt?: Date) => {
    ids[name] = await insertBeneficiary(db, t.config, { name, areaCode, createdAt });
    return ids[name];
  };
  const serve = (
    beneficiaryId: string,
    categoryCode: string,
    windowStart: string,
    status: 'done' | 'closed' | 'new' | 'cancelled' = 'done',
    areaCode = HOME,
  ) => insertRequest(db, { beneficiaryId, categoryCode, areaCode, windowStart, status });

  // 甲: two cleanings on 11-10 (a day over), four in the week of 11-09 (a week over); one escort; a cancelled cleaning.
  const a = await person('甲');
  const overridden = await serve(a, 'cleaning', '2026-11-10T09:00:00+08:00');
  await serve(a, 'cleaning', '2026-11-10T15:00:00+08:00');
  await serve(a, 'cleaning', '2026-11-11T09:00:00+08:00');
  await serve(a, 'cleaning', '2026-11-12T09:00:00+08:00');
  await serve(a, 'cleaning', '2026-11-13T09:00:00+08:00', 'cancelled');
  await serve(a, 'medical_escort', '2026-11-10T09:00:00+08:00');
  // 乙: one cleaning on the period's last day, three more the same ISO week after it: the week is over.
  const b = await person('乙');
  await serve(b, 'cleaning', '2026-11-30T09:00:00+08:00', 'closed');
  for (const day of ['01', '02', '03']) await serve(b, 'cleaning', `2026-12-${day}T09:00:00+08:00`, 'new');
  // 乙 again: two elderly-care visits; no rule, listed for the count only.
  await serve(b, 'elderly_care', '2026-11-03T09:00:00+08:00');
  await serve(b, 'elderly_care', '2026-11-04T09:00:00+08:00');
  // 丙: two cleanings on two China days that are one UTC day (23:30 and 00:30): within the rule.
  const c = await person('丙');
  await serve(c, 'cleaning', '2026-11-20T23:30:00+08:00');
  await serve(c, 'cleaning', '2026-11-21T00:30:00+08:00');
  // 丁: never served, one request still open; 戊: served in October only; 己: registered after the period.
  const d = await person('丁');
  await serve(d, 'elderly_care', '2026-11-25T09:00:00+08:00', 'new');
  await serve(await person('戊'), 'elderly_care', '2026-10-01T09:00:00+08:00');
  await person('己', HOME, new Date('2026-12-05T00:00:00Z'));
  // 庚 lives in the neighbouring community: two cleanings in a day.
  const g = await person('庚', NEIGHBOUR);
  const warned = await serve(g, 'cleaning', '2026-11-15T09:00:00+08:00', 'done', NEIGHBOUR);
  await serve(g, 'cleaning', '2026-11-15T14:00:00+08:00', 'done', NEIGHBOUR);

  await insertRequestEvent(db, {
    requestId: overridden,
    kind: 'guard_overridden',
    at: '2026-11-09T10:00:00+08:00',
    params: { rule: 'perDay', count: 2, limit: 1, reason: '家属出差，临时加一次' },
  });
  await insertRequestEvent(db, {
    requestId: warned,
    kind: 'guard_warned',
    at: '2026-11-14T10:00:00+08:00',
    params: { rule: 'perDay', count: 2, limit: 1 },
  });
});
afterAll(() => t.close());

interface Report {
  period: { from: string; until: string };
  manyServices: { name: string; categoryCode: string; services: number; maxPerDay: number; maxPerWeek: number; exceeded: boolean }[];
  notServed: { name: string; lastServedOn: string | null; openRequests: number }[];
  guardEvents: { kind: string; name: string; params: Record<string, unknown> }[];
}

const report = async (session: Session, query: string) => {
  const response = await session.request({ url: `/api/reports/service-guard?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json() as Report;
};

describe('the over-service report', () => {
  it('flags beneficiaries over a rule on some China day or ISO week, counting neither cancelled nor other categories', async () => {
    const { manyServices } = await report(community, `within=${HOME}&${PERIOD}`);
    expect(manyServices.map((r) => `${r.name} ${r.categoryCode} ${r.services} ${r.maxPerDay}/${r.maxPerWeek} ${r.exceeded}`)).toEqual([
      '甲 cleaning 4 2/4 true',
      '乙 cleaning 1 1/4 true',
      '丙 cleaning 2 1/2 false',
      '乙 elderly_care 2 1/2 false',
    ]);
  });

  it('lists who was not served in the period, never served first', async () => {
    const { notServed } = await report(community, `within=${HOME}&${PERIOD}`);
    expect(notServed.map((r) => [r.name, r.lastServedOn, r.openRequests])).toEqual([
      ['丁', null, 1],
      ['戊', '2026-10-01', 0],
    ]);
  });

  it('shows the guard’s warnings and overrides with the reason given', async () => {
    const own = await report(community, `within=${HOME}&${PERIOD}`);
    expect(own.guardEvents).toMatchObject([{ kind: 'guard_overridden', name: '甲', params: { reason: '家属出差，临时加一次', limit: 1 } }]);
    const whole = await report(street, `within=981101001&${PERIOD}`);
    expect(whole.guardEvents.map((e) => `${e.kind} ${e.name}`)).toEqual(['guard_warned 庚', 'guard_overridden 甲']);
    expect(whole.manyServices.filter((r) => r.exceeded).map((r) => r.name)).toEqual(['甲', '庚', '乙']);
  });

  it('narrows to a shorter period and lists from a chosen count', async () => {
    const { manyServices, period } = await report(community, `within=${HOME}&from=2026-11-10&until=2026-11-10&minServices=1`);
    expect(period).toEqual({ from: '2026-11-10', until: '2026-11-10' });
    expect(manyServices.map((r) => `${r.name} ${r.categoryCode} ${r.services} ${r.exceeded}`)).toEqual([
      '甲 cleaning 2 true',
      '甲 medical_escort 1 false',
    ]);
  });

  it('answers an office outside the area, or a volunteer, as if it did not exist, and refuses a backwards period', async () => {
    expect((await neighbour.request({ url: `/api/reports/service-guard?within=${HOME}` })).statusCode).toBe(404);
    expect((await volunteer.request({ url: `/api/reports/service-guard?within=${HOME}` })).statusCode).toBe(404);
    const backwards = await community.request({ url: `/api/reports/service-guard?within=${HOME}&from=2026-11-30&until=2026-11-01` });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toMatchObject([{ field: 'from', rule: 'period' }]);
  });

  it('hands the report out as a workbook, a sheet per table', async () => {
    const response = await community.request({ url: `/api/reports/service-guard/export.xlsx?within=${HOME}&${PERIOD}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('service-guard-981101001001-2026-11-01-2026-11-30.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['多次受服务', '期间未受服务', '规则提醒与越过']);
    expect(book.worksheets[0].getRow(2).values).toEqual([undefined, '甲', '区划981101001001', '助洁', 4, 2, 4, '是', '2026-11-12']);
    expect(book.worksheets[1].getRow(2).values).toEqual([undefined, '丁', '区划981101001001', '2026-01-01', '从未受服务', 1]);
    expect(book.worksheets[2].getRow(2).values).toEqual([
      undefined,
      '2026-11-09 10:00',
      '越过拦截',
      '甲',
      expect.any(String),
      '',
      '家属出差，临时加一次',
    ]);
    expect((await neighbour.request({ url: `/api/reports/service-guard/export.xlsx?within=${HOME}` })).statusCode).toBe(404);
  });
});
