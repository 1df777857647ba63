import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { approvedOffer, type BenefitsWorld, benefitsSuite, volunteerWithPoints } from '../../../test/helpers/benefits-world.ts';
import { rowsOf } from '../../db/client.ts';
import { expireDue } from './redemption.service.ts';

let t: TestApp;
let w: BenefitsWorld;
let verify: () => Promise<Record<string, unknown>>;
const AREA = '330114001001';

beforeAll(async () => {
  ({ t, w, verify } = await benefitsSuite(AREA));
});
afterAll(() => t.close());

const db = () => t.database.db;
const balance = async (s: Session) => (await s.request({ url: '/api/points/me' })).json().balance as string;
const redeem = (s: Session, offerId: string) => s.request({ method: 'POST', url: `/api/benefits/offers/${offerId}/redeem` });
const scan = (s: Session, action: 'check' | 'use', code: string) =>
  s.request({ method: 'POST', url: `/api/benefits/partner/codes/${action}`, payload: { code } });
const stockOf = async (offerId: string) =>
  rowsOf<{ stock: number | null }>(await db().execute(sql`select stock from benefit_offers where id = ${offerId}`))[0].stock;

describe('offers: drafted by the partner, approved by the office of its area', () => {
  it('shows an offer to volunteers only once approved; a rejection needs a reason; bad terms are named', async () => {
    const year = new Date().getUTCFullYear();
    const bad = await w.merchant.request({
      method: 'POST',
      url: '/api/benefits/partner/offers',
      payload: { kind: 'advantage', title: ' ', price: 5, stock: null, minStars: 7, validFrom: `${year}-05-01`, validTo: `${year}-04-01` },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)
        .sort(),
    ).toEqual(['kind:advantage', 'minStars:stars', 'title:required', 'validTo:window']);
    const made = await w.merchant.request({
      method: 'POST',
      url: '/api/benefits/partner/offers',
      payload: { kind: 'item', title: '环保袋', price: 20, stock: 3, validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` },
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    const v = await volunteerWithPoints(t, w, 2);
    const titles = async () =>
      (await v.session.request({ url: '/api/benefits/offers' })).json().offers.map((o: { title: string }) => o.title);
    expect(await titles()).not.toContain('环保袋');
    // Not submitted yet: the office cannot decide; then it must say why it rejects.
    expect(
      (await w.office.request({ method: 'POST', url: `/api/benefits/office/offers/${id}/decision`, payload: { approve: true } })).json()
        .error.message,
    ).toContain('草稿');
    await w.merchant.request({ method: 'POST', url: `/api/benefits/partner/offers/${id}/submit` });
    const waiting = (await w.office.request({ url: '/api/benefits/office/offers?status=submitted' })).json();
    expect(waiting.map((o: { id: string }) => o.id)).toContain(id);
    expect(
      (await w.office.request({ method: 'POST', url: `/api/benefits/office/offers/${id}/decision`, payload: { approve: false } }))
        .statusCode,
    ).toBe(400);
    // An office of another city sees and decides nothing of it.
    const other = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'city_admin', areaCode: '3302' }]));
    expect(
      (await other.request({ method: 'POST', url: `/api/benefits/office/offers/${id}/decision`, payload: { approve: true } })).statusCode,
    ).toBe(404);
    const ok = await w.office.request({ method: 'POST', url: `/api/benefits/office/offers/${id}/decision`, payload: { approve: true } });
    expect(ok.json()).toMatchObject({ status: 'approved' });
    expect(await titles()).toContain('环保袋');
    // Another partner's account finds nothing of it.
    const stranger = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'partner' }]));
    expect((await stranger.request({ method: 'POST', url: `/api/benefits/partner/offers/${id}/withdraw` })).statusCode).toBe(404);
  });
});

describe('redeeming', () => {
  it('pays the price, takes one from the stock and issues a 10-digit code the partner uses once', async () => {
    const offerId = await approvedOffer(w, { title: '大米', price: 30, stock: 4, perPersonLimit: 1 });
    const v = await volunteerWithPoints(t, w, 5);
    expect(await balance(v.session)).toBe('50.00');
    const got = await redeem(v.session, offerId);
    expect(got.statusCode, got.body).toBe(201);
    const { code, id } = got.json();
    expect(code).toMatch(/^\d{10}$/);
    expect(await balance(v.session)).toBe('20.00');
    expect(await stockOf(offerId)).toBe(3);
    // Only a keyed hash and a sealed copy are stored, never the digits.
    const stored = rowsOf<{ code_index: string; code_sealed: string }>(
      await db().execute(sql`select code_index, code_sealed from benefit_redemptions where id = ${id}`),
    )[0];
    expect(JSON.stringify(stored)).not.toContain(code);
    // The limit of one per person, named.
    const again = await redeem(v.session, offerId);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toBe('每人限兑 1 次，您已兑换 1 次');
    // My codes show it with its digits while open.
    const mine = (await v.session.request({ url: '/api/benefits/redemptions/me' })).json();
    expect(mine[0]).toMatchObject({ id, code, status: 'open', title: '大米' });
    // At the partner: the masked name, then used once; the second use names the rule.
    const checked = await scan(w.merchant, 'check', `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(checked.json()).toMatchObject({ offerTitle: '大米', status: 'open', volunteerName: expect.stringContaining('*') });
    expect((await scan(w.merchant, 'use', code)).json()).toMatchObject({ status: 'used' });
    const twice = await scan(w.merchant, 'use', code);
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.message).toContain('不能重复使用');
    // Another partner's staff: not found; digits that are not a code: the field named.
    const stranger = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'partner' }]));
    expect((await scan(stranger, 'check', code)).statusCode).toBe(404);
    expect((await scan(w.merchant, 'check', '12ab')).json().error.details[0]).toMatchObject({ field: 'code', rule: 'format' });
    // A used code cannot be cancelled.
    expect((await v.session.request({ method: 'POST', url: `/api/benefits/redemptions/${id}/cancel` })).statusCode).toBe(422);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses with the rule named: overdraft, sold out, too few stars, outside the area, out of window — and changes nothing', async () => {
    const v = await volunteerWithPoints(t, w, 1);
    const dear = await approvedOffer(w, { title: '保温杯', price: 800, stock: 2 });
    const over = await redeem(v.session, dear);
    expect(over.statusCode).toBe(422);
    expect(over.json().error.message).toContain('不足');
    expect(await stockOf(dear)).toBe(2);
    expect(rowsOf(await db().execute(sql`select 1 from benefit_redemptions where offer_id = ${dear}`))).toHaveLength(0);
    const gone = await approvedOffer(w, { title: '售罄', price: 1, stock: 0 });
    expect((await redeem(v.session, gone)).json().error.message).toBe('该礼遇已兑完（库存为 0）');
    const starred = await approvedOffer(w, { title: '三星礼品', price: 1, stock: 5, minStars: 3 });
    expect((await redeem(v.session, starred)).json().error.message).toBe('需 3 星及以上志愿者，您目前为 0 星');
    const elsewhere = await approvedOffer(w, { title: '外区礼品', price: 1, stock: 5, areaPrefix: '330106' });
    expect((await redeem(v.session, elsewhere)).json().error.message).toBe('仅限区划 330106 内的志愿者');
    await db().execute(sql`update benefit_offers set valid_to = '2020-01-31', valid_from = '2020-01-01' where id = ${elsewhere}`);
    const near = (await v.session.request({ url: '/api/benefits/offers' })).json();
    expect(near.offers.map((o: { title: string }) => o.title)).not.toContain('外区礼品');
    // Put back as approved: verify holds an approved offer to the terms its approval recorded.
    await db().execute(sql`update benefit_offers set valid_from = ${`${new Date().getUTCFullYear() - 1}-01-01`},
      valid_to = ${`${new Date().getUTCFullYear() + 1}-12-31`} where id = ${elsewhere}`);
    expect(near.offers.find((o: { title: string }) => o.title === '三星礼品')).toMatchObject({
      eligible: false,
      reasons: ['需 3 星及以上志愿者，您目前为 0 星'],
    });
    await w.merchant.request({ method: 'POST', url: `/api/benefits/partner/offers/${starred}/withdraw` });
    expect((await redeem(v.session, starred)).json().error.message).toBe('该礼遇未通过审核或已下架');
    expect(await balance(v.session)).toBe('10.00');
  });
});

