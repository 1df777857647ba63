import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../../test/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { approvedOffer, type BenefitsWorld, benefitsSuite, volunteerWithPoints } from '../../../test/helpers/benefits-world.ts';
import { type Db, migrationsFolder, rowsOf } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { ACCOUNT_CHECKS, PARTNER_CHECKS } from '../../domain/benefits/lookup-throttle.ts';
import { checkAdvantage } from './redemption.service.ts';

/** The second security review's findings on benefits: each one's test. */

let t: TestApp;
let w: BenefitsWorld;
let verify: () => Promise<Record<string, unknown>>;
const AREA = '330114001001';

beforeAll(async () => {
  ({ t, w, verify } = await benefitsSuite(AREA));
});
afterAll(() => t.close());

const db = () => t.database.db;

async function newClerk() {
  const account = await buildAccount(db(), t.config, [{ role: 'partner' }]);
  const linked = await w.office.request({
    method: 'POST',
    url: `/api/benefits/office/partners/${w.partnerId}/members`,
    payload: { login: account.login },
  });
  if (linked.statusCode !== 200) throw new Error(linked.body);
  return { account, session: await signIn(t.app, account) };
}

const checkPerson = (s: Session, offerId: string, volunteerNo: string) =>
  s.request({ method: 'POST', url: `/api/benefits/partner/offers/${offerId}/check-volunteer`, payload: { volunteerNo } });

describe('every advantage check counts', () => {
  it('eligible answers too, toward the account’s limit of all checks', async () => {
    const { account, session } = await newClerk();
    const offer = await approvedOffer(w, { kind: 'advantage', title: '人人免票', price: 0, stock: null });
    const ok = await volunteerWithPoints(t, w, 0);
    // The account has made all but two of its checks in this window (a clerk walking numbers, each "eligible").
    await db().execute(
      sql`insert into benefit_lookup_tries (account_id, purpose, tries, since) values (${account.id}, 'check', ${ACCOUNT_CHECKS - 2}, now())`,
    );
    for (let i = 0; i < 2; i++) expect((await checkPerson(session, offer, ok.volunteerNo)).json().eligible).toBe(true);
    const refused = await checkPerson(session, offer, ok.volunteerNo);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/^本账号核验次数过多，请 \d+ 分钟后再试$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('and over all of a partner’s accounts: a new clerk account buys no more checks', async () => {
    const offer = await approvedOffer(w, { kind: 'advantage', title: '全员免票', price: 0, stock: null });
    const ok = await volunteerWithPoints(t, w, 0);
    const { session } = await newClerk();
    expect((await checkPerson(session, offer, ok.volunteerNo)).json().eligible).toBe(true);
    const [counted] = rowsOf<{ tries: number }>(
      await db().execute(sql`select tries from benefit_partner_lookup_tries where partner_id = ${w.partnerId}`),
    );
    expect(counted.tries).toBeGreaterThan(0);
    await db().execute(sql`update benefit_partner_lookup_tries set tries = ${PARTNER_CHECKS} where partner_id = ${w.partnerId}`);
    try {
      const fresh = await newClerk();
      const refused = await checkPerson(fresh.session, offer, ok.volunteerNo);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.message).toMatch(/^本单位今日核验次数已达上限，请 \d+ 分钟后再试$/);
      // The partner's window is a day, not the account's ten minutes.
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(600);
    } finally {
      // The other tests' checks are of the same partner.
      await db().execute(sql`delete from benefit_partner_lookup_tries where partner_id = ${w.partnerId}`);
    }
  });
});

/** The database calls a function makes: the real database, each call on it counted. */
function counting(real: Db) {
  const calls: string[] = [];
  const db = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  });
  return { db, calls };
}

describe('an unknown number', () => {
  it('takes the same database path as a known one', async () => {
    const { account } = await newClerk();
    const actor: Actor = { accountId: account.id, displayName: 'clerk', grants: [{ role: 'partner' }] };
    const offer = await approvedOffer(w, { kind: 'advantage', title: '三星馆', price: 0, stock: null, minStars: 3 });
    const known = await volunteerWithPoints(t, w, 0);
    const paths = [];
    for (const no of [known.volunteerNo, '99999999999999999999']) {
      const { db: counted, calls } = counting(db());
      expect((await checkAdvantage(counted, actor, offer, no, 'zh-CN')).eligible).toBe(false);
      paths.push(calls);
    }
    expect(paths[1]).toEqual(paths[0]);
  });
});

