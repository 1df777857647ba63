import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { buildAccount, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { daysAhead, details, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { cityAccount, pointsKeyOf, postMovements } from '../points/index.ts';

/**
 * Spending time credits on a service (docs/incentives.md "Spending credits on a service"): a resident who is
 * also a volunteer raises a request for themselves paid in credits; it holds, pays on confirmation, releases.
 */
type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
let payer: Session;
let beneficiaryId: string;
let auditor: Session;
beforeAll(async () => {
  w = await requestsWorld();
  // A resident who is also a volunteer, raising for themselves, with 2 credits deposited for an
  // elderly-care service (the daily cap).
  const account = await buildAccount(w.db, w.t.config, [{ role: 'resident' }, { role: 'volunteer' }]);
  const payerId = (await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY, organizationId: w.orgId })).id;
  await w.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${payerId}`);
  beneficiaryId = (await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '赵阿姨', accountId: account.id })).id;
  payer = await signIn(w.t.app, account);
  await confirmedRecord(w.db, w.orgAdmin, { orgId: w.orgId, volunteerId: payerId, areaCode: w.COMMUNITY }, { hours: 3, daysAgo: 3 });
  auditor = await signIn(w.t.app, await buildAccount(w.db, w.t.config, [{ role: 'auditor', areaCode: '3301' }]));
});
afterAll(() => w.t.close());

let day = 30;
const raise = (hours: number, headcount: number, payInCredits = true) =>
  payer.request({
    method: 'POST',
    url: '/api/requests',
    payload: {
      beneficiaryId,
      categoryCode: 'elderly_care',
      channel: 'app',
      headcount,
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day++, 9 + hours).toISOString(),
      payInCredits,
    },
  });
const mine = async () => (await payer.request({ url: '/api/time-bank/me' })).json();
const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const moves = async (requestId: string) =>
  rowsOf<{ cause_type: string; amount: string }>(
    await w.db.execute(sql`select m.cause_type, m.amount::text from ledger_movements m
      where m.cause_id in (select id from time_credit_holds where request_id = ${requestId})
        or (m.cause_type = 'service_payment' and m.basis::jsonb->>2 in (select id::text from time_credit_holds where request_id = ${requestId}))
      order by m.seq`),
  ).map((m) => [m.cause_type, m.amount]);

describe('a request paid in credits', () => {
  it('is refused, writing nothing, when the window × headcount needs more credits than the raiser holds', async () => {
    const refused = await raise(3, 2);
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual(['payInCredits:balance']);
    expect(refused.json().error.message).toContain('6.00');
    expect(rowsOf(await w.db.execute(sql`select id from time_credit_holds`))).toHaveLength(0);
    expect((await mine()).balance).toBe('2.00');
  });

  it('is refused for a raiser who is not a volunteer', async () => {
    const other = await w.community.request({
      method: 'POST',
      url: '/api/requests',
      payload: {
        beneficiaryId,
        categoryCode: 'elderly_care',
        channel: 'walk_in',
        windowStart: daysAhead(day, 9).toISOString(),
        windowEnd: daysAhead(day++, 10).toISOString(),
        payInCredits: true,
      },
    });
    expect(details(other)).toEqual(['payInCredits:volunteer']);
  });

  it('holds at raising, pays each confirmed record of its shift out of the hold, gives back the rest at closing', async () => {
    const raised = await raise(1.5, 1);
    expect(raised.statusCode, raised.body).toBe(201);
    const r = raised.json();
    expect(await moves(r.id)).toEqual([['service_hold', '1.50']]);
    const held = await mine();
    expect(held).toMatchObject({ balance: '0.50', openHolds: [{ requestNo: r.requestNo, amount: '1.50', paid: '0.00' }] });
    expect(held.statement[0]).toMatchObject({ cause: 'service_hold', amount: '-1.50', activityTitle: r.requestNo });

    // Served: the office triages, the organization assigns; the shift is moved into the past so it can be recorded.
    const v = await w.volunteer();
    for (const [as, step] of [
      [w.community, { action: 'triage', organizationId: w.orgId }],
      [w.orgAdmin, { action: 'assign', volunteerIds: [v.id] }],
    ] as const)
      expect((await w.stepOn(as, r.id, step)).statusCode).toBe(200);
    const [shift] = rowsOf<{ activity_id: string; enrollment_id: string }>(
      await w.db.execute(sql`select q.activity_id, e.id as enrollment_id from service_requests q
        join enrollments e on e.activity_id = q.activity_id where q.id = ${r.id}`),
    );
    await w.db.execute(sql`update activities set starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '90 minutes',
      apply_deadline = now() - interval '2 days', cancel_deadline = now() - interval '3 days' where id = ${shift.activity_id}`);
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
    expect((await w.orgAdmin.request({ method: 'POST', url: `/api/records/${made.json().id}/confirm` })).statusCode).toBe(200);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_payment', '1.00'],
    ]);
    expect((await mine()).openHolds).toMatchObject([{ paid: '1.00' }]);
    expect(await verify()).toMatchObject({ ok: true });

    for (const step of [{ action: 'done' }, { action: 'close' }])
      expect((await w.stepOn(w.orgAdmin, r.id, step)).statusCode).toBeLessThan(300);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.50'],
      ['service_payment', '1.00'],
      ['service_release', '0.50'],
    ]);
    const after = await mine();
    expect(after).toMatchObject({ balance: '1.00', openHolds: [] });
    expect(after.statement[0]).toMatchObject({ cause: 'service_release', amount: '0.50', activityTitle: r.requestNo });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('gives the whole hold back when the request is cancelled; an unpaid request holds nothing', async () => {
    expect((await raise(1, 1, false)).statusCode).toBe(201);
    const r = (await raise(1, 1)).json();
    expect((await mine()).balance).toBe('0.00');
    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).statusCode).toBe(200);
    expect(await moves(r.id)).toEqual([
      ['service_hold', '1.00'],
      ['service_release', '1.00'],
    ]);
    expect(await mine()).toMatchObject({ balance: '1.00', openHolds: [] });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('verify names a payment no record or hold backs, and a hold whose payments do not add up', async () => {
    const r = (await raise(1, 1)).json();
    const [hold] = rowsOf<{ id: string; seq: string }>(
      await w.db.execute(sql`select h.id, m.seq::text as seq from time_credit_holds h
        join ledger_movements m on m.cause_type = 'service_hold' and m.cause_id = h.id where h.request_id = ${r.id}`),
    );
    const pay = (holdId: string) =>
      w.db.transaction(async (tx) =>
        postMovements(tx, pointsKeyOf(w.t.config.ledgerKey), [
          {
            currency: 'time_credit',
            debitAccountId: await cityAccount(tx, 'time_credit', 'held'),
            creditAccountId: await cityAccount(tx, 'time_credit', 'redeemed'),
            amount: '0.40',
            causeType: 'service_payment',
            causeId: randomUUID(),
            basis: JSON.stringify([1, 1, holdId]),
            at: new Date().toISOString(),
          },
        ]),
      );
    // No record, no hold behind it: the payment is named.
    const [stray] = await pay(randomUUID());
    expect(await verify()).toMatchObject({ ok: false, seq: Number(stray.seq) });
    // Charged to a real hold the row does not know of: the hold (earlier on the chain) is named.
    await pay(hold.id);
    expect(await verify()).toMatchObject({ ok: false, seq: Number(hold.seq) });
  });
});
