import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';
import { DEFAULT_TIME_BANK_RULE } from '../../domain/time-bank/deposit.ts';
import { saveSetting } from '../../platform/settings.ts';

let t: TestApp;
let organizer: Session;
let organizerAccountId: string;
let auditor: Session;
let world: { orgId: string; volunteerId: string; areaCode: string };
const records: string[] = [];
const AREA = '330114001001';

beforeAll(async () => {
  t = await createTestApp();
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330114001' });
  const organizerAccount = await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]);
  organizerAccountId = organizerAccount.id;
  organizer = await signIn(t.app, organizerAccount);
  const volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: AREA, organizationId: orgId })).id;
  const auditorAccount = await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]);
  auditor = await signIn(t.app, auditorAccount);
  world = { orgId, volunteerId, areaCode: AREA };
  // Points alone here: no category deposits time credits on the same chain (time-bank.test.ts does).
  await saveSetting(t.database.db, 'timeBankRule', { ...DEFAULT_TIME_BANK_RULE, eligibleCategories: ['none'] }, auditorAccount.id);
  for (const hours of [1, 2, 3, 1.5]) records.push(await confirmedRecord(t.database.db, organizer, world, { hours }));
});
afterAll(() => t.close());

const db = () => t.database.db;
const verify = async (payload: object = {}) => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload })).json();
/** Changes rows behind the application's back (the append-only trigger lifted), then puts them back. */
async function tampered(change: ReturnType<typeof sql>, undo: ReturnType<typeof sql>, check: () => Promise<void>) {
  const run = (statement: ReturnType<typeof sql>) =>
    db().transaction(async (tx) => {
      await tx.execute(sql`alter table ledger_movements disable trigger user`);
      await tx.execute(statement);
      await tx.execute(sql`alter table ledger_movements enable trigger user`);
    });
  await run(change);
  try {
    await check();
  } finally {
    await run(undo);
  }
}

