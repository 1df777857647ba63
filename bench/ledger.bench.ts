// Issue #5, issue 17: `volunet ledger verify` over 1 000 000 entries — each link an HMAC under the
// ledger key, then every entry reconciled with its service record in SQL — against a plain
// sequential read of the same table with one SHA-256 per row, both in this run on the same
// database. Goal: ≤ 2 ×. Before issue 17 (unkeyed SHA-256 links, no reconciliation, every entry on
// one record) the figure was 0.78 × on PostgreSQL and 0.87 × on PGlite for 200 000 entries.
// BENCH_LEDGER_ENTRIES sets the size (default 1 000 000); without DATABASE_URL it runs on PGlite.
import { createHash, randomBytes } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/client.ts';
import { ledgerEntries } from '../src/db/schema.ts';
import { chainNext, type LedgerEntry } from '../src/domain/records/ledger-chain.ts';
import { verifyLedger } from '../src/modules/records/index.ts';
import { benchDatabase, benchOrganization } from './database.ts';

const ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 1_000_000);
const BATCH = 5_000;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export async function run() {
  const { database, drop } = await benchDatabase('ledger');
  const key = randomBytes(32);
  try {
    await database.migrate();
    const db = database.db;
    const org = { id: await benchOrganization(db) };
    const [vol] = rowsOf<{ id: string }>(
      await db.execute(
        sql`insert into volunteers (volunteer_no, name, area_code, registered_via, consent_at) values ('V1', '志愿者', '330102001001', 'office', now()) returning id`,
      ),
    );
    const load = process.hrtime.bigint();
    // One confirmed record per entry, as confirming records makes them: reconciliation joins them all.
    let prev: LedgerEntry | undefined;
    for (let i = 0; i < ENTRIES; i += BATCH) {
      const n = Math.min(BATCH, ENTRIES - i);
      const recs = rowsOf<{ id: string; hours: string }>(
        await db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place, person_in_charge, channel, credit_hours, status)
          select ${vol.id}, ${org.id}, 'x', date '2025-01-01' + (g / 1000), 'x', 'x', 'manual', (g % 8) * 0.5 + 0.5, 'confirmed'
          from generate_series(${i}::int, ${i + n - 1}::int) g order by g returning id, to_char(credit_hours, 'FM990.00') as hours`),
      );
      const rows: LedgerEntry[] = recs.map((r, j) => {
        prev = chainNext(key, prev, {
          volunteerId: vol.id,
          recordId: r.id,
          kind: 'credit',
          hours: r.hours,
          at: new Date(Date.UTC(2025, 0, 1) + (i + j) * 60_000).toISOString(),
        });
        return prev;
      });
      await db.insert(ledgerEntries).values(rows);
    }
    await db.execute(sql`vacuum analyze ledger_entries, service_records`);
    process.stdout.write(`  ${ENTRIES} ledger entries and records on ${database.kind} (loaded in ${seconds(load).toFixed(1)} s)\n`);

    // Anchor: read every row in the same pages and hash it once.
    const anchorStart = process.hrtime.bigint();
    let after = 0;
    let digest = createHash('sha256');
    for (;;) {
      const rows = await db.select().from(ledgerEntries).where(gt(ledgerEntries.seq, after)).orderBy(asc(ledgerEntries.seq)).limit(10_000);
      for (const r of rows) digest = digest.update(createHash('sha256').update(`${r.seq}${r.hash}${r.prevHash}${r.hours}${r.at}`).digest());
      if (rows.length < 10_000) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const anchor = seconds(anchorStart);
    const verifyStart = process.hrtime.bigint();
    const verdict = await verifyLedger(db, key);
    const figure = seconds(verifyStart);
    if (!verdict.ok || verdict.entries !== ENTRIES) throw new Error(`verify said ${JSON.stringify(verdict)}`);
    process.stdout.write(
      `  anchor  sequential read + SHA-256 per row                      ${anchor.toFixed(2)} s\n` +
        `  figure  ledger verify (HMAC chain + reconciliation with records) ${figure.toFixed(2)} s  = ${(figure / anchor).toFixed(2)} × (goal ≤ 2 ×: ${figure / anchor <= 2 ? 'met' : 'not met'})\n`,
    );
  } finally {
    await drop();
  }
}
