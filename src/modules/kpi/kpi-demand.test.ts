import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { insertBeneficiary, insertRequest, type RequestFixture } from '../../../test/helpers/guard-world.ts';
import { requestAssignments } from '../../db/schema.ts';

/**
 * A small world for the window 2025-12 … 2026-11 (China time). Community X has five requests, Y one;
 * the expectations below are worked out by hand from the fixtures.
 */
const X = '981102001001';
const Y = '981102001002';

let t: TestApp;
let city: Session;
let communityX: Session;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const code of [X, Y]) await buildArea(db, code);
  city = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9811' }]));
  communityX = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: X }]));
  const volunteers: string[] = [];
  for (let i = 0; i < 3; i++) volunteers.push((await buildVolunteer(db, t.config, { areaCode: X })).id);
  const p = await insertBeneficiary(db, t.config, { name: '张', areaCode: X });
  const q = await insertBeneficiary(db, t.config, { name: '李', areaCode: X });
  const s = await insertBeneficiary(db, t.config, { name: '赵', areaCode: Y });
  const request = async (fixture: RequestFixture, sent: number) => {
    const id = await insertRequest(db, fixture);
    for (const volunteerId of volunteers.slice(0, sent))
      await db.insert(requestAssignments).values({ requestId: id, volunteerId, via: 'assigned' });
  };
  const base = { categoryCode: 'elderly_care', areaCode: X };
  // R1: assigned in 60 min, in time; 2 of 2 sent; closed, rated 5.
  await request(
    {
      ...base,
      beneficiaryId: p,
      createdAt: '2026-06-01T08:00:00+08:00',
      assignDueAt: '2026-06-01T20:00:00+08:00',
      assignedAt: '2026-06-01T09:00:00+08:00',
      headcount: 2,
      status: 'closed',
      rating: 5,
      windowStart: '2026-06-02T09:00:00+08:00',
    },
    2,
  );
  // R2: assigned in 240 min, late; 1 of 1; rated 3.
  await request(
    {
      ...base,
      beneficiaryId: p,
      createdAt: '2026-06-03T08:00:00+08:00',
      assignDueAt: '2026-06-03T10:00:00+08:00',
      assignedAt: '2026-06-03T12:00:00+08:00',
      headcount: 1,
      status: 'rated',
      rating: 3,
      windowStart: '2026-06-04T09:00:00+08:00',
    },
    1,
  );
  // R3: never assigned; 0 of 3.
  await request(
    {
      ...base,
      beneficiaryId: q,
      createdAt: '2026-07-01T08:00:00+08:00',
      assignDueAt: '2026-07-02T08:00:00+08:00',
      headcount: 3,
      status: 'new',
      windowStart: '2026-07-05T09:00:00+08:00',
    },
    0,
  );
  // R4: cancelled: not counted anywhere.
  await request(
    {
      ...base,
      beneficiaryId: q,
      createdAt: '2026-07-01T08:00:00+08:00',
      assignDueAt: '2026-07-02T08:00:00+08:00',
      headcount: 2,
      status: 'cancelled',
      windowStart: '2026-07-06T09:00:00+08:00',
    },
    0,
  );
  // R5: due early on the window's first China day (still November in UTC), assigned in 30 min; served before the window.
  await request(
    {
      ...base,
      beneficiaryId: q,
      createdAt: '2025-12-01T06:00:00+08:00',
      assignDueAt: '2025-12-01T07:00:00+08:00',
      assignedAt: '2025-12-01T06:30:00+08:00',
      headcount: 1,
      status: 'done',
      windowStart: '2025-11-30T23:00:00+08:00',
    },
    1,
  );
  // R6 in Y: assigned in 30 min, in time; 2 sent for 1 asked (counts 1); done, not rated.
  await request(
    {
      categoryCode: 'cleaning',
      areaCode: Y,
      beneficiaryId: s,
      createdAt: '2026-08-01T08:00:00+08:00',
      assignDueAt: '2026-08-01T09:00:00+08:00',
      assignedAt: '2026-08-01T08:30:00+08:00',
      headcount: 1,
      status: 'done',
      windowStart: '2026-08-02T09:00:00+08:00',
    },
    2,
  );
  // Due after the window: not counted.
  await request(
    {
      ...base,
      beneficiaryId: q,
      createdAt: '2026-11-30T20:00:00+08:00',
      assignDueAt: '2026-12-01T00:30:00+08:00',
      headcount: 1,
      status: 'new',
      windowStart: '2026-12-02T09:00:00+08:00',
    },
    0,
  );
});
afterAll(() => t.close());

const demand = async (session: Session, code: string) => {
  const response = await session.request({ url: `/api/kpi/areas/${code}/demand?until=2026-11` });
  expect(response.statusCode).toBe(200);
  const body = response.json() as {
    window: unknown;
    kpis: { code: string; value: number | null; numerator: number; denominator: number }[];
  };
  return { window: body.window, ...Object.fromEntries(body.kpis.map((k) => [k.code, [k.value, k.numerator, k.denominator]])) } as Record<
    string,
    unknown
  >;
};

describe('the demand KPIs', () => {
  it('counts a community’s requests due and served in the window', async () => {
    expect(await demand(communityX, X)).toEqual({
      window: { from: '2025-12', until: '2026-11' },
      answeredInTime: [0.5, 2, 4],
      fillRate: [4 / 7, 4, 7],
      medianMinutesToAssign: [60, 60, 3],
      servicesPerBeneficiary: [2, 2, 1],
      averageRating: [4, 8, 2],
    });
  });

  it('adds up the whole subtree for the street above', async () => {
    expect(await demand(city, '981102001')).toMatchObject({
      answeredInTime: [0.6, 3, 5],
      fillRate: [0.625, 5, 8],
      medianMinutesToAssign: [45, 45, 4],
      servicesPerBeneficiary: [1.5, 3, 2],
      averageRating: [4, 8, 2],
    });
  });

  it('says "no data" for an area without requests, and hides areas outside the office’s own', async () => {
    await buildArea(t.database.db, '981102002001');
    const empty = await demand(city, '981102002001');
    expect([empty.answeredInTime, empty.medianMinutesToAssign, empty.averageRating].map((k) => (k as unknown[])[0])).toEqual([
      null,
      null,
      null,
    ]);
    expect((await communityX.request({ url: '/api/kpi/areas/981102001/demand' })).statusCode).toBe(404);
  });
});
