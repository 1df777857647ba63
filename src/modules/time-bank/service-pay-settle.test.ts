import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { buildAccount, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { daysAhead, details, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { cityAccount, pointsKeyOf, postMovements } from '../points/index.ts';
import { settleHolds } from './service-pay.ts';

/**
 * A request paid in credits that ends before its records are decided (docs/incentives.md "Spending credits
 * on a service"): the hold closes, still pays what is confirmed later, and gives back only what nothing can
 * claim any more, at the last decision or by the nightly job. And whom credits may pay for.
 */
type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
let payer: Session;
let payerId: string;
let self: string;
let auditor: Session;
beforeAll(async () => {
  w = await requestsWorld();
  // A community worker who is also a volunteer: they may raise for anyone of the community, but pay only for their own.
  const account = await buildAccount(w.db, w.t.config, [{ role: 'community_admin', areaCode: w.COMMUNITY }, { role: 'volunteer' }]);
  payerId = (await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY, organizationId: w.orgId })).id;
  await w.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${payerId}`);
  self = (await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '钱师傅', accountId: account.id })).id;
  payer = await signIn(w.t.app, account);
  auditor = await signIn(w.t.app, await buildAccount(w.db, w.t.config, [{ role: 'auditor', areaCode: '3301' }]));
  for (const daysAgo of [3, 4, 5])
    await confirmedRecord(w.db, w.orgAdmin, { orgId: w.orgId, volunteerId: payerId, areaCode: w.COMMUNITY }, { hours: 3, daysAgo });
});
afterAll(() => w.t.close());

let day = 40;
const raise = (beneficiaryId: string, hours = 1.5) =>
  payer.request({
    method: 'POST',
    url: '/api/requests',
    payload: {
      beneficiaryId,
      categoryCode: 'elderly_care',
      channel: 'walk_in',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: new Date(daysAhead(day++, 9).getTime() + hours * 3_600_000).toISOString(),
      payInCredits: true,
    },
  });
const balance = async () => (await payer.request({ url: '/api/time-bank/me' })).json().balance;
const hold = async (requestId: string) =>
  rowsOf<{ status: string; paid: string; released: string | null }>(
    await w.db.execute(sql`select status, paid::text, released::text from time_credit_holds where request_id = ${requestId}`),
  )[0];
const moves = async (requestId: string) =>
  rowsOf<{ cause_type: string; amount: string }>(
    await w.db.execute(sql`select m.cause_type, m.amount::text from ledger_movements m
      where m.cause_id in (select id from time_credit_holds where request_id = ${requestId})
        or (m.cause_type = 'service_payment' and m.basis::jsonb->>2 in (select id::text from time_credit_holds where request_id = ${requestId}))
      order by m.seq`),
  ).map((m) => [m.cause_type, m.amount]);
const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();

/** Triaged, assigned to a new volunteer, its shift moved two days into the past: ready to be recorded. */
async function assigned(requestId: string) {
  const v = await w.volunteer();
  expect((await w.stepOn(w.community, requestId, { action: 'triage', organizationId: w.orgId })).statusCode).toBe(200);
  expect((await w.stepOn(w.orgAdmin, requestId, { action: 'assign', volunteerIds: [v.id] })).statusCode).toBe(200);
  const [shift] = rowsOf<{ activity_id: string; enrollment_id: string }>(
    await w.db.execute(sql`select q.activity_id, e.id as enrollment_id from service_requests q
      join enrollments e on e.activity_id = q.activity_id where q.id = ${requestId}`),
  );
  await w.db.execute(sql`update activities set starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '90 minutes',
    apply_deadline = now() - interval '2 days', cancel_deadline = now() - interval '3 days' where id = ${shift.activity_id}`);
  return shift;
}
/** A pending record of one hour of the shift. */
async function recorded(shift: { activity_id: string; enrollment_id: string }) {
  const [a] = rowsOf<{ starts_at: string }>(
    await w.db.execute(sql`select starts_at::text from activities where id = ${shift.activity_id}`),
  );
  const start = new Date(a.starts_at);
  const made = await w.orgAdmin.request({
    method: 'POST',
    url: '/api/records',
    payload: {
      enrollmentId: shift.enrollment_id,
      checkInAt: start.toISOString(),
      checkOutAt: new Date(start.getTime() + 3_600_000).toISOString(),
    },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().id as string;
}
const confirm = async (recordId: string) =>
  expect((await w.orgAdmin.request({ method: 'POST', url: `/api/records/${recordId}/confirm` })).statusCode).toBe(200);
const end = async (requestId: string) => {
  for (const step of [{ action: 'done' }, { action: 'close' }])
    expect((await w.stepOn(w.orgAdmin, requestId, step)).statusCode).toBeLessThan(300);
};

describe('a paid request that ends before its records are decided', () => {
  it('closed before its record is made: nothing goes back, the record confirmed later is paid, then the rest goes back', async () => {
    const before = await balance();
    const r = (await raise(self)).json();
    const shift = await assigned(r.id);
    await end(r.id);
    expect(await hold(r.id)).toMatchObject({ status: 'closing', released: null });
    expect(await moves(r.id)).toEqual([['service_hold', '1.50']]);
    expect((await payer.request({ url: '/api/time-bank/me' })).json().openHolds).toMatchObject([{ requestNo: r.requestNo, paid: '0.00' }]);

    await confirm(await recorded(shift));
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_payment', '1.00'],
      ['service_release', '0.50'],
    ]);
    expect(await hold(r.id)).toMatchObject({ status: 'released', paid: '1.00', released: '0.50' });
    expect(Number(await balance())).toBeCloseTo(Number(before) - 1, 2);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('closed with a record pending that is then refused: the nightly job gives the whole hold back', async () => {
    const r = (await raise(self)).json();
    const recordId = await recorded(await assigned(r.id));
    await end(r.id);
    expect(await hold(r.id)).toMatchObject({ status: 'closing' });
    const refused = await w.orgAdmin.request({ method: 'POST', url: `/api/records/${recordId}/reject`, payload: { reason: '未到岗' } });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(await settleHolds(w.db, w.t.config.ledgerKey)).toBe(1);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_release', '1.50'],
    ]);
    expect(await settleHolds(w.db, w.t.config.ledgerKey)).toBe(0);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('never closed: the nightly job settles it once the recording window (10 working days) has passed, not before', async () => {
    const r = (await raise(self)).json();
    await confirm(await recorded(await assigned(r.id)));
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'done' })).statusCode).toBeLessThan(300);
    const later = new Date(Date.now() + 60 * 86_400_000);
    expect(await settleHolds(w.db, w.t.config.ledgerKey)).toBe(0);
    expect(await hold(r.id)).toMatchObject({ status: 'open', paid: '1.00' });
    expect(await settleHolds(w.db, w.t.config.ledgerKey, later)).toBe(1);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_payment', '1.00'],
      ['service_release', '0.50'],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('cancelled before anyone was assigned: all of it goes back at once', async () => {
    const r = (await raise(self)).json();
    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).statusCode).toBe(200);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_release', '1.50'],
    ]);
  });
});

describe('whom credits pay for, and how little', () => {
  it('refuses a window worth less than a cent by rule, writing nothing', async () => {
    const refused = await raise(self, 10 / 3600);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(details(refused)).toEqual(['payInCredits:minimum']);
  });

  it('pays for oneself, a confirmed spouse or a confirmed relative 60+; refuses anyone else naming the rule', async () => {
    const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-03-01`;
    const person = async (name: string, age: number, relation?: { relation: string; status: string }) => {
      const v = await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY, birthDate: yearsAgo(age), name });
      const account = await buildAccount(w.db, w.t.config, [{ role: 'resident' }]);
      await w.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
      if (relation)
        await w.db.execute(sql`insert into family_relations (volunteer_id, relative_id, relation, relative_name, doc_cipher, doc_key_version,
            doc_index, doc_masked, relative_birth_date, area_code, status, decided_at, ended_at)
          values (${payerId}, ${v.id}, ${relation.relation}, ${name}, 'x', 1, ${`idx-${v.id}`}, '3301**********0000', ${yearsAgo(age)},
            ${w.COMMUNITY}, ${relation.status}, ${relation.status === 'pending' ? null : new Date().toISOString()},
            ${relation.status === 'ended' ? new Date().toISOString() : null})`);
      return (await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name, accountId: account.id })).id;
    };
    const stranger = (await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '孙阿姨' })).id;
    const cases: [string, string][] = [
      [stranger, 'payInCredits:notFamily'],
      [await person('周先生', 70), 'payInCredits:notFamily'],
      [await person('钱小弟', 40, { relation: 'sibling', status: 'confirmed' }), 'payInCredits:under60'],
      [await person('钱老伯', 75, { relation: 'parent', status: 'ended' }), 'payInCredits:ended'],
      [await person('钱阿婆', 72, { relation: 'grandparent', status: 'pending' }), 'payInCredits:notConfirmed'],
    ];
    for (const [beneficiaryId, rule] of cases) {
      const refused = await raise(beneficiaryId, 0.5);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(details(refused)).toEqual([rule]);
    }
    for (const ok of [
      await person('林女士', 45, { relation: 'spouse', status: 'confirmed' }),
      await person('钱奶奶', 81, { relation: 'grandparent', status: 'confirmed' }),
    ]) {
      const raised = await raise(ok, 0.5);
      expect(raised.statusCode, raised.body).toBe(201);
    }
  });
});

