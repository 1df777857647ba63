// Issue 19: the points ledger. Three figures, each beside its anchor in the same run on the same database:
// 1. posting a month of movements (MOVES per volunteer) for N volunteers through postMovements in
//    batches (chain lock, account locks in id order, HMAC links, movements and balances in one
//    transaction) against a raw multi-row INSERT of the same rows into a copy of the table. Goal ≥ 0.5 ×.
// 2. verify (HMAC chain + reconciliation of every movement with its confirmed record + balances + zero
//    sums) against a sequential read of the movements with one SHA-256 per row. Goal ≤ 2 × at 10 000 000.
//    The ledger is first grown to VERIFY_AT movements with earlier months' records (chained by the loader
//    the demo city uses), so every movement still reconciles with a confirmed record.
// 3. a balance read, p95, with the ledger grown further to BALANCE_AT movements (filler bonuses, chained
//    and balanced but without records: verify is not run after them). It reads the account row, never
//    sums movements. Goal ≤ 10 ms at 20 000 000.
// BENCH_POINTS_VOLUNTEERS (default 20 000), BENCH_POINTS_MOVES (default 4), BENCH_POINTS_VERIFY_MOVEMENTS and
// BENCH_POINTS_BALANCE_MOVEMENTS (default: what was posted); the issue's scale is 1 000 000 / 4 / 10 000 000 /
// 20 000 000. Without DATABASE_URL it runs on PGlite.
import { createHash, randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Executor, rowsOf } from '../src/db/client.ts';
import { basisText, DEFAULT_POINTS_RULE, earningBasis, pointsOf } from '../src/domain/points/earning.ts';
import type { MovementFacts } from '../src/domain/points/points-chain.ts';
import { PointsLoader, type Posting, pointsKeyOf, postMovements, verifyPoints } from '../src/modules/points/index.ts';
import { benchDatabase, benchOrganization } from './database.ts';

const VOLUNTEERS = Number(process.env.BENCH_POINTS_VOLUNTEERS ?? 20_000);
const MOVES = Number(process.env.BENCH_POINTS_MOVES ?? 4);
const POSTED = VOLUNTEERS * MOVES;
const VERIFY_AT = Math.max(POSTED, Number(process.env.BENCH_POINTS_VERIFY_MOVEMENTS ?? POSTED));
const BALANCE_AT = Math.max(VERIFY_AT, Number(process.env.BENCH_POINTS_BALANCE_MOVEMENTS ?? VERIFY_AT));
const BATCH = 5_000;
const LOAD_PAGE = 100_000;
const READS = 2_000;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const COLUMNS = 'seq, currency, debit_account_id, credit_account_id, amount, cause_type, cause_id, basis, at, prev_hash, hash';
const log = (line: string) => process.stdout.write(`${line}\n`);

type Db = Database['db'];
type Tx = Executor;
interface Todo {
  id: string;
  account: string;
  hours: string;
}

/** Confirmed records for `count` volunteer-weeks before `before`, numbered in bench_todo for paging. */
async function addRecords(db: Db, org: string, count: number, weeksBack: number) {
  const weeks = Math.ceil(count / VOLUNTEERS);
  await db.execute(sql`drop table if exists bench_todo`);
  await db.execute(sql`create table bench_todo as with r as (
      insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
      select v.id, ${org}, 'x', date '2026-11-01' - (${weeksBack}::int + k) * 7, 'x', 'x', 'manual', (k % 6) * 0.5 + 1, 'confirmed'
      from (select id, row_number() over (order by id) as n from volunteers) v cross join generate_series(0, ${weeks - 1}::int) k
      where (k * ${VOLUNTEERS}::int + v.n) <= ${count}::int
      returning id, volunteer_id, credit_hours)
    select row_number() over (order by r.id) as n, r.id, a.id as account, to_char(r.credit_hours, 'FM990.00') as hours
    from r join ledger_accounts a on a.owner_id = r.volunteer_id and a.currency = 'points'`);
  await db.execute(sql`create unique index on bench_todo (n)`);
}

const todoPage = async (db: Tx, from: number, size: number) =>
  rowsOf<Todo>(await db.execute(sql`select id, account::text, hours from bench_todo where n > ${from} and n <= ${from + size} order by n`));

const recordPosting = (issuance: string, r: Todo, at: string): Posting => {
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
};

/** Chains `count` movements after the head with the loader, a page per transaction; `facts(i)` gives the i-th. */
async function load(db: Db, key: Buffer, count: number, facts: (tx: Tx, from: number, size: number) => Promise<MovementFacts[]>) {
  for (let from = 0; from < count; from += LOAD_PAGE) {
    await db.transaction(async (tx) => {
      const loader = await PointsLoader.open(tx, key);
      for (const f of await facts(tx, from, Math.min(LOAD_PAGE, count - from))) if (loader.add(f)) await loader.flush();
      await loader.finish();
    });
  }
  await db.execute(sql`vacuum analyze ledger_movements, ledger_accounts`);
}

