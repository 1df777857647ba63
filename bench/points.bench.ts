// Issue 19: the points ledger. Three figures, each beside its anchor in the same run on the same database:
// 1. posting a month of movements (MOVES per volunteer) for N volunteers through postMovements in
//    batches (chain lock, account locks in id order, HMAC links, movements and balances in one
//    transaction) against a raw multi-row INSERT of the same rows into a copy of the table. Goal ≥ 0.5 ×.
// 2. a balance read, p95, with the whole ledger in place (it reads the account row, never sums movements).
//    Goal ≤ 10 ms at 20 000 000 movements.
// 3. verify (HMAC chain + reconciliation of every movement with its confirmed record + balances + zero
//    sums) against a sequential read of the movements with one SHA-256 per row. Goal ≤ 2 ×.
// BENCH_POINTS_VOLUNTEERS sets N (default 20 000), BENCH_POINTS_MOVES the movements each (default 4);
// without DATABASE_URL it runs on PGlite.
import { createHash, randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/client.ts';
import { basisText, DEFAULT_POINTS_RULE, earningBasis, pointsOf } from '../src/domain/points/earning.ts';
import { type Posting, pointsKeyOf, postMovements, verifyPoints } from '../src/modules/points/index.ts';
import { benchDatabase } from './database.ts';

const VOLUNTEERS = Number(process.env.BENCH_POINTS_VOLUNTEERS ?? 20_000);
const MOVES = Number(process.env.BENCH_POINTS_MOVES ?? 4);
const BATCH = 5_000;
const READS = 2_000;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const COLUMNS = 'seq, currency, debit_account_id, credit_account_id, amount, cause_type, cause_id, basis, at, prev_hash, hash';

export async function run() {
  const { database, drop } = await benchDatabase('points');
  const ledgerKey = randomBytes(32);
  try {
    await database.migrate();
    const db = database.db;
    await db.execute(sql`insert into areas (code, name, level, parent_code) values ('3301', '杭州市', 'city', null), ('330102', '上城区', 'district', '3301'),
      ('330102001', '清波街道', 'street', '330102'), ('330102001001', '社区', 'community', '330102001')`);
    const [org] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into organizations (name, kind, area_code, status, contact_name, contact_phone_cipher, contact_phone_key_version, contact_phone_masked)
      values ('队', 'filed', '330102001', 'active', '人', 'x', 1, '139****0000') returning id`),
    );
    await db.execute(sql`insert into volunteers (volunteer_no, name, area_code, registered_via, consent_at)
      select 'V' || g, '志愿者', '330102001001', 'office', now() from generate_series(1, ${VOLUNTEERS}::int) g`);
    await db.execute(sql`insert into ledger_accounts (currency, kind, floor) values ('points', 'issuance', null)`);
    await db.execute(
      sql`insert into ledger_accounts (currency, kind, owner_id, area_code, floor) select 'points', 'volunteer', id, area_code, 0 from volunteers`,
    );
    // A month of confirmed records, MOVES a volunteer: each movement reconciles with one.
    const records = rowsOf<{ id: string; account: string; hours: string }>(
      await db.execute(sql`with r as (
          insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
          select v.id, ${org.id}, 'x', date '2026-11-01' + k * 7, 'x', 'x', 'manual', (k % 6) * 0.5 + 1, 'confirmed'
          from volunteers v cross join generate_series(0, ${MOVES - 1}::int) k returning id, volunteer_id, credit_hours)
        select r.id, a.id as account, to_char(r.credit_hours, 'FM990.00') as hours from r
        join ledger_accounts a on a.owner_id = r.volunteer_id and a.currency = 'points'`),
    );
    const [{ id: issuance }] = rowsOf<{ id: string }>(await db.execute(sql`select id from ledger_accounts where kind = 'issuance'`));
    await db.execute(sql`create table bench_movements (like ledger_movements including defaults including constraints including indexes)`);
    await db.execute(sql`vacuum analyze`);
    process.stdout.write(`  ${VOLUNTEERS} volunteers × ${MOVES} movements = ${records.length} on ${database.kind}\n`);

    // 1. Posting in batches vs the anchor: the same rows, already linked, inserted plainly.
    const key = pointsKeyOf(ledgerKey);
    const at = new Date().toISOString();
    let posting = 0;
    let anchor = 0;
    for (let i = 0; i < records.length; i += BATCH) {
      const postings: Posting[] = records.slice(i, i + BATCH).map((r) => {
        const basis = earningBasis(DEFAULT_POINTS_RULE, r.hours, null, 'low');
        return {
          currency: 'points',
          debitAccountId: issuance,
          creditAccountId: r.account,
          amount: pointsOf(basis),
          causeType: 'record',
          causeId: r.id,
          basis: basisText(basis),
          at,
        };
      });
      const p0 = process.hrtime.bigint();
      const rows = await db.transaction((tx) => postMovements(tx, key, postings));
      posting += seconds(p0);
      const values: SQL[] = rows.map(
        (m) =>
          sql`(${m.seq}, ${m.currency}, ${m.debitAccountId}, ${m.creditAccountId}, ${m.amount}, ${m.causeType}, ${m.causeId}, ${m.basis}, ${m.at}, ${m.prevHash}, ${m.hash})`,
      );
      const a0 = process.hrtime.bigint();
      await db.transaction((tx) => tx.execute(sql`insert into bench_movements (${sql.raw(COLUMNS)}) values ${sql.join(values, sql`, `)}`));
      anchor += seconds(a0);
    }
    await db.execute(sql`vacuum analyze ledger_movements, ledger_accounts`);
    process.stdout.write(
      `  anchor  raw multi-row INSERT of the same rows          ${anchor.toFixed(2)} s\n` +
        `  figure  postMovements in batches of ${BATCH}            ${posting.toFixed(2)} s  = ${(anchor / posting).toFixed(2)} × the anchor's speed (goal ≥ 0.5 ×: ${anchor / posting >= 0.5 ? 'met' : 'not met'})\n`,
    );

    // 2. Balance reads, p95.
    const owners = rowsOf<{ owner_id: string }>(
      await db.execute(sql`select owner_id from ledger_accounts where owner_id is not null order by random() limit ${READS}`),
    );
    const times: number[] = [];
    for (const o of owners) {
      const t0 = process.hrtime.bigint();
      await db.execute(
        sql`select balance::text from ledger_accounts where currency = 'points' and kind = 'volunteer' and owner_id = ${o.owner_id}`,
      );
      times.push(seconds(t0) * 1000);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)];
    process.stdout.write(
      `  figure  balance read p95 over ${times.length} reads with ${records.length} movements  ${p95.toFixed(2)} ms (goal ≤ 10 ms: ${p95 <= 10 ? 'met' : 'not met'})\n`,
    );

    // 3. Verify vs a sequential read of the whole table (every column, as the hours bench reads it) with one SHA-256 per row.
    const s0 = process.hrtime.bigint();
    let after = 0;
    let digest = createHash('sha256');
    for (;;) {
      const rows = rowsOf<Record<string, string | null>>(
        await db.execute(sql`select m.seq::text as seq, m.currency, m.debit_account_id, m.credit_account_id, m.amount::text as amount,
            m.cause_type, m.cause_id, m.basis, m.at, m.prev_hash, m.hash
          from ledger_movements m where m.seq > ${after} order by m.seq limit 10000`),
      );
      for (const r of rows) digest = digest.update(createHash('sha256').update(Object.values(r).join('|')).digest());
      if (rows.length < 10_000) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const read = seconds(s0);
    const v0 = process.hrtime.bigint();
    const verdict = await verifyPoints(db, ledgerKey);
    const verify = seconds(v0);
    if (!verdict.ok || verdict.entries !== records.length) throw new Error(`verify said ${JSON.stringify(verdict)}`);
    process.stdout.write(
      `  anchor  sequential read + SHA-256 per row                  ${read.toFixed(2)} s\n` +
        `  figure  points verify (chain + reconciliation + balances)  ${verify.toFixed(2)} s  = ${(verify / read).toFixed(2)} × (goal ≤ 2 ×: ${verify / read <= 2 ? 'met' : 'not met'})\n`,
    );
  } finally {
    await drop();
  }
}