describe('a relationship revoked while a request for the relative holds credits', () => {
  it('gives the rest back at once, and a record confirmed later is not paid from it', async () => {
    const born = `${new Date().getUTCFullYear() - 75}-03-01`;
    const elder = await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY, birthDate: born, name: '钱老太' });
    const account = await buildAccount(w.db, w.t.config, [{ role: 'resident' }]);
    await w.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${elder.id}`);
    const [relation] = rowsOf<{ id: string }>(
      await w.db.execute(sql`insert into family_relations (volunteer_id, relative_id, relation, relative_name, doc_cipher, doc_key_version,
          doc_index, doc_masked, relative_birth_date, area_code, status, decided_at)
        values (${payerId}, ${elder.id}, 'parent', '钱老太', 'x', 1, ${`idx-${elder.id}`}, '3301**********0000', ${born},
          ${w.COMMUNITY}, 'confirmed', now() - interval '1 day') returning id`),
    );
    const raised = await raise((await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '钱老太', accountId: account.id })).id);
    expect(raised.statusCode, raised.body).toBe(201);
    const r = raised.json();
    const recordId = await recorded(await assigned(r.id));
    const revoked = await w.community.request({
      method: 'POST',
      url: `/api/time-bank/family/${relation.id}/revoke`,
      payload: { reason: '户口簿登记有误' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await hold(r.id)).toMatchObject({ status: 'released', paid: '0.00', released: '1.50' });
    await confirm(recordId);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_release', '1.50'],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('verify, against rows and movements tampered with in the database', () => {
  const holdOf = async (requestId: string) =>
    rowsOf<{ id: string; amount: string }>(
      await w.db.execute(sql`select id, amount::text from time_credit_holds where request_id = ${requestId}`),
    )[0];

  it('names a hold row without its hold movement', async () => {
    expect(await verify()).toMatchObject({ ok: true });
    const r = await w.raise(w.community, {
      beneficiaryId: self,
      categoryCode: 'elderly_care',
      channel: 'walk_in',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day++, 10).toISOString(),
    });
    const [row] = rowsOf<{ id: string }>(
      await w.db.execute(sql`insert into time_credit_holds (request_id, payer_id, hours, rate, amount)
        values (${r.id}, ${payerId}, 1, 1, 1) returning id`),
    );
    expect(await verify()).toMatchObject({ ok: false, holdId: row.id });
    await w.db.execute(sql`delete from time_credit_holds where id = ${row.id}`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a hold marked released without its release movement', async () => {
    const r = (await raise(self)).json();
    const h = await holdOf(r.id);
    await w.db.execute(sql`update time_credit_holds set status = 'released', released = amount - paid where id = ${h.id}`);
    expect(await verify()).toMatchObject({ ok: false, holdId: h.id });
    await w.db.execute(sql`update time_credit_holds set status = 'open', released = null where id = ${h.id}`);
    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).statusCode).toBe(200);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("names a payment whose hours are more than its record's confirmed hours, though within its own basis", async () => {
    const r = (await raise(self)).json();
    const h = await holdOf(r.id);
    const recordId = await recorded(await assigned(r.id));
    // Confirmed while the hold is out of reach, so the hook pays nothing; then paid by hand for 1.5 h of a 1 h record.
    await w.db.execute(sql`update time_credit_holds set status = 'released', released = amount where id = ${h.id}`);
    await confirm(recordId);
    await w.db.execute(sql`update time_credit_holds set status = 'open', released = null, paid = 1.50 where id = ${h.id}`);
    const [payment] = await w.db.transaction(async (tx) =>
      postMovements(tx, pointsKeyOf(w.t.config.ledgerKey), [
        {
          currency: 'time_credit',
          debitAccountId: await cityAccount(tx, 'time_credit', 'held'),
          creditAccountId: await cityAccount(tx, 'time_credit', 'redeemed'),
          amount: '1.50',
          causeType: 'service_payment',
          causeId: recordId,
          basis: JSON.stringify([1.5, 1, h.id]),
          at: new Date().toISOString(),
        },
      ]),
    );
    expect(await verify()).toMatchObject({ ok: false, seq: Number(payment.seq) });
  });
});