describe('verify holds an approved offer to the terms approved', () => {
  it('keeps the terms in the approval’s audit entry, and names an offer changed or put back to approved', async () => {
    const offerId = await approvedOffer(w, { title: '审核条款', price: 20, stock: 3, minStars: 1, areaPrefix: '330114' });
    const [entry] = rowsOf<{ summary: { terms: Record<string, unknown> } }>(
      await db().execute(sql`select summary from audit_log where action = 'benefitOffer.approved' and entity_id = ${offerId}`),
    );
    expect(entry.summary.terms).toMatchObject({ price: '20.00', initialStock: 3, minStars: 1, areaPrefix: '330114' });
    expect(await verify()).toMatchObject({ ok: true });
    const changes = [
      [sql`min_stars = 0`, sql`min_stars = 1`],
      [sql`price = 1`, sql`price = 20`],
      [sql`area_prefix = null`, sql`area_prefix = '330114'`],
      [sql`valid_to = valid_to + 365`, sql`valid_to = valid_to - 365`],
      // Stock and initial stock raised together: the stock adds up, the approval does not.
      [sql`stock = stock + 50, initial_stock = initial_stock + 50`, sql`stock = stock - 50, initial_stock = initial_stock - 50`],
    ];
    for (const [change, undo] of changes) {
      await db().execute(sql`update benefit_offers set ${change} where id = ${offerId}`);
      expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', offerId });
      await db().execute(sql`update benefit_offers set ${undo} where id = ${offerId}`);
    }
    expect(await verify()).toMatchObject({ ok: true });
    // Withdrawn by the partner, then set back to approved behind the application's back.
    await w.merchant.request({ method: 'POST', url: `/api/benefits/partner/offers/${offerId}/withdraw` });
    expect(await verify()).toMatchObject({ ok: true });
    await db().execute(sql`update benefit_offers set status = 'approved' where id = ${offerId}`);
    expect(await verify()).toMatchObject({ ok: false, offerId });
    await db().execute(sql`update benefit_offers set status = 'withdrawn' where id = ${offerId}`);
    // An approved offer written straight into the table: no approval at all.
    const [forged] = rowsOf<{ id: string }>(
      await db().execute(sql`insert into benefit_offers (partner_id, area_code, kind, title, description, price, valid_from, valid_to, status)
        values (${w.partnerId}, '330114001', 'advantage', '伪造', '', 0, '2020-01-01', '2099-12-31', 'approved') returning id`),
    );
    expect(await verify()).toMatchObject({ ok: false, offerId: forged.id });
    await db().execute(sql`delete from benefit_offers where id = ${forged.id}`);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('migration 0035 for offers approved before approvals kept their terms', () => {
  it('records each approved offer’s terms as an approval records them, so verify raises no false alarm', async () => {
    const offerId = await approvedOffer(w, { title: '迁移前', price: 12.5, stock: 4, minStars: 2, areaPrefix: '3301' });
    const file = readFileSync(path.join(migrationsFolder, '0035_benefit_checks_terms.sql'), 'utf8');
    const backfill = file.slice(file.indexOf('INSERT INTO "audit_log"'));
    await db().execute(sql.raw(backfill));
    const terms = rowsOf<{ action: string; terms: unknown }>(
      await db().execute(sql`select action, summary->'terms' as terms from audit_log where entity_id = ${offerId}
        and action in ('benefitOffer.approved', 'benefitOffer.termsRecorded') order by id`),
    );
    expect(terms.map((e) => e.action)).toEqual(['benefitOffer.approved', 'benefitOffer.termsRecorded']);
    expect(terms[1].terms).toEqual(terms[0].terms);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('verify holds a used code to its use', () => {
  it('names a used code set back to open (or cancelled)', async () => {
    const offerId = await approvedOffer(w, { title: '用过的券', price: 10, stock: 3 });
    const v = await volunteerWithPoints(t, w, 2);
    const { code, id } = (await v.session.request({ method: 'POST', url: `/api/benefits/offers/${offerId}/redeem` })).json();
    expect((await w.merchant.request({ method: 'POST', url: '/api/benefits/partner/codes/use', payload: { code } })).statusCode).toBe(200);
    expect(await verify()).toMatchObject({ ok: true });
    await db().execute(sql`update benefit_redemptions set status = 'open', used_at = null, used_by = null where id = ${id}`);
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', redemptionId: id });
    // Used by another account than the one the audit names.
    await db().execute(sql`update benefit_redemptions set status = 'used', used_at = now(),
      used_by = (select account_id from benefit_partner_members where account_id <> used_by limit 1) where id = ${id}`);
    expect(await verify()).toMatchObject({ ok: false, redemptionId: id });
  });
});

describe('the office unlinks a clerk', () => {
  it('who then acts for no partner; audited; another office finds no such partner', async () => {
    const { account, session } = await newClerk();
    const offer = await approvedOffer(w, { kind: 'advantage', title: '离职前', price: 0, stock: null });
    const ok = await volunteerWithPoints(t, w, 0);
    expect((await checkPerson(session, offer, ok.volunteerNo)).statusCode).toBe(200);
    const listed = (await w.office.request({ url: '/api/benefits/office/partners' })).json();
    expect(listed.find((p: { id: string }) => p.id === w.partnerId).memberAccounts).toContainEqual({
      accountId: account.id,
      displayName: expect.any(String),
    });
    const url = `/api/benefits/office/partners/${w.partnerId}/members/${account.id}`;
    const other = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'city_admin', areaCode: '3302' }]));
    expect((await other.request({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await w.merchant.request({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await w.office.request({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await checkPerson(session, offer, ok.volunteerNo)).statusCode).toBe(404);
    // Once: a second unlink finds no such link.
    expect((await w.office.request({ method: 'DELETE', url })).statusCode).toBe(404);
    const audited = rowsOf<{ summary: { accountId: string } }>(
      await db().execute(sql`select summary from audit_log where action = 'benefitPartner.unlink' and entity_id = ${w.partnerId}`),
    );
    expect(audited).toEqual([{ summary: { accountId: account.id } }]);
  });
});
