import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import {
  approvedOffer,
  type BenefitsWorld,
  benefitsSuite,
  benefitsWorld,
  volunteerWithPoints,
} from '../../../test/helpers/benefits-world.ts';
import { rowsOf } from '../../db/client.ts';
import { LOOKUP_MISSES } from '../../domain/benefits/lookup-throttle.ts';
import * as q from './benefits.queries.ts';

/** The security review's findings on benefits (issue 19): each one's test. */

let t: TestApp;
let w: BenefitsWorld;
let verify: () => Promise<Record<string, unknown>>;
const AREA = '330114001001';
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  ({ t, w, verify } = await benefitsSuite(AREA));
});
afterAll(() => t.close());

const db = () => t.database.db;

/** Another staff account of the world's partner: each limit is counted per account, so each test has its own. */
async function newClerk() {
  const account = await buildAccount(db(), t.config, [{ role: 'partner' }]);
  const linked = await w.office.request({
    method: 'POST',
    url: `/api/benefits/office/partners/${w.partnerId}/members`,
    payload: { login: account.login },
  });
  if (linked.statusCode !== 200) throw new Error(linked.body);
  return signIn(t.app, account);
}

const checkPerson = (s: Session, offerId: string, volunteerNo: string) =>
  s.request({ method: 'POST', url: `/api/benefits/partner/offers/${offerId}/check-volunteer`, payload: { volunteerNo } });

describe('the star-based advantage check', () => {
  it('works only on an approved offer in force of the checking partner', async () => {
    const v = await volunteerWithPoints(t, w, 0);
    const draft = (
      await w.merchant.request({
        method: 'POST',
        url: '/api/benefits/partner/offers',
        payload: {
          kind: 'advantage',
          title: '草稿礼遇',
          price: 0,
          stock: null,
          minStars: 5,
          validFrom: `${year - 1}-01-01`,
          validTo: `${year + 1}-12-31`,
        },
      })
    ).json().id;
    const onDraft = await checkPerson(w.merchant, draft, v.volunteerNo);
    expect(onDraft.statusCode).toBe(422);
    expect(onDraft.json().error.message).toBe('该礼遇未通过审核或已下架');
    const lapsed = await approvedOffer(w, { kind: 'advantage', title: '过期礼遇', price: 0, stock: null });
    await db().execute(sql`update benefit_offers set valid_from = '2020-01-01', valid_to = '2020-01-31' where id = ${lapsed}`);
    expect((await checkPerson(w.merchant, lapsed, v.volunteerNo)).json().error.message).toBe('该礼遇的兑换期为 2020-01-01 至 2020-01-31');
    // Put back as approved: verify holds an approved offer to the terms its approval recorded.
    await db().execute(
      sql`update benefit_offers set valid_from = ${`${year - 1}-01-01`}, valid_to = ${`${year + 1}-12-31`} where id = ${lapsed}`,
    );
    // Another partner's staff find no such offer.
    const stranger = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'partner' }]));
    const free = await approvedOffer(w, { kind: 'advantage', title: '免费参观', price: 0, stock: null });
    expect((await checkPerson(stranger, free, v.volunteerNo)).statusCode).toBe(404);
  });

  it('tells the clerk eligible or not, and nothing of a person’s stars or area', async () => {
    const clerk = await newClerk();
    const offer = await approvedOffer(w, {
      kind: 'advantage',
      title: '三星免票',
      price: 0,
      stock: null,
      minStars: 3,
      areaPrefix: '330114',
    });
    const open = await approvedOffer(w, { kind: 'advantage', title: '本区免票', price: 0, stock: null, areaPrefix: '330114' });
    const few = await volunteerWithPoints(t, w, 0);
    const away = await volunteerWithPoints(t, { ...w, areaCode: '330106001001' }, 0);
    const answers = [];
    for (const no of [few.volunteerNo, away.volunteerNo, '99999999999999999999']) {
      const res = await checkPerson(clerk, offer, no);
      expect(res.statusCode).toBe(200);
      const { volunteerNo, ...rest } = res.json();
      expect(volunteerNo).toBe(no);
      answers.push(rest);
    }
    // Too few stars, another area, no such person: one and the same answer, no stars, no name.
    expect(answers[0]).toEqual({ eligible: false, reason: expect.stringContaining('不符合'), volunteerName: null, offerTitle: '三星免票' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(JSON.stringify(answers)).not.toMatch(/星及以上|330106/);
    // Eligible: the masked name, to match the person at the gate.
    const yes = (await checkPerson(clerk, open, few.volunteerNo)).json();
    expect(yes).toEqual({
      eligible: true,
      reason: '符合条件',
      volunteerName: expect.stringContaining('*'),
      volunteerNo: few.volunteerNo,
      offerTitle: '本区免票',
    });
  });

  it('limits an account’s checks of people not eligible, then refuses every check for a while', async () => {
    const clerk = await newClerk();
    const offer = await approvedOffer(w, { kind: 'advantage', title: '限次免票', price: 0, stock: null, areaPrefix: '330114' });
    const ok = await volunteerWithPoints(t, w, 0);
    // Eligible answers do not count toward the misses' limit (they do toward all checks', far above: benefits-review.test.ts).
    for (let i = 0; i < 3; i++) expect((await checkPerson(clerk, offer, ok.volunteerNo)).json().eligible).toBe(true);
    for (let i = 0; i < LOOKUP_MISSES.advantage; i++)
      expect((await checkPerson(clerk, offer, `3301${String(i).padStart(8, '0')}`)).statusCode).toBe(200);
    const refused = await checkPerson(clerk, offer, ok.volunteerNo);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/^不符合条件的查询过多，请 \d+ 分钟后再试$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Counted per account: another clerk of the same partner still checks.
    expect((await checkPerson(w.merchant, offer, ok.volunteerNo)).json().eligible).toBe(true);
  });
});

