import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, buildVolunteer } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { appendLedger, verifyLedger } from './ledger.ts';

let t: TestApp;
let volunteerId: string;
let recordIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330111001' });
  volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: '330111001001' })).id;
  recordIds = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      select ${volunteerId}, ${orgId}, '社区服务', date '2026-11-01' + g, '活动室', '陈队长', 'manual', 2, 'confirmed' from generate_series(1, 40) g returning id`),
  ).map((r) => r.id);
});
afterAll(() => t.close());

const facts = (i: number) => ({
  volunteerId,
  recordId: recordIds[i],
  kind: 'credit' as const,
  hours: String(1 + (i % 3)),
  at: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
});
const tamper = (statement: ReturnType<typeof sql>) =>
  t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table ledger_entries disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table ledger_entries enable trigger user`);
  });

describe('the hour ledger', () => {
  it('appends from many transactions at once into one unbroken chain', async () => {
    await Promise.all(recordIds.slice(0, 30).map((_, i) => t.database.db.transaction((tx) => appendLedger(tx, [facts(i)]))));
    const verdict = await verifyLedger(t.database.db);
    expect(verdict).toMatchObject({ ok: true, entries: 30 });
    const seqs = rowsOf<{ s: string }>(await t.database.db.execute(sql`select seq::text as s from ledger_entries order by seq`)).map((r) =>
      Number(r.s),
    );
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database', async () => {
    await expect(t.database.db.execute(sql`update ledger_entries set hours = 99 where seq = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from ledger_entries where seq = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate ledger_entries`)).rejects.toThrow();
  });

  it('names the entry that was altered, removed or inserted behind the database’s back', async () => {
    const [original] = rowsOf<{ hours: string }>(await t.database.db.execute(sql`select hours::text from ledger_entries where seq = 7`));
    await tamper(sql`update ledger_entries set hours = 12 where seq = 7`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: false, seq: 7, problem: 'altered' });
    await tamper(sql`update ledger_entries set hours = ${original.hours}::numeric where seq = 7`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: true });

    const [kept] = rowsOf<Record<string, unknown>>(await t.database.db.execute(sql`select * from ledger_entries where seq = 12`));
    await tamper(sql`delete from ledger_entries where seq = 12`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: false, seq: 12, problem: 'removed' });
    await tamper(sql`insert into ledger_entries select * from json_populate_record(null::ledger_entries, ${JSON.stringify(kept)}::json)`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: true, entries: 30 });

    // A forged entry at the end that does not chain to the head.
    await tamper(sql`insert into ledger_entries (seq, volunteer_id, record_id, kind, hours, at, prev_hash, hash)
      values (31, ${volunteerId}, ${recordIds[35]}, 'added', 8, '2026-12-01T00:00:00.000Z', repeat('0', 64), repeat('a', 64))`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: false, seq: 31, problem: 'altered' });
  });
});

describe('the auditor’s ledger check', () => {
  it('runs in the background with its progress kept, and anchors the next run on the head it found', async () => {
    const { buildAccount, signIn } = await import('../../../test/factories.ts');
    const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    expect((await volunteer.request({ method: 'POST', url: '/api/ledger/checks' })).statusCode).toBe(404);
    const finished = async () => {
      const started = await auditor.request({ method: 'POST', url: '/api/ledger/checks' });
      expect(started.statusCode).toBe(202);
      for (;;) {
        const check = (await auditor.request({ url: `/api/ledger/checks/${started.json().id}` })).json();
        if (check.status !== 'running') return check;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // The test before left a forged entry 31 at the end.
    expect(await finished()).toMatchObject({ status: 'broken', total: 31, badSeq: 31, problem: 'altered' });
    await tamper(sql`delete from ledger_entries where seq = 31`);
    expect(await finished()).toMatchObject({ status: 'intact', total: 30, entries: 30, badSeq: null });
    // The last entry cut off: the chain alone looks whole, the earlier head says otherwise.
    await tamper(sql`delete from ledger_entries where seq = 30`);
    expect(await verifyLedger(t.database.db)).toMatchObject({ ok: true, entries: 29 });
    expect(await finished()).toMatchObject({ status: 'broken', badSeq: 30, problem: 'removed' });
    const list = (await auditor.request({ url: '/api/ledger/checks' })).json();
    expect(list.map((c: { status: string }) => c.status)).toEqual(['broken', 'intact', 'broken']);
  });
});