describe('expiry and refunds', () => {
  it('expires unused codes and refunds them once; a cancel refunds once; a late use names expiry', async () => {
    const offerId = await approvedOffer(w, { title: '月票', price: 20, stock: 3, perPersonLimit: 3, codeDays: 7 });
    const v = await volunteerWithPoints(t, w, 6);
    const a = (await redeem(v.session, offerId)).json();
    const b = (await redeem(v.session, offerId)).json();
    expect(await balance(v.session)).toBe('20.00');
    expect(await stockOf(offerId)).toBe(1);
    await db().execute(sql`update benefit_redemptions set expires_at = now() - interval '1 minute' where id = ${a.id}`);
    expect((await scan(w.merchant, 'use', a.code)).json().error.message).toContain('过期');
    expect(await expireDue(db(), t.config.ledgerKey)).toBe(1);
    expect(await expireDue(db(), t.config.ledgerKey)).toBe(0);
    const cancel = () => v.session.request({ method: 'POST', url: `/api/benefits/redemptions/${b.id}/cancel` });
    expect((await cancel()).json()).toMatchObject({ status: 'cancelled' });
    expect((await cancel()).json()).toMatchObject({ status: 'cancelled' });
    expect(await balance(v.session)).toBe('60.00');
    expect(await stockOf(offerId)).toBe(3);
    expect((await scan(w.merchant, 'use', b.code)).json().error.message).toBe('兑换码已取消，积分已退回');
    const causes = rowsOf<{ cause_type: string; n: number }>(
      await db().execute(
        sql`select cause_type, count(*)::int as n from ledger_movements where cause_id in (${a.id}, ${b.id}) group by cause_type order by 1`,
      ),
    );
    expect(causes).toEqual([
      { cause_type: 'redemption', n: 2 },
      { cause_type: 'redemption_refund', n: 2 },
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('star-based advantages and the monthly statement', () => {
  it('answers eligible or not with the reason, without points', async () => {
    const free = await approvedOffer(w, { kind: 'advantage', title: '免费参观', price: 0, stock: null, minStars: 3 });
    const v = await volunteerWithPoints(t, w, 1);
    const check = await w.merchant.request({
      method: 'POST',
      url: `/api/benefits/partner/offers/${free}/check-volunteer`,
      payload: { volunteerNo: v.volunteerNo },
    });
    expect(check.json()).toMatchObject({ eligible: false, volunteerName: null, reason: expect.stringContaining('不符合') });
    const open = await approvedOffer(w, { kind: 'advantage', title: '免费饮水', price: 0, stock: null });
    const yes = await w.merchant.request({
      method: 'POST',
      url: `/api/benefits/partner/offers/${open}/check-volunteer`,
      payload: { volunteerNo: v.volunteerNo },
    });
    expect(yes.json()).toMatchObject({ eligible: true, reason: '符合条件' });
    expect((await redeem(v.session, open)).json().error.message).toContain('无需兑换');
    expect(await balance(v.session)).toBe('10.00');
  });

  it('counts codes issued, used, expired and cancelled per offer in a China month, and downloads it', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const s = (await w.merchant.request({ url: `/api/benefits/partner/statement?month=${month}` })).json();
    const rice = s.rows.find((r: { title: string }) => r.title === '大米');
    expect(rice).toMatchObject({ issued: 1, used: 1, expired: 0, pointsIssued: '30.00', pointsNet: '30.00' });
    expect(s.rows.find((r: { title: string }) => r.title === '月票')).toMatchObject({
      issued: 2,
      expired: 1,
      cancelled: 1,
      pointsRefunded: '40.00',
      pointsNet: '0.00',
    });
    const file = await w.merchant.request({ url: `/api/benefits/partner/statement.xlsx?month=${month}` });
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0].getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1, 3)).toEqual(['礼遇', '类型']);
    expect(rows.some((r) => r[1] === '月票' && r[7] === 1)).toBe(true);
    expect((await w.merchant.request({ url: '/api/benefits/partner/statement?month=2026-13' })).statusCode).toBe(400);
  });
});

describe('verify reconciles benefits', () => {
  it('names a redemption movement without its redemption, and a refund of a code still open', async () => {
    const offerId = await approvedOffer(w, { title: '核验礼品', price: 10, stock: 2 });
    const v = await volunteerWithPoints(t, w, 2);
    const got = (await redeem(v.session, offerId)).json();
    expect(await verify()).toMatchObject({ ok: true });
    // Tamper: the redemption's price changed after it was paid (the movement no longer matches it).
    await db().execute(sql`update benefit_redemptions set price = 5 where id = ${got.id}`);
    const [m] = rowsOf<{ seq: string }>(await db().execute(sql`select seq::text from ledger_movements where cause_id = ${got.id}`));
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: Number(m.seq) });
    await db().execute(sql`update benefit_redemptions set price = 10 where id = ${got.id}`);
    // An open code with a price and no movement (paid for by nobody) is named by its id.
    await db().execute(sql`insert into benefit_redemptions (offer_id, volunteer_id, price, code_index, code_sealed, code_key_version, expires_at)
      values (${offerId}, ${v.volunteerId}, 10, 'forged', 'x', 1, now() + interval '1 day')`);
    const [forged] = rowsOf<{ id: string }>(await db().execute(sql`select id from benefit_redemptions where code_index = 'forged'`));
    expect(await verify()).toMatchObject({ ok: false, redemptionId: forged.id });
    await db().execute(sql`delete from benefit_redemptions where id = ${forged.id}`);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
