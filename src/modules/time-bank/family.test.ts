import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';

let t: TestApp;
let organizer: Session;
let me: Session;
let community: Session;
let street: Session;
let auditor: Session;
let world: { orgId: string; volunteerId: string; areaCode: string };
let father: { id: string; docNumber: string; volunteerNo: string };
let wife: { id: string; docNumber: string };
let son: { id: string; docNumber: string };
// A district of its own: the balance sheet's figures below are this test's alone.
const STREET = '330199001';
const AREA = `${STREET}001`;
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-15`;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const orgId = await buildOrganization(db, t.config, { areaCode: STREET });
  organizer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  const volunteerId = (await buildVolunteer(db, t.config, { areaCode: AREA, organizationId: orgId })).id;
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteerId}`);
  me = await signIn(t.app, account);
  father = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(68), name: '张父' });
  wife = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(35), name: '李妻' });
  son = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(20), name: '张子' });
  community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: AREA }]));
  street = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'street_admin', areaCode: STREET }]));
  auditor = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
  world = { orgId, volunteerId, areaCode: AREA };
  // 2 + 2 + 1.5 credits of elderly care (2 a day at most).
  for (const [hours, daysAgo] of [
    [3, 3],
    [2, 4],
    [1.5, 5],
  ])
    await confirmedRecord(db, organizer, world, { hours, daysAgo });
});
afterAll(() => t.close());

const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const record = (relation: string, name: string, idNumber: string) =>
  me.request({ method: 'POST', url: '/api/time-bank/family', payload: { relation, name, idNumber } });
const transfer = (toVolunteerId: string, amount: number) =>
  me.request({ method: 'POST', url: '/api/time-bank/transfers', payload: { toVolunteerId, amount } });
const decide = (s: Session, id: string, confirm: boolean, remark = '查验户口簿原件') =>
  s.request({ method: 'POST', url: `/api/time-bank/family/${id}/decision`, payload: { confirm, remark } });
const detail = (r: { json: () => { error: { details: { field: string; rule: string }[] } } }) =>
  r.json().error.details.map((d) => [d.field, d.rule]);

