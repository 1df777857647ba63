import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { appendLedger } from './ledger.ts';

// Issue 17, finding 2: each attack is made as someone who can run SQL on the database but holds none
// of the server's secrets (the ledger key, the signing key). The entries are hashed the way the old,
// unkeyed chain did it: SHA-256 over the previous hash and the facts, which anyone can recompute.
let t: TestApp;
let volunteer: Session;
let auditor: Session;
let volunteerId: string;
let recordIds: string[];

const db = () => t.database.db;
type Row = {
  seq: string;
  volunteer_id: string;
  record_id: string;
  kind: string;
  hours: string;
  at: string;
  prev_hash: string;
  hash: string;
};
const entries = async () =>
  rowsOf<Row>(
    await db().execute(
      sql`select seq::text as seq, volunteer_id, record_id, kind, to_char(hours, 'FM9990.00') as hours, at, prev_hash, hash from ledger_entries l order by l.seq`,
    ),
  );
const sha256Link = (prev: string, seq: number, r: Pick<Row, 'volunteer_id' | 'record_id' | 'kind' | 'hours' | 'at'>) =>
  createHash('sha256')
    .update(JSON.stringify([prev, seq, r.volunteer_id, r.record_id, r.kind, r.hours, r.at]))
    .digest('hex');
/** What an attacker who is the tables' owner can do: lift the append-only trigger for one transaction. */
const tamper = (...statements: ReturnType<typeof sql>[]) =>
  db().transaction(async (tx) => {
    await tx.execute(sql`alter table ledger_entries disable trigger user`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`alter table ledger_entries enable trigger user`);
  });
const restore = (rows: Row[]) =>
  tamper(
    sql`delete from ledger_entries`,
    ...rows.map(
      (r) => sql`insert into ledger_entries (seq, volunteer_id, record_id, kind, hours, at, prev_hash, hash)
        values (${r.seq}::bigint, ${r.volunteer_id}, ${r.record_id}, ${r.kind}, ${r.hours}::numeric, ${r.at}, ${r.prev_hash}, ${r.hash})`,
    ),
  );

/** The auditor's check, as the page runs it, against a saved checkpoint when one is given. */
async function check(checkpoint?: unknown) {
  const started = await auditor.request(
    checkpoint
      ? { method: 'POST', url: '/api/ledger/checks/against-checkpoint', payload: { checkpoint } }
      : { method: 'POST', url: '/api/ledger/checks' },
  );
  expect(started.statusCode, started.body).toBe(202);
  for (;;) {
    const c = (await auditor.request({ url: `/api/ledger/checks/${started.json().id}` })).json();
    if (c.status !== 'running') return c;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const org = await buildOrganization(t.database.db, t.config, { areaCode: '330106001', name: '西湖护绿队' });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  volunteerId = (await buildVolunteer(t.database.db, t.config, { areaCode: '330106001001' })).id;
  await db().execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteerId}`);
  const other = (await buildVolunteer(t.database.db, t.config, { areaCode: '330106001001' })).id;
  volunteer = await signIn(t.app, account);
  auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: '3301' }]));
  // Three confirmed hours of the volunteer's (1 h each), then five records of someone else's.
  const rows = rowsOf<{ id: string; volunteer_id: string; credit: string }>(
    await db().execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      select case when g <= 3 then ${volunteerId}::uuid else ${other}::uuid end, ${org}, '护绿', date '2026-10-01' + g, '湖边', '陈队长', 'manual',
        case when g <= 3 then 1 else g end, 'confirmed'
      from generate_series(1, 8) g order by g returning id, volunteer_id, credit_hours::text as credit`),
  );
  recordIds = rows.map((r) => r.id);
  await db().transaction((tx) =>
    appendLedger(
      tx,
      t.config.ledgerKey,
      rows.map((r, i) => ({
        volunteerId: r.volunteer_id,
        recordId: r.id,
        kind: 'credit' as const,
        hours: r.credit,
        at: `2026-10-0${i + 2}T04:00:00.000Z`,
      })),
    ),
  );
});
afterAll(() => t.close());

