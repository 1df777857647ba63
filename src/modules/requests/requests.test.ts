import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { daysAhead, details, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog, hotlineCalls, requestEvents, serviceRequests } from '../../db/schema.ts';
import { unseal } from '../../platform/pii.ts';

type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
beforeAll(async () => {
  w = await requestsWorld();
});
afterAll(() => w.t.close());

const window = (days: number, hour = 9) => ({
  windowStart: daysAhead(days, hour).toISOString(),
  windowEnd: daysAhead(days, hour + 2).toISOString(),
});
const countFor = async (beneficiaryId: string) =>
  rowsOf<{ n: number }>(await w.db.execute(sql`select count(*)::int n from service_requests where beneficiary_id = ${beneficiaryId}`))[0].n;
const eventsOf = async (requestId: string) =>
  (await w.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId))).map((e) => e.kind).sort();

describe('raising a request', () => {
  it('a resident raises one for themselves: numbered, placed at their sealed address, timed by the SLA', async () => {
    const before = Date.now();
    const created = await w.raise(w.resident, {
      beneficiaryId: w.residentBeneficiary.id,
      categoryCode: 'companionship',
      channel: 'app',
      ...window(3),
    });
    expect(created).toMatchObject({
      status: 'new',
      channel: 'app',
      headcount: 1,
      urgency: 'normal',
      escalationLevel: 0,
      mergedInto: null,
      guardWarnings: [],
    });
    expect(created.requestNo).toMatch(/^XQ\d{8}\d{6}$/);
    expect(created.placeMasked).toBe('文三路…');
    expect(created.place).toBe(w.residentBeneficiary.address);
    expect(created.beneficiary).toMatchObject({ name: '王阿婆' });
    // normal: 8 h to triage, 24 h to assign (DEFAULT_REQUEST_SLA).
    expect(Date.parse(created.triageDueAt) - before).toBeGreaterThanOrEqual(8 * 3600_000 - 1000);
    expect(Date.parse(created.assignDueAt) - before).toBeLessThan(24 * 3600_000 + 60_000);
    const [row] = await w.db.select().from(serviceRequests).where(eq(serviceRequests.id, created.id));
    expect(unseal(w.t.config.piiKeys, { cipher: row.placeCipher as string, keyVersion: row.placeKeyVersion as number })).toBe(
      w.residentBeneficiary.address,
    );
    expect(await eventsOf(created.id)).toEqual(['created']);
  });

  it('the place shown before assignment is the road only, however the address was typed; else the area', async () => {
    const [area] = rowsOf<{ name: string }>(await w.db.execute(sql`select name from areas where code = ${w.COMMUNITY}`));
    const cases: [string, string][] = [
      ['文三路一百号三幢三零一室', '文三路…'],
      ['文三路１００号３幢３０１室', '文三路…'],
      ['文三路100号3幢301室', '文三路…'],
      ['3幢301室', `${area.name}…`],
    ];
    let d = 30;
    for (const [address, masked] of cases) {
      // On the beneficiary's record (copied when the request names no place) and as the request's own place.
      const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, address });
      const copied = await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(d++) });
      expect(copied.placeMasked, address).toBe(masked);
      const other = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
      const own = await w.raise(w.community, {
        beneficiaryId: other.id,
        categoryCode: 'cleaning',
        channel: 'walk_in',
        place: { address },
        ...window(d++),
      });
      expect(own.placeMasked, address).toBe(masked);
    }
  });

  it("a resident cannot raise one for someone else's record", async () => {
    const other = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const response = await w.resident.request({
      method: 'POST',
      url: '/api/requests',
      payload: { beneficiaryId: other.id, categoryCode: 'companionship', channel: 'app', ...window(3) },
    });
    expect(response.statusCode).toBe(404);
  });

  it('bad input: each rule names its field, and nothing is written', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const post = (payload: Record<string, unknown>) =>
      w.community.request({
        method: 'POST',
        url: '/api/requests',
        payload: { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(4), ...payload },
      });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ categoryCode: 'no_such' }, ['categoryCode:exists']],
      [{ windowStart: daysAhead(-1).toISOString(), windowEnd: daysAhead(-1, 11).toISOString() }, ['windowStart:future']],
      [{ windowStart: daysAhead(4, 11).toISOString(), windowEnd: daysAhead(4, 10).toISOString() }, ['windowEnd:afterStart']],
      [{ windowStart: daysAhead(400).toISOString(), windowEnd: daysAhead(400, 11).toISOString() }, ['windowStart:withinYear']],
      [{ windowStart: daysAhead(4, 9).toISOString(), windowEnd: daysAhead(6, 9).toISOString() }, ['windowEnd:maxLength']],
      [{ headcount: 5 }, ['headcount:max']],
      [{ skills: ['first_aid', 'juggling'] }, ['skills:exists']],
      [{ place: { address: '某地 1 号', areaCode: '339999001001' } }, ['place.areaCode:exists']],
      [{ place: { address: '古荡 1 号', areaCode: '330106002001' } }, ['place.areaCode:scope']],
      [{ stationId: '00000000-0000-4000-8000-0000000000ff' }, ['stationId:exists']],
    ];
    for (const [payload, expected] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(details(response)).toEqual(expected);
    }
    const headcount = await post({ headcount: 5 });
    expect(headcount.json().error.message).toContain('4');
    expect(await countFor(b.id)).toBe(0);
  });

  it('a person with no way to reach them (no phone, no account, no station) is refused', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, phone: null });
    const response = await w.community.request({
      method: 'POST',
      url: '/api/requests',
      payload: { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(4) },
    });
    expect(response.statusCode).toBe(400);
    expect(details(response)).toEqual(['beneficiaryId:reachable']);
    const noPlace = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, address: null });
    const placeless = await w.community.request({
      method: 'POST',
      url: '/api/requests',
      payload: { beneficiaryId: noPlace.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(4) },
    });
    expect(details(placeless)).toEqual(['place:required']);
  });

  it('a duplicate of an open request (same person, category, China day) is merged into it with notice', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const first = await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'meal_delivery', channel: 'walk_in', ...window(5, 9) });
    const response = await w.operator.request({
      method: 'POST',
      url: '/api/requests',
      payload: { beneficiaryId: b.id, categoryCode: 'meal_delivery', channel: 'hotline', ...window(5, 15) },
    });
    expect(response.statusCode).toBe(200);
    const merged = response.json();
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: first.id, requestNo: first.requestNo } });
    expect(merged.notice).toContain(first.requestNo);
    expect(await eventsOf(merged.id)).toEqual(['created', 'merged']);
    expect(await eventsOf(first.id)).toEqual(['created', 'merged']);
    // Another day is another request.
    expect(
      (await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'meal_delivery', channel: 'walk_in', ...window(6) })).status,
    ).toBe('new');
  });

  it('the answer to a save shows the request as reading it back does, for each who raises one', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const monday = 21 - ((new Date(daysAhead(21).getTime() + 8 * 3600_000).getUTCDay() + 6) % 7);
    for (const day of [0, 1, 2])
      await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(monday + day) });
    const saves = [
      // The resident's own: the full place, no phone.
      [w.resident, { beneficiaryId: w.residentBeneficiary.id, categoryCode: 'counseling', channel: 'app', ...window(4) }],
      // A guard warning (助洁: three a week).
      [w.community, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', notes: '钥匙在门卫', ...window(monday + 3) }],
      // A duplicate of the first cleaning, merged, with the notice.
      [w.operator, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'hotline', urgency: 'urgent', ...window(monday, 15) }],
    ] as const;
    const answers = [];
    for (const [as, payload] of saves) {
      const saved = await as.request({ method: 'POST', url: '/api/requests', payload });
      expect(saved.statusCode).toBeLessThanOrEqual(201);
      const { notice, ...answer } = saved.json();
      const { events, assignments, mayActions, ...read } = (await as.request({ url: `/api/requests/${answer.id}` })).json();
      expect(answer).toEqual(read);
      expect(notice === null).toBe(answer.status === 'new');
      answers.push(answer);
    }
    expect(answers.map((a) => [a.status, a.guardWarnings.length, a.place !== null])).toEqual([
      ['new', 0, true],
      ['new', 1, false],
      ['merged', 0, false],
    ]);
  });

  it('a hotline request links the call it was taken on', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const me = (await w.operator.request({ url: '/api/auth/me' })).json();
    const [call] = await w.db.insert(hotlineCalls).values({ operatorAccountId: me.id, areaCode: w.COMMUNITY }).returning();
    const created = await w.raise(w.operator, {
      beneficiaryId: b.id,
      categoryCode: 'legal_aid',
      channel: 'hotline',
      callId: call.id,
      ...window(3),
    });
    const [linked] = await w.db.select().from(hotlineCalls).where(eq(hotlineCalls.id, call.id));
    expect(linked.requestId).toBe(created.id);
  });
});

