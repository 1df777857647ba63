import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { appendLedger, verifyLedger } from './ledger.ts';
import { rekeyLedger } from './ledger-rekey.ts';

let t: TestApp;
let volunteerId: string;
let recordIds: string[];
/** The record whose entry the auditor's test cuts off the end. */
let cutRecord: string;
const key = () => t.config.ledgerKey;

beforeAll(async () => {
  t = await createTestApp();
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: '330111001' });
  volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: '330111001001' })).id;
  // 30 confirmed records whose hours go into the ledger below, and 10 still pending.
  recordIds = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      select ${volunteerId}, ${orgId}, '社区服务', date '2026-11-01' + g, '活动室', '陈队长', 'manual', 1 + (g - 1) % 3,
        case when g <= 30 then 'confirmed' else 'pending' end
      from generate_series(1, 40) g order by g returning id`),
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
  it('appends from many transactions at once into one unbroken chain that reconciles with its records', async () => {
    await Promise.all(recordIds.slice(0, 30).map((_, i) => t.database.db.transaction((tx) => appendLedger(tx, key(), [facts(i)]))));
    const verdict = await verifyLedger(t.database.db, key());
    expect(verdict).toMatchObject({ ok: true, entries: 30, sum: '60.00' });
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
    expect(await verifyLedger(t.database.db, key())).toMatchObject({ ok: false, seq: 7, problem: 'altered' });
    await tamper(sql`update ledger_entries set hours = ${original.hours}::numeric where seq = 7`);
    expect(await verifyLedger(t.database.db, key())).toMatchObject({ ok: true });

    const [kept] = rowsOf<Record<string, unknown>>(await t.database.db.execute(sql`select * from ledger_entries where seq = 12`));
    await tamper(sql`delete from ledger_entries where seq = 12`);
    expect(await verifyLedger(t.database.db, key())).toMatchObject({ ok: false, seq: 12, problem: 'removed' });
    await tamper(sql`insert into ledger_entries select * from json_populate_record(null::ledger_entries, ${JSON.stringify(kept)}::json)`);
    expect(await verifyLedger(t.database.db, key())).toMatchObject({ ok: true, entries: 30 });

    // A forged entry at the end that does not chain to the head.
    await t.database.db.execute(sql`insert into ledger_entries (seq, volunteer_id, record_id, kind, hours, at, prev_hash, hash)
      values (31, ${volunteerId}, ${recordIds[35]}, 'added', 8, '2026-12-01T00:00:00.000Z', repeat('0', 64), repeat('a', 64))`);
    expect(await verifyLedger(t.database.db, key())).toMatchObject({ ok: false, seq: 31, problem: 'altered' });
  });
});

describe('the auditor’s ledger check', () => {
  it('runs in the background with its progress kept; the history of runs is no anchor', async () => {
    const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    const denied = await volunteer.request({ method: 'POST', url: '/api/ledger/checks' });
    expect(denied.statusCode, denied.body).toBe(404);
    expect((await volunteer.request({ url: '/api/ledger/checkpoint' })).statusCode).toBe(404);
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
    // The last entry cut off: its confirmed record no longer has its entry.
    // (The appends ran concurrently: which record's entry is last is whichever committed last.)
    [{ record_id: cutRecord }] = rowsOf<{ record_id: string }>(
      await t.database.db.execute(sql`select record_id from ledger_entries where seq = 30`),
    );
    await tamper(sql`delete from ledger_entries where seq = 30`);
    expect(await finished()).toMatchObject({ status: 'broken', badSeq: null, badRecord: cutRecord, problem: 'unreconciled' });
    const list = (await auditor.request({ url: '/api/ledger/checks' })).json();
    expect(list.map((c: { status: string }) => c.status)).toEqual(['broken', 'intact', 'broken']);
  });
});

describe('re-keying a ledger written before the key', () => {
  it('verifies the old SHA-256 chain, links it again under the key once, and audits it', async () => {
    const db = t.database.db;
    await db.transaction((tx) => appendLedger(tx, key(), [facts(recordIds.indexOf(cutRecord))]));
    expect(await verifyLedger(db, key())).toMatchObject({ ok: true, entries: 30 });
    // The ledger as an installation from before the key has it: each link a plain SHA-256.
    const rows = rowsOf<{ seq: string; volunteer_id: string; record_id: string; kind: string; hours: string; at: string }>(
      await db.execute(
        sql`select seq::text as seq, volunteer_id, record_id, kind, to_char(hours, 'FM9990.00') as hours, at from ledger_entries l order by l.seq`,
      ),
    );
    const { createHash } = await import('node:crypto');
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const hash = createHash('sha256')
        .update(JSON.stringify([prev, Number(r.seq), r.volunteer_id, r.record_id, r.kind, r.hours, r.at]))
        .digest('hex');
      await tamper(sql`update ledger_entries set prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}::bigint`);
      prev = hash;
    }
    // An unkeyed chain never verifies silently.
    expect(await verifyLedger(db, key())).toMatchObject({ ok: false, seq: 1, problem: 'altered' });
    // The upgraded server confirms one more record before the re-keying: that entry is keyed already.
    await db.execute(sql`update service_records set status = 'confirmed' where id = ${recordIds[30]}`);
    await db.transaction((tx) => appendLedger(tx, key(), [facts(30)]));
    // A changed old chain is refused, untouched.
    // Whatever entry 4 holds (1, 2 or 3 h, by which append committed when), it now holds 10 h more.
    await tamper(sql`update ledger_entries set hours = hours + 10 where seq = 4`);
    const ctx = { actor: null, requestId: 'rekey-test' };
    expect(await rekeyLedger(db, key(), ctx)).toEqual({ status: 'broken', seq: 4, problem: 'altered' });
    await tamper(sql`update ledger_entries set hours = ${rows[3].hours}::numeric where seq = 4`);
    expect(await rekeyLedger(db, key(), ctx)).toMatchObject({ status: 'rekeyed', entries: 31 });
    expect(await verifyLedger(db, key())).toMatchObject({ ok: true, entries: 31 });
    expect(await rekeyLedger(db, key(), ctx)).toMatchObject({ status: 'keyed', entries: 31 });
    const [audit] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from audit_log where action = 'ledger.rekey'`));
    expect(audit.n).toBe(1);
  });
});
