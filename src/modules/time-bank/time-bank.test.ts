import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';
import { pointsKeyOf, postMovements, recordAccounts } from '../points/index.ts';

let t: TestApp;
let organizer: Session;
let volunteer: Session;
let city: Session;
let auditor: Session;
let world: { orgId: string; volunteerId: string; areaCode: string };
const AREA = '330114001001';

beforeAll(async () => {
  t = await createTestApp();
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330114001' });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  const volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: AREA, organizationId: orgId })).id;
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteerId}`);
  volunteer = await signIn(t.app, account);
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
  auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
  world = { orgId, volunteerId, areaCode: AREA };
});
afterAll(() => t.close());

const db = () => t.database.db;
const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const creditsOf = async (recordId: string) =>
  rowsOf<{ cause_type: string; amount: string; basis: string | null }>(
    await db().execute(sql`select m.cause_type, m.amount::text, m.basis from ledger_movements m where m.currency = 'time_credit'
      and (m.cause_id = ${recordId} or m.cause_id in (select id from record_corrections where record_id = ${recordId})) order by m.seq`),
  ).map((m) => ({ cause: m.cause_type, amount: m.amount, basis: m.basis && JSON.parse(m.basis) }));
const mine = async () => (await volunteer.request({ url: '/api/time-bank/me' })).json();

describe('deposits from confirmed hours', () => {
  it('deposits 1 credit an hour for elderly care, at most 2 for one day of service, recording what was clipped', async () => {
    const first = await confirmedRecord(db(), organizer, world, { hours: 3, daysAgo: 3 });
    expect(await creditsOf(first)).toEqual([
      { cause: 'record', amount: '2.00', basis: ['3.00', '1.00', expect.any(String), '2.00', '0.00', '1500.00', '0.00', 0] },
    ]);
    // The same day is full: nothing more; another day deposits again; culture is not eligible.
    expect(await creditsOf(await confirmedRecord(db(), organizer, world, { hours: 1, daysAgo: 3 }))).toEqual([]);
    expect(await creditsOf(await confirmedRecord(db(), organizer, world, { hours: 1.5, daysAgo: 4 }))).toMatchObject([
      { cause: 'record', amount: '1.50', basis: ['1.50', '1.00', expect.any(String), '2.00', '0.00', '1500.00', '2.00', 0] },
    ]);
    expect(await creditsOf(await confirmedRecord(db(), organizer, world, { hours: 2, category: 'culture', daysAgo: 5 }))).toEqual([]);
    const me = await mine();
    expect(me).toMatchObject({ balance: '3.50', lifetimeDeposited: '3.50', lifetimeCap: '1500.00', dailyCap: '2.00', total: 2 });
    expect(me.statement[0]).toMatchObject({ cause: 'record', amount: '1.50', balanceAfter: '3.50', activityTitle: expect.any(String) });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('reverses and deposits again when a correction is accepted, under the caps as they then stand', async () => {
    const recordId = await confirmedRecord(db(), organizer, world, { hours: 0.5, daysAgo: 6 });
    const asked = await volunteer.request({
      method: 'POST',
      url: `/api/records/${recordId}/corrections`,
      payload: { requestedHours: 4, reason: '服务到中午' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const decided = await organizer.request({
      method: 'POST',
      url: `/api/records/corrections/${asked.json().id}/decision`,
      payload: { accept: true },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await creditsOf(recordId)).map(({ cause, amount }) => [cause, amount])).toEqual([
      ['record', '0.50'],
      ['record_reversal', '0.50'],
      ['record_repost', '2.00'],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('verify recomputes each deposit: one posted past the cap is named by its movement', async () => {
    const recordId = await confirmedRecord(db(), organizer, world, { hours: 1, category: 'culture', daysAgo: 7 });
    await db().execute(sql`update service_records set category_code = 'elderly' where id = ${recordId}`);
    const day = await serviceDate(recordId);
    const [row] = await db().transaction(async (tx) => {
      const { issuance, own } = await recordAccounts(tx, 'time_credit', world.volunteerId);
      return postMovements(tx, pointsKeyOf(t.config.ledgerKey), [
        {
          currency: 'time_credit',
          debitAccountId: issuance,
          creditAccountId: own,
          amount: '1.00',
          causeType: 'record',
          causeId: recordId,
          // Says nothing was deposited before in a lifetime: the ledger holds 5.50.
          basis: JSON.stringify(['1.00', '1.00', day, '2.00', '0.00', '1500.00', '0.00', 0]),
          at: new Date().toISOString(),
        },
      ]);
    });
    expect(await verify()).toMatchObject({ ok: false, problem: 'unreconciled', seq: row.seq });
  });
});

const serviceDate = async (recordId: string) =>
  rowsOf<{ d: string }>(await db().execute(sql`select service_date::text as d from service_records where id = ${recordId}`))[0].d;

describe('the time bank rule', () => {
  it('only the city office sets it, validated by field; a lower daily cap holds for hours confirmed from then on', async () => {
    const district = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'district_admin', areaCode: '330114' }]));
    const rule = { eligibleCategories: ['elderly', 'culture'], creditsPerHour: 1, dailyCap: 1, lifetimeCap: 600 };
    expect((await district.request({ method: 'PUT', url: '/api/settings/time-bank-rule', payload: rule })).statusCode).toBe(404);
    const bad = await city.request({ method: 'PUT', url: '/api/settings/time-bank-rule', payload: { ...rule, dailyCap: 700 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'dailyCap', rule: 'below' })]);
    const english = await city.request({
      method: 'PUT',
      url: '/api/settings/time-bank-rule',
      payload: { ...rule, eligibleCategories: [] },
      headers: { 'x-volunet-language': 'en-US' },
    });
    expect(JSON.stringify(english.json().error.details)).toContain('Choose at least one category');
    const saved = await city.request({ method: 'PUT', url: '/api/settings/time-bank-rule', payload: rule });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ...rule, version: 1 });
    expect((await volunteer.request({ url: '/api/settings/time-bank-rule' })).json()).toMatchObject({
      version: 1,
      defaults: { dailyCap: 2, lifetimeCap: 1500 },
    });
    expect(await creditsOf(await confirmedRecord(db(), organizer, world, { hours: 3, category: 'culture', daysAgo: 8 }))).toMatchObject([
      { cause: 'record', amount: '1.00', basis: ['3.00', '1.00', expect.any(String), '1.00', '0.00', '600.00', expect.any(String), 1] },
    ]);
    expect((await mine()).dailyCap).toBe('1.00');
  });
});