describe('the over-service guard', () => {
  // A week of its own, far enough ahead: Monday of the week 14 days from now.
  const monday = (() => {
    const d = daysAhead(14);
    const dow = (new Date(d.getTime() + 8 * 3600_000).getUTCDay() + 6) % 7;
    return 14 - dow;
  })();

  it('warns (cleaning: at most 3 a week, warn) and records the warning', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    for (const day of [0, 1, 2])
      await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(monday + day) });
    const fourth = await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'cleaning', channel: 'walk_in', ...window(monday + 3) });
    expect(fourth.status).toBe('new');
    expect(fourth.guardWarnings).toEqual([expect.objectContaining({ rule: 'perWeek', count: 4, limit: 3 })]);
    expect(await eventsOf(fourth.id)).toEqual(['created', 'guard_warned']);
  });

  it('blocks (foot washing: twice a week) unless an office gives a reason, which is audited', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    for (const day of [0, 1])
      await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'foot_wash', channel: 'walk_in', ...window(monday + day) });
    const third = { beneficiaryId: b.id, categoryCode: 'foot_wash', channel: 'walk_in', ...window(monday + 2) };
    for (const reason of [undefined, ' ab ']) {
      const refused = await w.community.request({
        method: 'POST',
        url: '/api/requests',
        payload: { ...third, guardOverrideReason: reason },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'RULE_VIOLATION' });
      expect(details(refused)).toEqual(['guardOverrideReason:serviceGuard']);
    }
    expect(await countFor(b.id)).toBe(2);
    const created = await w.raise(w.community, { ...third, guardOverrideReason: '医嘱要求本周加一次' });
    expect(created.guardWarnings).toEqual([expect.objectContaining({ rule: 'perWeek', count: 3, limit: 2 })]);
    expect(await eventsOf(created.id)).toEqual(['created', 'guard_overridden']);
    const audit = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'request.overrideGuard')));
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toMatchObject({ reason: '医嘱要求本周加一次' });
  });

  it('cancelled and merged services do not count', async () => {
    const b = await buildBeneficiary(w.db, { areaCode: w.COMMUNITY });
    const first = await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'haircut', channel: 'walk_in', ...window(monday) });
    await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'haircut', channel: 'walk_in', ...window(monday, 15) }); // merged
    const cancel = await w.stepOn(w.community, first.id, { action: 'cancel', reason: '老人住院' });
    expect(cancel.statusCode).toBe(200);
    for (const day of [1, 2])
      expect(
        (await w.raise(w.community, { beneficiaryId: b.id, categoryCode: 'haircut', channel: 'walk_in', ...window(monday + day) })).status,
      ).toBe('new');
  });
});
