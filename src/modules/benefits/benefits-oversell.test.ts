import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { approvedOffer, benefitsWorld, volunteerWithPoints } from '../../../test/helpers/benefits-world.ts';
import { rowsOf } from '../../db/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * The last 10 units, 200 redemptions at once (20 volunteers × 10 each): exactly 10 succeed, every
 * other is refused as sold out, the stock ends at 0 and each balance is what its codes cost.
 * The stock's guard (`stock > 0` in the UPDATE) is what holds it; without it the 11th redeemer takes
 * the stock below zero. On PGlite requests take turns on one connection; run it with DATABASE_URL
 * on the PostgreSQL server for the real race (docs/incentives.md).
 */
describe('stock is never oversold', () => {
  it('200 concurrent redemptions of the last 10: exactly 10 succeed, stock and balances right', async () => {
    const w = await benefitsWorld(t, '330114002001');
    const offerId = await approvedOffer(w, { title: '最后十件', price: 4, stock: 10, perPersonLimit: 10 });
    const people = [];
    for (let i = 0; i < 20; i++) people.push(await volunteerWithPoints(t, w, 5));
    const attempts = people.flatMap((p) => Array.from({ length: 10 }, () => p));
    const answers = await Promise.all(
      attempts.map((p) => p.session.request({ method: 'POST', url: `/api/benefits/offers/${offerId}/redeem` })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.statusCode !== 201).map((a) => a.json().error.message)).toEqual(
      Array(190).fill('该礼遇已兑完（库存为 0）'),
    );
    const db = t.database.db;
    expect(rowsOf<{ stock: number }>(await db.execute(sql`select stock from benefit_offers where id = ${offerId}`))[0].stock).toBe(0);
    const held = rowsOf<{ volunteer_id: string; n: number; balance: string }>(
      await db.execute(sql`select r.volunteer_id, count(*)::int as n, a.balance::text as balance from benefit_redemptions r
        join ledger_accounts a on a.owner_id = r.volunteer_id and a.currency = 'points' and a.kind = 'volunteer'
        where r.offer_id = ${offerId} group by r.volunteer_id, a.balance`),
    );
    expect(held.reduce((n, h) => n + h.n, 0)).toBe(10);
    for (const h of held) expect(Number(h.balance)).toBe(50 - 4 * h.n);
    const auditor = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
    expect((await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json()).toMatchObject({ ok: true });
  }, 120_000);
});
