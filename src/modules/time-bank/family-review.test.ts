import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';
import { ledgerAccounts, lockLedger, pointsKeyOf, postMovements } from '../points/index.ts';

/** The fixes of the time bank's review (2026-12): each case failed before its fix. */
let t: TestApp;
let me: Session;
let other: Session;
let community: Session;
let auditor: Session;
let myId: string;
let father: { id: string; docNumber: string };
let wife: { id: string; docNumber: string };
let wife2: { id: string; docNumber: string };
let stranger: { id: string };
let officeOwn: { volunteerNo: string };
const STREET = '330199002';
const AREA = `${STREET}001`;
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-15`;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const orgId = await buildOrganization(db, t.config, { areaCode: STREET });
  const organizer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const link = async (areaCode: string) => {
    const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(db, t.config, { areaCode, organizationId: orgId });
    await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    return { session: await signIn(t.app, account), id: v.id };
  };
  ({ session: me, id: myId } = await link(AREA));
  other = (await link(AREA)).session;
  father = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(70), name: '王父' });
  wife = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(35), name: '赵妻' });
  wife2 = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(38), name: '钱妻' });
  stranger = await buildVolunteer(db, t.config, { areaCode: AREA, birthDate: yearsAgo(50), name: '路人' });
  const office = await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: AREA }]);
  const own = await buildVolunteer(db, t.config, { areaCode: AREA });
  await db.execute(sql`update volunteers set account_id = ${office.id} where id = ${own.id}`);
  officeOwn = own;
  community = await signIn(t.app, office);
  auditor = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
  for (const daysAgo of [3, 4, 5])
    await confirmedRecord(db, organizer, { orgId, volunteerId: myId, areaCode: AREA }, { hours: 2, daysAgo });
});
afterAll(() => t.close());

const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const record = (s: Session, relation: string, name: string, idNumber: string) =>
  s.request({ method: 'POST', url: '/api/time-bank/family', payload: { relation, name, idNumber } });
const transfer = (toVolunteerId: string, amount: number) =>
  me.request({ method: 'POST', url: '/api/time-bank/transfers', payload: { toVolunteerId, amount } });
const confirm = (id: string) =>
  community.request({ method: 'POST', url: `/api/time-bank/family/${id}/decision`, payload: { confirm: true, remark: '查验结婚证' } });
const detail = (r: { json: () => { error: { details: { field: string; rule: string }[] } } }) =>
  r.json().error.details.map((d) => [d.field, d.rule]);
let fatherRelation: string;

describe('time bank review fixes', () => {
  it('shows the age, never the birth date; an unknown number and a wrong name get one answer, both audited', async () => {
    const made = await record(me, 'parent', '王父', father.docNumber);
    expect(made.statusCode, made.body).toBe(201);
    fatherRelation = made.json().id;
    expect(made.json()).toMatchObject({ relativeAge: 70 });
    expect(made.json()).not.toHaveProperty('relativeBirthDate');
    const review = (await community.request({ url: '/api/time-bank/family-reviews' })).json();
    expect(review.items[0]).not.toHaveProperty('relativeBirthDate');
    expect(JSON.stringify(review)).not.toContain(yearsAgo(70));
    const wrongName = await record(me, 'parent', '王五', father.docNumber);
    const unknown = await record(me, 'spouse', '某人', '110101199003078515');
    expect(detail(wrongName)).toEqual([['idNumber', 'registered']]);
    expect(wrongName.json().error.message).toBe(unknown.json().error.message);
    const [audited] = rowsOf<{ n: string }>(
      await t.database.db.execute(sql`select count(*)::text as n from audit_log where action = 'timeBank.family.recordRefused'`),
    );
    expect(audited.n).toBe('2');
  });

  it('refuses a record past the daily limit, counting failed attempts', async () => {
    for (let i = 0; i < 10; i++) expect((await record(other, 'parent', '某人', '110101199003078515')).statusCode).toBe(422);
    const refused = await record(other, 'parent', '王父', father.docNumber);
    expect(refused.statusCode).toBe(429);
    expect(detail(refused)).toEqual([['idNumber', 'dailyLimit']]);
  });

  it('one spouse at a time; the volunteer ends one, the office revokes one; no transfer along either', async () => {
    const spouse = (await record(me, 'spouse', '赵妻', wife.docNumber)).json();
    expect(detail(await record(me, 'spouse', '钱妻', wife2.docNumber))).toEqual([['relation', 'oneSpouse']]);
    expect((await confirm(spouse.id)).statusCode).toBe(200);
    expect((await transfer(wife.id, 1)).statusCode).toBe(201);
    expect((await other.request({ method: 'POST', url: `/api/time-bank/family/${spouse.id}/end`, payload: {} })).statusCode).toBe(404);
    const ended = await me.request({ method: 'POST', url: `/api/time-bank/family/${spouse.id}/end`, payload: { reason: '离婚' } });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: '离婚' });
    expect(detail(await transfer(wife.id, 1))).toEqual([['toVolunteerId', 'ended']]);
    expect(detail(await me.request({ method: 'POST', url: `/api/time-bank/family/${spouse.id}/end`, payload: {} }))).toEqual([
      ['id', 'live'],
    ]);
    expect((await record(me, 'spouse', '钱妻', wife2.docNumber)).statusCode).toBe(201);

    expect((await confirm(fatherRelation)).statusCode).toBe(200);
    expect((await transfer(father.id, 1)).statusCode).toBe(201);
    const revoke = (reason: string) =>
      community.request({ method: 'POST', url: `/api/time-bank/family/${fatherRelation}/revoke`, payload: { reason } });
    expect(detail(await revoke(' '))).toEqual([['reason', 'required']]);
    const revoked = await revoke('户口簿材料不实');
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', endReason: '户口簿材料不实' });
    expect(detail(await transfer(father.id, 1))).toEqual([['toVolunteerId', 'ended']]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses amounts that are not whole cents or beyond the guard (never a 500)', async () => {
    expect(detail(await transfer(father.id, 1e-9))).toEqual([['amount', 'cents']]);
    expect(detail(await transfer(father.id, 1e21))).toEqual([['amount', 'max']]);
    expect(detail(await me.request({ method: 'POST', url: '/api/time-bank/donations', payload: { amount: 1e-9 } }))).toEqual([
      ['amount', 'cents'],
    ]);
  });

  it('a community office grants nothing from the pool to its own volunteer record', async () => {
    expect((await me.request({ method: 'POST', url: '/api/time-bank/donations', payload: { amount: 1 } })).statusCode).toBe(201);
    const grant = await community.request({
      method: 'POST',
      url: `/api/time-bank/pools/${AREA}/grants`,
      payload: { volunteerNo: officeOwn.volunteerNo, amount: 0.5, reason: '困难补助' },
    });
    expect(detail(grant)).toEqual([['volunteerNo', 'notSelf']]);
  });

  it('verify names a hand-written transfer and its movement to a stranger', async () => {
    const db = t.database.db;
    const seq = await db.transaction(async (tx) => {
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql`insert into time_credit_transfers (relation_id, from_volunteer_id, to_volunteer_id, amount, day, relative_age)
          values (${fatherRelation}, ${myId}, ${stranger.id}, 0.5, current_date, 70) returning id`),
      );
      await lockLedger(tx);
      const { own } = await ledgerAccounts(tx, 'time_credit', [myId, stranger.id]);
      const [m] = await postMovements(tx, pointsKeyOf(t.config.ledgerKey), [
        {
          currency: 'time_credit',
          debitAccountId: own.get(myId) as string,
          creditAccountId: own.get(stranger.id) as string,
          amount: '0.50',
          causeType: 'transfer',
          causeId: row.id,
          basis: null,
          at: new Date().toISOString(),
        },
      ]);
      return m.seq;
    });
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: Number(seq) });
  });
});