export async function run() {
  const { database, drop } = await benchDatabase('points');
  const ledgerKey = randomBytes(32);
  try {
    await database.migrate();
    const db = database.db;
    const org = await benchOrganization(db);
    await db.execute(sql`insert into volunteers (volunteer_no, name, area_code, registered_via, consent_at)
      select 'V' || g, '志愿者', '330102001001', 'office', now() from generate_series(1, ${VOLUNTEERS}::int) g`);
    await db.execute(sql`insert into ledger_accounts (currency, kind, floor) values ('points', 'issuance', null)`);
    await db.execute(
      sql`insert into ledger_accounts (currency, kind, owner_id, area_code, floor) select 'points', 'volunteer', id, area_code, 0 from volunteers`,
    );
    const [{ id: issuance }] = rowsOf<{ id: string }>(await db.execute(sql`select id from ledger_accounts where kind = 'issuance'`));
    await addRecords(db, org, POSTED, -4);
    await db.execute(sql`create table bench_movements (like ledger_movements including defaults including constraints including indexes)`);
    await db.execute(sql`vacuum analyze`);
    log(
      `  ${VOLUNTEERS} volunteers × ${MOVES} movements = ${POSTED} posted on ${database.kind}; verify at ${VERIFY_AT}, balance at ${BALANCE_AT}`,
    );

    // 1. Posting in batches vs the anchor: the same rows, already linked, inserted plainly.
    const key = pointsKeyOf(ledgerKey);
    const at = new Date().toISOString();
    let posting = 0;
    let anchor = 0;
    for (let i = 0; i < POSTED; i += BATCH) {
      const postings = (await todoPage(db, i, BATCH)).map((r) => recordPosting(issuance, r, at));
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
    await db.execute(sql`drop table bench_movements`);
    log(
      `  anchor  raw multi-row INSERT of the same rows          ${anchor.toFixed(2)} s\n` +
        `  figure  postMovements in batches of ${BATCH}            ${posting.toFixed(2)} s  = ${(anchor / posting).toFixed(2)} × the anchor's speed (goal ≥ 0.5 ×: ${anchor / posting >= 0.5 ? 'met' : 'not met'})`,
    );

    // 2. Grow to VERIFY_AT with earlier months' records, then verify vs a sequential read with SHA-256 per row.
    if (VERIFY_AT > POSTED) {
      const g0 = process.hrtime.bigint();
      await addRecords(db, org, VERIFY_AT - POSTED, 0);
      await load(db, key, VERIFY_AT - POSTED, async (tx, from, size) =>
        (await todoPage(tx, from, size)).map((r) => recordPosting(issuance, r, at)),
      );
      log(`  grown to ${VERIFY_AT} movements with their records in ${seconds(g0).toFixed(1)} s`);
    }
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
    if (!verdict.ok || verdict.entries !== VERIFY_AT) throw new Error(`verify said ${JSON.stringify(verdict)}`);
    log(
      `  anchor  sequential read + SHA-256 per row (${VERIFY_AT})     ${read.toFixed(2)} s\n` +
        `  figure  points verify (chain + reconciliation + balances)  ${verify.toFixed(2)} s  = ${(verify / read).toFixed(2)} × (goal ≤ 2 ×: ${verify / read <= 2 ? 'met' : 'not met'})`,
    );

    // 3. Grow to BALANCE_AT with filler bonuses spread over every account, then balance reads, p95.
    if (BALANCE_AT > VERIFY_AT) {
      const g0 = process.hrtime.bigint();
      await load(db, key, BALANCE_AT - VERIFY_AT, async (tx, from, size) => {
        const owners = rowsOf<{ id: string }>(
          await tx.execute(
            sql`select id::text from ledger_accounts where kind = 'volunteer' order by id offset ${from % VOLUNTEERS} limit ${size}`,
          ),
        );
        return Array.from({ length: size }, (_, i) => ({
          currency: 'points' as const,
          debitAccountId: issuance,
          creditAccountId: owners[i % owners.length].id,
          amount: '1.00',
          causeType: 'bonus' as const,
          causeId: null,
          basis: null,
          at,
        }));
      });
      log(`  grown to ${BALANCE_AT} movements (filler bonuses) in ${seconds(g0).toFixed(1)} s`);
    }
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
    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ledger_movements`));
    log(
      `  figure  balance read p95 over ${times.length} reads with ${n} movements  ${p95.toFixed(2)} ms (goal ≤ 10 ms: ${p95 <= 10 ? 'met' : 'not met'})`,
    );
  } finally {
    await drop();
  }
}
