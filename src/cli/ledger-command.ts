import { readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { ledgerChecks } from '../db/schema.ts';
import { hourCheckpoint, type LedgerCheck, rekeyLedger, runLedgerCheck, takeLedgerCheckpoint } from '../modules/records/index.ts';

/** `volunet ledger …`: verify (against a saved checkpoint), take a checkpoint, re-key an old ledger. */

const out = (line = '') => process.stdout.write(`${line}\n`);
const ctx = () => ({ actor: null, requestId: `cli-${Date.now()}` });

export const PROBLEM_WORDS: Record<NonNullable<LedgerCheck['problem']>, string> = {
  altered: '被篡改 altered (its MAC does not hold: changed, forged or rewritten without the ledger key)',
  removed: '被删除 removed (a gap in the sequence)',
  inserted: '被插入 inserted (it does not follow the entry before it)',
  reordered: '被挪动 reordered (it was moved from another position)',
  truncated: '被截断 tail cut (the ledger ends before the checkpoint’s entry)',
  diverged: '与锚点不符 diverged from the checkpoint (another link, count or sum)',
  unreconciled: '与服务记录不符 does not reconcile with its service record or correction',
};

export async function ledgerVerify(d: Database, config: Config, opts: { anchor?: string }) {
  const checkpoint = opts.anchor ? hourCheckpoint(JSON.parse(readFileSync(opts.anchor, 'utf8')), config) : undefined;
  // The same check as the auditor's page, kept in ledger_checks (the history of runs, not an anchor).
  const [check] = await d.db
    .insert(ledgerChecks)
    .values({ checkpointSeq: checkpoint?.seq ?? null })
    .returning();
  const progress = setInterval(async () => {
    const [row] = await d.db.select({ entries: ledgerChecks.entries }).from(ledgerChecks).where(eq(ledgerChecks.id, check.id));
    process.stderr.write(`\r  ${row.entries} entries checked`);
  }, 1000);
  const done = await runLedgerCheck(d.db, config.ledgerKey, check.id, { checkpoint }).finally(() => clearInterval(progress));
  process.stderr.write('\n');
  if (done.status === 'intact') {
    out(`账本完好 ledger intact: ${done.entries} entries, head ${done.head}`);
    if (checkpoint) out(`  锚点相符 matches the checkpoint of ${checkpoint.at} (entry ${checkpoint.seq}, ${checkpoint.sum} h)`);
  } else if (done.status === 'broken' && done.problem) {
    const where = done.badSeq !== null ? `at entry ${done.badSeq}` : `at service record ${done.badRecord} (confirmed, no entry)`;
    out(`账本有误 LEDGER BROKEN ${where}: ${PROBLEM_WORDS[done.problem]}`);
    process.exitCode = 2;
  } else {
    out(`核验失败 check failed: ${done.error}`);
    process.exitCode = 1;
  }
}

export async function ledgerAnchor(d: Database, config: Config, opts: { out?: string }) {
  const cp = await takeLedgerCheckpoint(d.db, config, ctx());
  const text = `${JSON.stringify(cp, null, 2)}\n`;
  if (!opts.out) return void process.stdout.write(text);
  writeFileSync(opts.out, text);
  out(`锚点已写入 checkpoint written to ${opts.out}: entry ${cp.seq}, ${cp.entries} entries, ${cp.sum} h`);
}

export async function ledgerRekey(d: Database, config: Config) {
  const r = await rekeyLedger(d.db, config.ledgerKey, ctx());
  if (r.status === 'broken') {
    out(`旧账本有误，未重新加密 OLD LEDGER BROKEN at entry ${r.seq} (${r.problem}): nothing re-keyed`);
    process.exitCode = 2;
    return;
  }
  out(
    r.status === 'keyed'
      ? `账本已使用密钥 the ledger is keyed already (${r.entries} entries)`
      : `已重新加密 re-keyed ${r.entries} entries, head ${r.head}`,
  );
  out('下一步 next: volunet ledger verify, then volunet ledger anchor --out <file> kept away from the database');
}
