import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeneficiary } from '../../../test/demand-factories.ts';
import { buildAccount, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { daysAhead, details, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { seal } from '../../platform/pii.ts';
import { saveSetting } from '../../platform/settings.ts';
import { settleHolds } from './service-pay.ts';
import { makeRequestOwn } from './time-bank-demo.queries.ts';

/**
 * A request paid in credits after the second review (docs/incentives.md "Spending credits on a service"):
 * who may cancel it once served, who may serve it, and payments to the cent.
 */
type World = Awaited<ReturnType<typeof requestsWorld>>;
let w: World;
let payer: Session;
let payerId: string;
let self: string;
let auditor: Session;
beforeAll(async () => {
  w = await requestsWorld();
  // A resident who is also a volunteer of the organization, raising for themselves, with 6 credits.
  const account = await buildAccount(w.db, w.t.config, [{ role: 'resident' }, { role: 'volunteer' }]);
  payerId = (await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY, organizationId: w.orgId })).id;
  await w.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${payerId}`);
  self = (await buildBeneficiary(w.db, { areaCode: w.COMMUNITY, name: '吴阿姨', accountId: account.id })).id;
  payer = await signIn(w.t.app, account);
  for (const daysAgo of [3, 4, 5])
    await confirmedRecord(w.db, w.orgAdmin, { orgId: w.orgId, volunteerId: payerId, areaCode: w.COMMUNITY }, { hours: 3, daysAgo });
  auditor = await signIn(w.t.app, await buildAccount(w.db, w.t.config, [{ role: 'auditor', areaCode: '3301' }]));
});
afterAll(() => w.t.close());

let day = 50;
const raise = async (hours = 1.5) => {
  const raised = await payer.request({
    method: 'POST',
    url: '/api/requests',
    payload: {
      beneficiaryId: self,
      categoryCode: 'elderly_care',
      channel: 'app',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: new Date(daysAhead(day++, 9).getTime() + hours * 3_600_000).toISOString(),
      payInCredits: true,
    },
  });
  expect(raised.statusCode, raised.body).toBe(201);
  return raised.json() as { id: string; requestNo: string };
};
const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const holdOf = async (requestId: string) =>
  rowsOf<{ id: string; status: string; paid: string; released: string | null }>(
    await w.db.execute(sql`select id, status, paid::text, released::text from time_credit_holds where request_id = ${requestId}`),
  )[0];
const triage = async (requestId: string) =>
  expect((await w.stepOn(w.community, requestId, { action: 'triage', organizationId: w.orgId })).statusCode).toBe(200);

/** Assigned to a new volunteer, its shift moved two days into the past: ready to be recorded. */
async function served(requestId: string) {
  await triage(requestId);
  const v = await w.volunteer();
  expect((await w.stepOn(w.orgAdmin, requestId, { action: 'assign', volunteerIds: [v.id] })).statusCode).toBe(200);
  const [shift] = rowsOf<{ activity_id: string; enrollment_id: string; starts_at: string }>(
    await w.db.execute(sql`select q.activity_id, e.id as enrollment_id, (now() - interval '2 days')::text as starts_at from service_requests q
      join enrollments e on e.activity_id = q.activity_id where q.id = ${requestId}`),
  );
  await w.db.execute(sql`update activities set starts_at = ${shift.starts_at}::timestamptz, ends_at = ${shift.starts_at}::timestamptz + interval '90 minutes',
    apply_deadline = ${shift.starts_at}::timestamptz, cancel_deadline = ${shift.starts_at}::timestamptz - interval '1 day' where id = ${shift.activity_id}`);
  return { ...shift, start: new Date(shift.starts_at), volunteer: v.session };
}

describe('cancelling a paid request once served', () => {
  it('is refused to the resident once someone is assigned, naming the rule; the office still may, and the hold waits for nothing then', async () => {
    const r = await raise();
    await served(r.id);
    const refused = await w.stepOn(payer, r.id, { action: 'cancel', reason: '不需要了' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(details(refused)).toEqual(['status:servedCancel']);
    expect(await holdOf(r.id)).toMatchObject({ status: 'open' });
    expect((await w.stepOn(w.community, r.id, { action: 'cancel', reason: '家属已安排' })).statusCode).toBe(200);
  });

  it('is still the resident’s before anyone is assigned and before the window', async () => {
    const r = await raise();
    await triage(r.id);
    expect((await w.stepOn(payer, r.id, { action: 'cancel', reason: '不需要了' })).statusCode).toBe(200);
    expect(await holdOf(r.id)).toMatchObject({ status: 'released', released: '1.50' });
  });
});

describe('serving one’s own paid request', () => {
  it('refuses assigning the payer (who is also the person served), naming the rule; writing nothing', async () => {
    const r = await raise();
    await triage(r.id);
    const refused = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [payerId] });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(details(refused)).toEqual(['volunteerIds:ownService']);
    expect(rowsOf(await w.db.execute(sql`select 1 from request_assignments where request_id = ${r.id}`))).toHaveLength(0);
  });
});

describe('a payment to the cent', () => {
  it('pays a record of 0.5 h + 0.07 h added as 0.57 h, and verify agrees', async () => {
    const r = await raise();
    const shift = await served(r.id);
    const made = await w.orgAdmin.request({
      method: 'POST',
      url: '/api/records',
      payload: {
        enrollmentId: shift.enrollment_id,
        checkInAt: shift.start.toISOString(),
        checkOutAt: new Date(shift.start.getTime() + 30 * 60_000).toISOString(),
        addedHours: 0.07,
        reason: '路上协助',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect((await w.orgAdmin.request({ method: 'POST', url: `/api/records/${made.json().id}/confirm` })).statusCode).toBe(200);
    const [pay] = rowsOf<{ basis: string; amount: string }>(
      await w.db.execute(
        sql`select basis, amount::text from ledger_movements where cause_type = 'service_payment' and cause_id = ${made.json().id}`,
      ),
    );
    expect(JSON.parse(pay.basis).slice(0, 2)).toEqual([0.57, 1]);
    expect(pay.amount).toBe('0.57');
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('verify, against a hold row edited in the database', () => {
  it('names the hold movement once the row’s hours, rate or request no longer match what the chain holds', async () => {
    const r = await raise();
    // A request of the same person not paid in credits, for the hold to be moved onto.
    const unpaid = await w.raise(w.community, {
      beneficiaryId: self,
      categoryCode: 'elderly_care',
      channel: 'walk_in',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day++, 10).toISOString(),
    });
    const [h] = rowsOf<{ id: string; seq: string; basis: string }>(
      await w.db.execute(sql`select h.id, m.seq::text as seq, m.basis from time_credit_holds h
        join ledger_movements m on m.cause_type = 'service_hold' and m.cause_id = h.id where h.request_id = ${r.id}`),
    );
    expect(JSON.parse(h.basis)).toEqual([1.5, 1, r.id]);
    expect(await verify()).toMatchObject({ ok: true });
    for (const [edit, undo] of [
      [sql`rate = 2`, sql`rate = 1`],
      [sql`hours = 3`, sql`hours = 1.5`],
      [sql`request_id = ${unpaid.id}`, sql`request_id = ${r.id}`],
    ] as const) {
      await w.db.execute(sql`update time_credit_holds set ${edit} where id = ${h.id}`);
      expect(await verify()).toMatchObject({ ok: false, seq: Number(h.seq) });
      await w.db.execute(sql`update time_credit_holds set ${undo} where id = ${h.id}`);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('the demo’s request made the demo volunteer’s own', () => {
  it('carries their own phone and no one else’s address, place, position or notes', async () => {
    const r = await w.raise(w.community, {
      beneficiaryId: w.residentBeneficiary.id,
      categoryCode: 'elderly_care',
      channel: 'walk_in',
      notes: '李大爷家的钥匙在门卫',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day++, 10).toISOString(),
    });
    const v = await w.volunteer();
    const address = '杭州市示例街道示例社区文三路66号3幢1单元402室';
    const home = { address: seal(w.t.config.piiKeys, address), addressMasked: '示例街道 · 示例社区 3 幢', placeMasked: '文三路' };
    expect(await makeRequestOwn(w.db, r.id, v.id, home)).toBe(true);
    const [row] = rowsOf<Record<string, string | null>>(
      await w.db.execute(sql`select b.address_cipher, b.address_masked, b.lat::text as b_lat, b.phone_cipher, v.phone_cipher as own_phone,
          q.place_cipher, q.place_masked, q.lat::text as q_lat, q.notes, b.account_id, v.account_id as own_account
        from service_requests q join beneficiaries b on b.id = q.beneficiary_id join volunteers v on v.id = ${v.id} where q.id = ${r.id}`),
    );
    // Their own made-up home, as the beneficiary's address and the request's place; the resident's is gone.
    expect(row).toMatchObject({ address_cipher: home.address.cipher, address_masked: '示例街道 · 示例社区 3 幢', b_lat: null });
    expect(row).toMatchObject({ place_cipher: home.address.cipher, place_masked: '文三路' });
    expect(row).toMatchObject({ notes: '', phone_cipher: row.own_phone, account_id: row.own_account });
    expect(row.own_phone).toBeTruthy();
  });
});

describe('the nightly settlement of a request never closed', () => {
  it('counts the recording window by the city’s work calendar, and once settled nobody more is sent to serve', async () => {
    const r = await raise();
    expect((await w.stepOn(w.community, r.id, { action: 'triage', organizationId: w.orgId, headcount: 2 })).statusCode).toBe(200);
    const first = await w.volunteer();
    expect((await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [first.id] })).statusCode).toBe(200);
    await w.db.execute(sql`update activities set starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '90 minutes',
      apply_deadline = now() - interval '2 days', cancel_deadline = now() - interval '3 days'
      where id = (select activity_id from service_requests where id = ${r.id})`);
    // Every day from before the shift to past the job's run a holiday: the recording window has not passed.
    const days = Array.from({ length: 100 }, (_, i) => new Date(Date.now() + (i - 10) * 86_400_000).toISOString().slice(0, 10));
    const [by] = rowsOf<{ id: string }>(await w.db.execute(sql`select id from accounts order by created_at limit 1`));
    const later = new Date(Date.now() + 70 * 86_400_000);
    await saveSetting(w.db, 'workCalendar', { holidays: days, workdays: [] }, by.id);
    // (Other tests' holds may settle too: this request's hold is the one looked at.)
    await settleHolds(w.db, w.t.config.ledgerKey, later);
    expect(await holdOf(r.id)).toMatchObject({ status: 'open' });
    await saveSetting(w.db, 'workCalendar', { holidays: [], workdays: [] }, by.id);
    await settleHolds(w.db, w.t.config.ledgerKey, later);
    expect(await holdOf(r.id)).toMatchObject({ status: 'released', released: '1.50' });

    const refused = await w.stepOn(w.orgAdmin, r.id, { action: 'assign', volunteerIds: [(await w.volunteer()).id] });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(details(refused)).toEqual(['volunteerIds:holdSettled']);
  });
});

describe('a correction of a paid record', () => {
  it('pays the hours it adds while the hold lasts, capped by what is left; one that lowers them takes nothing back', async () => {
    const r = await raise();
    const shift = await served(r.id);
    const made = await w.orgAdmin.request({
      method: 'POST',
      url: '/api/records',
      payload: {
        enrollmentId: shift.enrollment_id,
        checkInAt: shift.start.toISOString(),
        checkOutAt: new Date(shift.start.getTime() + 3_600_000).toISOString(),
      },
    });
    const recordId = made.json().id as string;
    expect((await w.orgAdmin.request({ method: 'POST', url: `/api/records/${recordId}/confirm` })).statusCode).toBe(200);
    const correct = async (requestedHours: number) => {
      const asked = await shift.volunteer.request({
        method: 'POST',
        url: `/api/records/${recordId}/corrections`,
        payload: { requestedHours, reason: '实际服务时长' },
      });
      expect(asked.statusCode, asked.body).toBe(201);
      const decided = await w.orgAdmin.request({
        method: 'POST',
        url: `/api/records/corrections/${asked.json().id}/decision`,
        payload: { accept: true },
      });
      expect(decided.statusCode, decided.body).toBe(200);
    };
    const payments = async () =>
      rowsOf<{ amount: string }>(
        await w.db.execute(sql`select amount::text from ledger_movements where cause_type = 'service_payment'
          and basis::jsonb->>2 = ${(await holdOf(r.id)).id}::text order by seq`),
      ).map((p) => p.amount);
    expect(await payments()).toEqual(['1.00']);
    await correct(1.25);
    expect(await payments()).toEqual(['1.00', '0.25']);
    expect(await verify()).toMatchObject({ ok: true });
    await correct(0.75);
    await correct(1.25);
    expect(await payments()).toEqual(['1.00', '0.25']);
    // Past what is left of the hold (1.50 held): 0.25 more, not 0.75.
    await correct(2);
    expect(await payments()).toEqual(['1.00', '0.25', '0.25']);
    expect(await holdOf(r.id)).toMatchObject({ paid: '1.50' });
    expect(await verify()).toMatchObject({ ok: true });
  });
});
