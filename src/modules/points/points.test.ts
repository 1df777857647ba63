import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { confirmedRecord } from '../../../test/helpers/points-world.ts';
import { rowsOf } from '../../db/client.ts';
import { DEFAULT_TIME_BANK_RULE } from '../../domain/time-bank/deposit.ts';
import { saveSetting } from '../../platform/settings.ts';
import { postMovements, recordAccounts } from './ledger.ts';
import * as q from './points.queries.ts';
import { keyOf, postRecordPoints } from './points.service.ts';

let t: TestApp;
let organizer: Session;
let volunteer: Session;
let city: Session;
let auditor: Session;
let world: { orgId: string; volunteerId: string; areaCode: string };
const AREA = '330113001001';

beforeAll(async () => {
  t = await createTestApp();
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330113001' });
  organizer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  const volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: AREA, organizationId: orgId })).id;
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteerId}`);
  volunteer = await signIn(t.app, account);
  city = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '3301' }]));
  auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
  world = { orgId, volunteerId, areaCode: AREA };
  // Points alone here: no category deposits time credits on the same chain (time-bank.test.ts does).
  await saveSetting(t.database.db, 'timeBankRule', { ...DEFAULT_TIME_BANK_RULE, eligibleCategories: ['none'] }, account.id);
});
afterAll(() => t.close());

const db = () => t.database.db;
const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
const movementsOf = async (recordId: string) =>
  rowsOf<{ cause_type: string; amount: string }>(
    await db().execute(sql`select m.cause_type, m.amount::text from ledger_movements m
      where m.cause_id = ${recordId} or m.cause_id in (select id from record_corrections where record_id = ${recordId}) order by m.seq`),
  );

describe('earning points from confirmed hours', () => {
  it('posts 1 h = 10 points when a record is confirmed, and the volunteer sees balance, stars and statement', async () => {
    const recordId = await confirmedRecord(db(), organizer, world, { hours: 2 });
    expect(await movementsOf(recordId)).toEqual([{ cause_type: 'record', amount: '20.00' }]);
    const mine = await volunteer.request({ url: '/api/points/me' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ balance: '20.00', stars: 0, totalHours: 2, total: 1 });
    expect(mine.json().statement[0]).toMatchObject({
      cause: 'record',
      amount: '20.00',
      balanceAfter: '20.00',
      activityTitle: expect.stringContaining('助老活动'),
    });
    expect(await verify()).toMatchObject({ ok: true, entries: 1, sum: '20.00' });
  });

  it('follows the city’s rule: rate, category and risk multipliers; only the city office sets it, validated by field', async () => {
    const district = await signIn(t.app, await buildAccount(db(), t.config, [{ role: 'district_admin', areaCode: '330113' }]));
    const rule = {
      pointsPerHour: 12,
      categoryMultipliers: { elderly: 1.5 },
      riskMultipliers: { low: 1, medium: 1.2, high: 2 },
      bonusCapPerMonth: 30,
    };
    expect((await district.request({ method: 'PUT', url: '/api/settings/points-rule', payload: rule })).statusCode).toBe(404);
    const bad = await city.request({
      method: 'PUT',
      url: '/api/settings/points-rule',
      payload: { ...rule, categoryMultipliers: { elderly: 6 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('categoryMultipliers');
    const saved = await city.request({ method: 'PUT', url: '/api/settings/points-rule', payload: rule });
    expect(saved.json()).toMatchObject({ ...rule, version: 1 });
    expect((await volunteer.request({ url: '/api/settings/points-rule' })).json()).toMatchObject({
      version: 1,
      defaults: { pointsPerHour: 10 },
    });
    // 1.5 h × 12 × 1.5 (elderly) × 2 (high risk) = 54; another category at medium risk: 1 × 12 × 1 × 1.2.
    expect(await movementsOf(await confirmedRecord(db(), organizer, world, { hours: 1.5, risk: 'high' }))).toEqual([
      { cause_type: 'record', amount: '54.00' },
    ]);
    expect(await movementsOf(await confirmedRecord(db(), organizer, world, { hours: 1, category: 'culture', risk: 'medium' }))).toEqual([
      { cause_type: 'record', amount: '14.40' },
    ]);
    const basis = rowsOf<{ basis: string }>(await db().execute(sql`select basis from ledger_movements order by seq desc limit 1`))[0].basis;
    expect(JSON.parse(basis)).toEqual(['1.00', '12.00', '1.00', '1.20', 1]);
    expect(await verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('reverses and reposts a record’s points when its correction is accepted, keeping every movement', async () => {
    const recordId = await confirmedRecord(db(), organizer, world, { hours: 1, risk: 'low' });
    const asked = await volunteer.request({
      method: 'POST',
      url: `/api/records/${recordId}/corrections`,
      payload: { requestedHours: 3, reason: '服务到 11 点' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const decided = await organizer.request({
      method: 'POST',
      url: `/api/records/corrections/${asked.json().id}/decision`,
      payload: { accept: true },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // Under the rule above: 1 h × 12 × 1.5 = 18, reversed; 3 h × 12 × 1.5 = 54, posted.
    expect(await movementsOf(recordId)).toEqual([
      { cause_type: 'record', amount: '18.00' },
      { cause_type: 'record_reversal', amount: '18.00' },
      { cause_type: 'record_repost', amount: '54.00' },
    ]);
    const mine = (await volunteer.request({ url: '/api/points/me?limit=3' })).json();
    expect(mine.statement.map((l: { cause: string; amount: string }) => `${l.cause}:${l.amount}`)).toEqual([
      'record_repost:54.00',
      'record_reversal:-18.00',
      'record:18.00',
    ]);
    expect(mine.balance).toBe(mine.statement[0].balanceAfter);
    expect(Number(mine.statement[1].balanceAfter)).toBe(Number(mine.balance) - 54);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('posts a record’s points once: a second posting for the same record is refused by the database', async () => {
    const recordId = await confirmedRecord(db(), organizer, world, { hours: 1 });
    const again = db().transaction((tx) =>
      postRecordPoints(tx, t.config.ledgerKey, { recordId, volunteerId: world.volunteerId, hours: 1, at: new Date().toISOString() }),
    );
    await expect(again).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await movementsOf(recordId)).toHaveLength(1);
  });
});

describe('the double-entry ledger', () => {
  it('refuses an overdraft atomically, naming the account and its floor', async () => {
    const before = await q.accountOf(db(), 'points', world.volunteerId);
    const [head] = rowsOf<{ n: string }>(await db().execute(sql`select count(*)::text as n from ledger_movements`));
    const spend = db().transaction(async (tx) => {
      const { own } = await recordAccounts(tx, 'points', world.volunteerId);
      const redeemed = await q.systemAccount(tx, 'points', 'redeemed');
      const base = { currency: 'points' as const, causeType: 'bonus' as const, causeId: null, basis: null, at: new Date().toISOString() };
      await postMovements(tx, keyOf(t.config.ledgerKey), [
        { ...base, debitAccountId: own, creditAccountId: redeemed, amount: '1.00' },
        { ...base, debitAccountId: own, creditAccountId: redeemed, amount: before.balance },
      ]);
    });
    await expect(spend).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      messageKey: 'points.overdraft',
      details: { account: before.id, floor: '0.00' },
    });
    expect((await q.accountOf(db(), 'points', world.volunteerId)).balance).toBe(before.balance);
    expect(rowsOf<{ n: string }>(await db().execute(sql`select count(*)::text as n from ledger_movements`))).toEqual([head]);
  });

  it('keeps one unbroken chain and zero-sum balances under concurrent postings', async () => {
    const others = await Promise.all(Array.from({ length: 6 }, () => buildVolunteer(db(), t.config, { areaCode: AREA })));
    await Promise.all(
      others.flatMap((v) =>
        [1, 2, 3].map(() =>
          db().transaction(async (tx) => {
            const { issuance, own } = await recordAccounts(tx, 'time_credit', v.id);
            await postMovements(tx, keyOf(t.config.ledgerKey), [
              {
                currency: 'time_credit',
                debitAccountId: issuance,
                creditAccountId: own,
                amount: '1.50',
                causeType: 'bonus',
                causeId: null,
                basis: null,
                at: new Date().toISOString(),
              },
            ]);
          }),
        ),
      ),
    );
    const balances = rowsOf<{ currency: string; total: string; n: string }>(
      await db().execute(
        sql`select currency, sum(balance)::text as total, count(*)::text as n from ledger_accounts group by currency order by currency`,
      ),
    );
    expect(balances).toEqual([
      { currency: 'points', total: '0.00', n: expect.any(String) },
      { currency: 'time_credit', total: '0.00', n: '7' },
    ]);
    // The chain walks unbroken to its last movement; reconciliation then names the first grant
    // made here without a record behind it (a bonus must cite its record).
    const [first] = rowsOf<{ seq: string; n: string }>(
      await db().execute(sql`select min(seq) filter (where cause_id is null)::text as seq, count(*)::text as n from ledger_movements`),
    );
    expect(await verify()).toEqual({ ok: false, problem: 'unreconciled', seq: Number(first.seq), entries: Number(first.n) });
  });
});