describe('looking up codes', () => {
  const scan = (s: Session, code: string) => s.request({ method: 'POST', url: '/api/benefits/partner/codes/check', payload: { code } });

  it('answers a missing code and another partner’s code the same, counts both, and refuses past the limit', async () => {
    const clerk = await newClerk();
    // A code of another partner's offer.
    const other = await benefitsWorld(t, '330106001001');
    const theirs = await approvedOffer(other, { title: '别家礼品', price: 10, stock: 3 });
    const v = await volunteerWithPoints(t, other, 2);
    const theirCode = (await v.session.request({ method: 'POST', url: `/api/benefits/offers/${theirs}/redeem` })).json().code as string;
    const mineOffer = await approvedOffer(w, { title: '本店礼品', price: 10, stock: 3 });
    const buyer = await volunteerWithPoints(t, w, 2);
    const myCode = (await buyer.session.request({ method: 'POST', url: `/api/benefits/offers/${mineOffer}/redeem` })).json().code as string;
    const missing = theirCode === '0000000000' ? '0000000001' : '0000000000';
    const a = await scan(clerk, theirCode);
    const b = await scan(clerk, missing);
    expect(a.statusCode).toBe(404);
    expect(b.statusCode).toBe(404);
    expect(a.json().error.message).toBe(b.json().error.message);
    // A found code is not counted against the clerk.
    for (let i = 0; i < 3; i++) expect((await scan(clerk, myCode)).statusCode).toBe(200);
    for (let i = 2; i < LOOKUP_MISSES.code; i++) expect((await scan(clerk, `12345${String(i).padStart(5, '0')}`)).statusCode).toBe(404);
    const refused = await scan(clerk, myCode);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/^查询不到的兑换码过多，请 \d+ 分钟后再试$/);
    expect(refused.headers['retry-after']).toBeDefined();
    // Using a code is a lookup too.
    expect((await clerk.request({ method: 'POST', url: '/api/benefits/partner/codes/use', payload: { code: myCode } })).statusCode).toBe(
      429,
    );
    expect((await scan(w.merchant, myCode)).json()).toMatchObject({ offerTitle: '本店礼品', status: 'open' });
  });
});