describe('verifying the points ledger', () => {
  it('holds for the postings of confirmed records, and a signed checkpoint of it verifies', async () => {
    expect(await verify()).toMatchObject({ ok: true, entries: 4, sum: '75.00' });
    const cp = (await auditor.request({ url: '/api/points/checkpoint' })).json();
    expect(cp).toMatchObject({ ledger: 'points', seq: 4, sum: '75.00', signature: expect.any(String) });
    expect(await verify({ checkpoint: cp })).toMatchObject({ ok: true });
    const forged = await auditor.request({ method: 'POST', url: '/api/points/verify', payload: { checkpoint: { ...cp, sum: '1.00' } } });
    expect(forged.json().error.details[0]).toMatchObject({ field: 'checkpoint', rule: 'signed' });
    // Only the auditor and the city check ledgers.
    expect((await organizer.request({ method: 'POST', url: '/api/points/verify', payload: {} })).statusCode).toBe(404);
  });

  it('names a changed amount (its link no longer holds under the key)', async () => {
    await tampered(
      sql`update ledger_movements set amount = 99 where seq = 2`,
      sql`update ledger_movements set amount = 20 where seq = 2`,
      async () => {
        expect(await verify()).toMatchObject({ ok: false, seq: 2, problem: 'altered' });
      },
    );
  });

  it('names a movement removed from the end against a checkpoint', async () => {
    const cp = (await auditor.request({ url: '/api/points/checkpoint' })).json();
    const [last] = rowsOf<Record<string, string>>(await db().execute(sql`select * from ledger_movements where seq = 4`));
    await tampered(
      sql`delete from ledger_movements where seq = 4`,
      sql`insert into ledger_movements select * from json_populate_record(null::ledger_movements, ${JSON.stringify(last)}::json)`,
      async () => {
        expect(await verify({ checkpoint: cp })).toMatchObject({ ok: false, problem: 'truncated', seq: 4 });
      },
    );
  });

  it('names a balance changed without a movement, and a currency that no longer sums to zero', async () => {
    const [account] = rowsOf<{ id: string }>(await db().execute(sql`select id from ledger_accounts where owner_id = ${world.volunteerId}`));
    await db().execute(sql`update ledger_accounts set balance = balance + 5 where id = ${account.id}`);
    try {
      expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: null, accountId: account.id });
    } finally {
      await db().execute(sql`update ledger_accounts set balance = balance - 5 where id = ${account.id}`);
    }
  });

  it('reconciles each posting with its record: hours changed on the record, or a record rejected after posting', async () => {
    await db().execute(sql`update service_records set credit_hours = 5 where id = ${records[1]}`);
    try {
      expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: 2 });
    } finally {
      await db().execute(sql`update service_records set credit_hours = 2 where id = ${records[1]}`);
    }
    await db().execute(sql`update service_records set status = 'rejected' where id = ${records[2]}`);
    try {
      expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: 3 });
    } finally {
      await db().execute(sql`update service_records set status = 'confirmed' where id = ${records[2]}`);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a confirmed record whose points were never posted', async () => {
    const [r] = rowsOf<{ id: string }>(
      await db().execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
        values (${world.volunteerId}, ${world.orgId}, '补录服务', date '2026-11-02', '活动室', '陈队长', 'manual', 2, 'confirmed') returning id`),
    );
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: null, recordId: r.id });
    await db().execute(sql`delete from service_records where id = ${r.id}`);
  });
});

describe('who sees a volunteer’s points, and the organizer’s bonus', () => {
  it('shows them to an office of their area and their organization, and answers 404 elsewhere', async () => {
    const url = `/api/volunteers/${world.volunteerId}/points`;
    const street = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'street_admin', areaCode: '330114001' }]));
    const elsewhere = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'street_admin', areaCode: '330114002' }]));
    const otherOrg = await buildOrganization(db(), t.config, { areaCode: '330114001' });
    const stranger = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'org_admin', organizationId: otherOrg }]));
    expect((await street.request({ url })).json()).toMatchObject({ balance: '75.00', total: 4 });
    expect((await organizer.request({ url })).json()).toMatchObject({ balance: '75.00' });
    expect((await elsewhere.request({ url })).statusCode).toBe(404);
    expect((await stranger.request({ url })).statusCode).toBe(404);
  });

  it('gives a bonus once per record, within the monthly cap, and refuses more by name', async () => {
    const give = (recordId: string, points: number) =>
      organizer.request({ method: 'POST', url: '/api/points/bonus', payload: { recordId, organizationId: world.orgId, points } });
    expect((await give(records[0], 30)).statusCode).toBe(200);
    expect((await give(records[0], 5)).statusCode).toBe(409);
    const over = await give(records[1], 30); // default cap 50: 20 left
    expect(over.statusCode).toBe(422);
    expect(over.json().error.details[0]).toMatchObject({ field: 'points', rule: 'monthly_cap' });
    expect((await give(records[1], 20)).statusCode).toBe(200);
    expect(await verify()).toMatchObject({ ok: true, entries: 6, sum: '125.00' });
  });

  it('lists the organization’s confirmed records with the bonus each got and the volunteer’s cap left, to it alone', async () => {
    const url = `/api/points/bonus-candidates?organizationId=${world.orgId}`;
    const list = await organizer.request({ url });
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ total: records.length, capPerMonth: 50 });
    const byId = new Map(body.items.map((i: { recordId: string }) => [i.recordId, i]));
    // The two bonuses above, 30 and 20: the volunteer's cap of 50 is spent this month.
    expect(byId.get(records[0])).toMatchObject({ bonus: '30.00', capLeft: 0 });
    expect(byId.get(records[1])).toMatchObject({ bonus: '20.00', capLeft: 0 });
    expect(body.items.filter((i: { bonus: string | null }) => i.bonus === null)).toHaveLength(records.length - 2);
    const paged = (await organizer.request({ url: `${url}&limit=1&offset=1` })).json();
    expect(paged).toMatchObject({ total: records.length });
    expect(paged.items).toEqual([body.items[1]]);
    const otherOrg = await buildOrganization(db(), t.config, { areaCode: '330114001' });
    const stranger = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'org_admin', organizationId: otherOrg }]));
    expect((await stranger.request({ url })).statusCode).toBe(404);
    expect((await auditor.request({ url })).statusCode).toBe(404);
  });
  it('refuses a bonus for the organizer’s own record and for service older than the window, naming the rule', async () => {
    // The organizer serves with their organization too: their own confirmed record.
    const own = await buildVolunteer(db(), t.config, { areaCode: AREA, organizationId: world.orgId });
    // Confirmed before the organizer's account is linked to it (no one confirms their own hours either).
    const ownRecord = await confirmedRecord(db(), organizer, { ...world, volunteerId: own.id }, { hours: 1 });
    await db().execute(sql`update volunteers set account_id = ${organizerAccountId} where id = ${own.id}`);
    const self = await organizer.request({
      method: 'POST',
      url: '/api/points/bonus',
      payload: { recordId: ownRecord, organizationId: world.orgId, points: 5 },
    });
    expect([self.statusCode, self.json().error.message]).toEqual([422, '不能为本人的服务记录给予奖励积分']);
    // A record served 91 China days ago is outside the 90-day window the list offers.
    const old = await confirmedRecord(db(), organizer, world, { hours: 1 });
    await db().execute(sql`update service_records set service_date = (now() at time zone 'Asia/Shanghai')::date - 91 where id = ${old}`);
    const late = await organizer.request({
      method: 'POST',
      url: '/api/points/bonus',
      payload: { recordId: old, organizationId: world.orgId, points: 5 },
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.details[0]).toMatchObject({ field: 'recordId', rule: 'window' });
    await db().execute(sql`update service_records set service_date = (now() at time zone 'Asia/Shanghai')::date where id = ${old}`);
  });
});