describe('an attacker with SQL access but not the server’s secrets', () => {
  it('slips in a correctly SHA-256-chained +100 h entry with a plain INSERT: verify names it and no certificate signs 103 h', async () => {
    expect(await check()).toMatchObject({ status: 'intact', entries: 8 });
    const head = (await entries()).at(-1) as Row;
    const forged = { volunteer_id: volunteerId, record_id: recordIds[0], kind: 'added', hours: '100.00', at: '2026-10-20T04:00:00.000Z' };
    await db().execute(sql`insert into ledger_entries (seq, volunteer_id, record_id, kind, hours, at, prev_hash, hash)
      values (9, ${volunteerId}, ${recordIds[0]}, 'added', 100, ${forged.at}, ${head.hash}, ${sha256Link(head.hash, 9, forged)})`);

    expect(await check()).toMatchObject({ status: 'broken', badSeq: 9, problem: 'altered' });
    const refused = await volunteer.request({
      method: 'POST',
      url: '/api/certificates',
      payload: { from: '2026-01-01', to: '2026-12-31' },
      headers: { 'x-volunet-language': 'en-US' },
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'RULE_VIOLATION' });
    expect(refused.json().error.message).toContain('does not reconcile');
    const zh = await volunteer.request({ method: 'POST', url: '/api/certificates', payload: { from: '2026-01-01', to: '2026-12-31' } });
    expect(zh.json().error.message).toContain('核对不上');
    const [audit] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from audit_log where action = 'certificate.refuse' and entity_id = ${volunteerId}`),
    );
    expect(audit.n).toBe(2);

    await tamper(sql`delete from ledger_entries where seq = 9`);
    const issued = await volunteer.request({ method: 'POST', url: '/api/certificates', payload: { from: '2026-01-01', to: '2026-12-31' } });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().facts.totalHours).toBe(3);
  });

  it('rewrites the whole chain with plain SHA-256 (one entry’s hours changed): verify names the first entry', async () => {
    const kept = await entries();
    let prev = '0'.repeat(64);
    const rewritten = kept.map((r) => {
      const hours = r.seq === '2' ? '9.00' : r.hours;
      const hash = sha256Link(prev, Number(r.seq), { ...r, hours });
      const row = { ...r, hours, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    await restore(rewritten);
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 1, problem: 'altered' });
    await restore(kept);
    expect(await check()).toMatchObject({ status: 'intact', entries: 8 });
  });

  it('cuts the tail and deletes the ledger_checks rows: verify against a saved checkpoint names the cut', async () => {
    const kept = await entries();
    const saved = await auditor.request({ url: '/api/ledger/checkpoint' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ledger: 'hours', seq: 8, entries: 8, sum: '33.00', head: kept[7].hash });
    // The last two entries, their records turned back to pending so nothing is missing its entry either.
    await tamper(sql`delete from ledger_entries where seq > 6`);
    await db().execute(sql`update service_records set status = 'pending' where id in (${recordIds[6]}, ${recordIds[7]})`);
    await db().execute(sql`delete from ledger_checks`);
    expect(await check()).toMatchObject({ status: 'intact', entries: 6 });
    expect(await check(saved.json())).toMatchObject({ status: 'broken', badSeq: 7, problem: 'truncated', checkpointSeq: 8 });
    // A checkpoint with its sum raised no longer carries the platform's signature.
    const altered = await auditor.request({
      method: 'POST',
      url: '/api/ledger/checks/against-checkpoint',
      payload: { checkpoint: { ...saved.json(), sum: '99.00' } },
    });
    expect(altered.statusCode).toBe(400);
    await db().execute(sql`update service_records set status = 'confirmed' where id in (${recordIds[6]}, ${recordIds[7]})`);
    await restore(kept);
    expect(await check(saved.json())).toMatchObject({ status: 'intact', entries: 8 });
  });

  it('swaps two entries: verify names the move', async () => {
    const kept = await entries();
    await tamper(
      sql`update ledger_entries set seq = -4 where seq = 4`,
      sql`update ledger_entries set seq = 4 where seq = 6`,
      sql`update ledger_entries set seq = 6 where seq = -4`,
    );
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 4, problem: 'reordered' });
    await restore(kept);
    await tamper(
      sql`update ledger_entries set seq = -4 where seq = 4`,
      sql`update ledger_entries set seq = 4 where seq = 5`,
      sql`update ledger_entries set seq = 5 where seq = -4`,
    );
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 4, problem: 'reordered' });
    await restore(kept);
  });

  it('changes an entry’s hours and its record’s hours together, or the record alone: verify names the entry', async () => {
    const kept = await entries();
    await tamper(sql`update ledger_entries set hours = 8 where seq = 5`);
    await db().execute(sql`update service_records set credit_hours = 8 where id = ${recordIds[4]}`);
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 5, problem: 'altered' });
    await restore(kept);
    // The record alone (no trigger in the way): the entry no longer reconciles with it.
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 5, problem: 'unreconciled' });
    await db().execute(sql`update service_records set credit_hours = 5 where id = ${recordIds[4]}`);
    // Another volunteer's record given to ours, and a record confirmed with no entry.
    await db().execute(sql`update service_records set volunteer_id = ${volunteerId} where id = ${recordIds[5]}`);
    expect(await check()).toMatchObject({ status: 'broken', badSeq: 6, problem: 'unreconciled' });
    const refused = await volunteer.request({
      method: 'POST',
      url: '/api/certificates',
      payload: { from: '2026-01-01', to: '2026-12-31' },
    });
    expect(refused.statusCode).toBe(422);
    await db().execute(
      sql`update service_records set volunteer_id = (select volunteer_id from ledger_entries where seq = 6) where id = ${recordIds[5]}`,
    );
    const [extra] = rowsOf<{ id: string }>(
      await db().execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
        select volunteer_id, organization_id, '护绿', '2026-10-30', '湖边', '陈队长', 'manual', 4, 'confirmed' from service_records where id = ${recordIds[0]}
        returning id`),
    );
    expect(await check()).toMatchObject({ status: 'broken', badSeq: null, problem: 'unreconciled', badRecord: extra.id });
    await db().execute(sql`update service_records set status = 'rejected' where id = ${extra.id}`);
    expect(await check()).toMatchObject({ status: 'intact', entries: 8 });
  });
});