describe('changing an offer', () => {
  it('changes only a draft or a rejected offer, guarded in the UPDATE itself', async () => {
    const id = await approvedOffer(w, { title: '已通过礼品', price: 10, stock: 5 });
    const terms = { kind: 'item', title: '改价礼品', price: 1, stock: 500, validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` };
    const put = await w.merchant.request({ method: 'PUT', url: `/api/benefits/partner/offers/${id}`, payload: terms });
    expect(put.statusCode).toBe(422);
    expect(put.json().error.message).toContain('下架后重新发布');
    // As if the offer was approved between the service's read and its UPDATE: the statement itself refuses.
    const values: q.OfferValues = {
      kind: 'item',
      title: '改价礼品',
      description: '',
      price: '1.00',
      stock: 500,
      perPersonLimit: 1,
      minStars: 0,
      areaPrefix: null,
      validFrom: `${year - 1}-01-01`,
      validTo: `${year + 1}-12-31`,
      codeDays: 30,
    };
    expect(await q.updateOffer(db(), id, values)).toBeUndefined();
    expect(await q.offerById(db(), id)).toMatchObject({ title: '已通过礼品', price: '10.00', stock: 5, status: 'approved' });
    // A draft is changed, its stock the one the verifier counts from.
    const draft = (
      await w.merchant.request({ method: 'POST', url: '/api/benefits/partner/offers', payload: { ...terms, title: '草稿礼品' } })
    ).json().id;
    expect(await q.updateOffer(db(), draft, { ...values, stock: 7 })).toMatchObject({ stock: 7, initialStock: 7 });
  });
});

describe('verify reconciles benefit prices and stock', () => {
  it('names a code not at its offer’s price, and an offer whose stock does not add up', async () => {
    const offerId = await approvedOffer(w, { title: '对账礼品', price: 30, stock: 4 });
    const v = await volunteerWithPoints(t, w, 5);
    await v.session.request({ method: 'POST', url: `/api/benefits/offers/${offerId}/redeem` });
    expect(await verify()).toMatchObject({ ok: true });
    // A code forged at price 0 (it needs no movement) with the stock taken as a redemption would.
    await db().execute(sql`update benefit_offers set stock = stock - 1 where id = ${offerId}`);
    await db().execute(sql`insert into benefit_redemptions (offer_id, volunteer_id, price, code_index, code_sealed, code_key_version, expires_at)
      values (${offerId}, ${v.volunteerId}, 0, 'free-ride', 'x', 1, now() + interval '1 day')`);
    const [forged] = rowsOf<{ id: string }>(await db().execute(sql`select id from benefit_redemptions where code_index = 'free-ride'`));
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', redemptionId: forged.id });
    await db().execute(sql`delete from benefit_redemptions where id = ${forged.id}`);
    // The stock no longer adds up: one unit vanished.
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', offerId });
    // Units added to the stock outside the terms the office approved.
    await db().execute(sql`update benefit_offers set stock = stock + 11 where id = ${offerId}`);
    expect(await verify()).toMatchObject({ ok: false, offerId });
    await db().execute(sql`update benefit_offers set stock = stock - 10 where id = ${offerId}`);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('the office reads a partner’s monthly statement', () => {
  it('as the partner sees it, for the partners of its area only', async () => {
    const offerId = await approvedOffer(w, { title: '对账明细', price: 10, stock: 3 });
    const v = await volunteerWithPoints(t, w, 1);
    await v.session.request({ method: 'POST', url: `/api/benefits/offers/${offerId}/redeem` });
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const own = (await w.merchant.request({ url: `/api/benefits/partner/statement?month=${month}` })).json();
    const res = await w.office.request({ url: `/api/benefits/office/partners/${w.partnerId}/statement?month=${month}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(own);
    expect(own.rows.find((r: { title: string }) => r.title === '对账明细')).toMatchObject({ issued: 1, pointsIssued: '10.00' });
    const file = await w.office.request({ url: `/api/benefits/office/partners/${w.partnerId}/statement.xlsx?month=${month}` });
    expect(file.headers['content-type']).toContain('spreadsheetml');
    // An office of another city, a partner's account and a volunteer: not found or not allowed.
    const other = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'city_admin', areaCode: '3302' }]));
    expect((await other.request({ url: `/api/benefits/office/partners/${w.partnerId}/statement?month=${month}` })).statusCode).toBe(404);
    const merchantAsOffice = await w.merchant.request({ url: `/api/benefits/office/partners/${w.partnerId}/statement?month=${month}` });
    expect(merchantAsOffice.statusCode).toBe(404);
    expect((await w.office.request({ url: `/api/benefits/office/partners/${w.partnerId}/statement?month=2026-13` })).statusCode).toBe(400);
  });
});