describe('family relationships and transfers', () => {
  it('records a relative by ID number (sealed, masked, birth date read from it); the office of the area confirms', async () => {
    const made = await record('parent', '张父', father.docNumber);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ status: 'pending', relativeId: father.id, relativeAge: 68 });
    expect(made.json().idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const [row] = rowsOf<{ doc_cipher: string }>(
      await t.database.db.execute(sql`select doc_cipher from family_relations where id = ${made.json().id}`),
    );
    expect(row.doc_cipher).not.toContain(father.docNumber);
    // Refusals by field: a wrong name, oneself, someone not in the registry, a bad check digit.
    expect(detail(await record('parent', '王五', father.docNumber))).toEqual([['idNumber', 'registered']]);
    const mine = rowsOf<{ n: string }>(await t.database.db.execute(sql`select count(*)::text as n from family_relations`));
    expect(mine[0].n).toBe('1');
    expect(detail(await record('spouse', '某人', '110101199003078515'))).toEqual([['idNumber', 'registered']]);
    expect(detail(await record('spouse', '某人', '110101199003078516'))).toEqual([['idNumber', 'checksum']]);
    // Transfer before the office confirmed: refused naming the rule.
    expect(detail(await transfer(father.id, 1))).toEqual([['toVolunteerId', 'notConfirmed']]);
    // The office sees it masked and confirms it with what it checked.
    const list = await community.request({ url: '/api/time-bank/family-reviews' });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: made.json().id, relativeName: '张*', status: 'pending' }] });
    expect(detail(await decide(community, made.json().id, true, '  '))).toEqual([['remark', 'required']]);
    const ok = await decide(street, made.json().id, true);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', remark: '查验户口簿原件' });
    expect((await decide(community, made.json().id, false)).statusCode).toBe(422);
  });

  it('transfers to a confirmed parent 60+ and a spouse; refuses a child under 60, a stranger, oneself, an overdraft', async () => {
    const parent = (await me.request({ url: '/api/time-bank/family' })).json()[0];
    const sent = await transfer(father.id, 1.25);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ amount: '1.25', relation: 'parent', relativeAge: 68 });
    const statement = (await me.request({ url: '/api/time-bank/me' })).json();
    expect(statement).toMatchObject({ balance: '4.25' });
    expect(statement.statement[0]).toMatchObject({ cause: 'transfer', amount: '-1.25', balanceAfter: '4.25', activityTitle: '张父' });
    expect(parent.relation).toBe('parent');

    const spouse = (await record('spouse', '李妻', wife.docNumber)).json();
    const child = (await record('child', '张子', son.docNumber)).json();
    for (const r of [spouse, child]) expect((await decide(community, r.id, true)).statusCode).toBe(200);
    expect((await transfer(wife.id, 0.75)).statusCode).toBe(201);
    expect(detail(await transfer(son.id, 1))).toEqual([['toVolunteerId', 'under60']]);
    expect(detail(await transfer(world.volunteerId, 1))).toEqual([['toVolunteerId', 'self']]);
    expect(detail(await transfer('00000000-0000-4000-8000-000000000000', 1))).toEqual([['toVolunteerId', 'notFamily']]);
    expect(detail(await transfer(father.id, 0.001))).toEqual([['amount', 'cents']]);
    expect(detail(await transfer(father.id, 0))).toEqual([['amount', 'positive']]);
    const over = await transfer(father.id, 100);
    expect(over.statusCode).toBe(422);
    expect(over.json().error.message).toContain('余额不足');
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('shows an office of the area one volunteer’s credits, caps, statement and family, relatives masked; 404 outside', async () => {
    const seen = await street.request({ url: `/api/volunteers/${world.volunteerId}/time-bank?limit=2` });
    expect(seen.statusCode, seen.body).toBe(200);
    const body = seen.json();
    expect(body).toMatchObject({ balance: '3.50', lifetimeDeposited: '5.50', lifetimeCap: '1500.00', dailyCap: '2.00', total: 5 });
    expect(body.statement).toMatchObject([
      { cause: 'transfer', amount: '-0.75', balanceAfter: '3.50' },
      { cause: 'transfer', amount: '-1.25', balanceAfter: '4.25' },
    ]);
    expect(
      body.family.map((f: { relation: string; relativeName: string; status: string }) => [f.relation, f.relativeName, f.status]).sort(),
    ).toEqual([
      ['child', '张*', 'confirmed'],
      ['parent', '张*', 'confirmed'],
      ['spouse', '李*', 'confirmed'],
    ]);
    expect(seen.body).not.toContain(father.docNumber);
    // Another community's office, and the volunteer's organization, get what a missing volunteer gets.
    const elsewhere = await signIn(
      t.app,
      await buildAccount(t.database.db, t.config, [{ role: 'community_admin', areaCode: `${STREET}002` }]),
    );
    for (const s of [elsewhere, organizer])
      expect((await s.request({ url: `/api/volunteers/${world.volunteerId}/time-bank` })).statusCode).toBe(404);
    expect((await community.request({ url: '/api/volunteers/00000000-0000-4000-8000-000000000000/time-bank' })).statusCode).toBe(404);
  });

  it('donates to the community pool; the community office grants from it to a person of the community, never beyond it', async () => {
    const given = await me.request({ method: 'POST', url: '/api/time-bank/donations', payload: { amount: 2 } });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ amount: '2.00', poolAreaCode: AREA });
    const grant = (amount: number, volunteerNo = father.volunteerNo, reason = '独居老人助浴') =>
      community.request({ method: 'POST', url: `/api/time-bank/pools/${AREA}/grants`, payload: { volunteerNo, amount, reason } });
    expect(detail(await grant(3))).toEqual([['amount', 'pool']]);
    expect(detail(await grant(1, 'NOPE'))).toEqual([['volunteerNo', 'inArea']]);
    expect(detail(await grant(1, father.volunteerNo, ''))).toEqual([['reason', 'required']]);
    expect(
      (
        await street.request({
          method: 'POST',
          url: `/api/time-bank/pools/${AREA}/grants`,
          payload: { volunteerNo: father.volunteerNo, amount: 1, reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await grant(0.5)).statusCode).toBe(201);
    const pools = (await community.request({ url: '/api/time-bank/pools' })).json();
    expect(pools[0]).toMatchObject({
      areaCode: AREA,
      balance: '1.50',
      donated: '2.00',
      granted: '0.50',
      grants: [{ amount: '0.50', reason: '独居老人助浴' }],
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('the balance sheet per area adds up by hand, and an unbacked movement is named by verify', async () => {
    const sheet = await street.request({ url: `/api/time-bank/balance-sheet?areaCode=${STREET}` });
    expect(sheet.statusCode, sheet.body).toBe(200);
    // Deposited 5.50; out: 1.25 + 0.75 to family (in the same community: in 2.00 too), 2.00 donated;
    // the pool granted 0.50 to the father. Held: me 1.50, father 1.75, wife 0.75, pool 1.50 = 5.50.
    expect(sheet.json().rows).toEqual([
      expect.objectContaining({
        areaCode: AREA,
        deposited: '5.50',
        transferredIn: '2.00',
        transferredOut: '2.00',
        donated: '2.00',
        granted: '0.50',
        spent: '0.00',
        inPools: '1.50',
        outstanding: '5.50',
        hours: '6.50',
      }),
    ]);
    expect(sheet.json().total).toMatchObject({ outstanding: '5.50', deposited: '5.50' });
    expect((await community.request({ url: `/api/time-bank/balance-sheet?areaCode=${STREET}` })).statusCode).toBe(404);
    // A transfer row whose movement says a different amount.
    await t.database.db.execute(sql`alter table ledger_movements disable trigger user`);
    const [m] = rowsOf<{ seq: string }>(
      await t.database.db.execute(sql`select seq::text as seq from ledger_movements where cause_type = 'transfer' order by seq limit 1`),
    );
    await t.database.db.execute(
      sql`update time_credit_transfers set amount = amount + 1 where id = (select cause_id from ledger_movements where seq = ${m.seq})`,
    );
    await t.database.db.execute(sql`alter table ledger_movements enable trigger user`);
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: Number(m.seq) });
  });
});
