import { readFileSync, writeFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { checkPoints, pointsCheckpoint, takePointsCheckpoint } from '../modules/points/index.ts';
import { PROBLEM_WORDS } from './ledger-command.ts';

/** `volunet points …`: verify the points ledger (against a saved checkpoint), take a checkpoint. */

const out = (line = '') => process.stdout.write(`${line}\n`);
const ctx = () => ({ actor: null, requestId: `cli-${Date.now()}` });

export async function pointsVerify(d: Database, config: Config, opts: { anchor?: string }) {
  const checkpoint = opts.anchor ? pointsCheckpoint(JSON.parse(readFileSync(opts.anchor, 'utf8')), config) : undefined;
  const verdict = await checkPoints(d.db, config, ctx(), checkpoint);
  if (verdict.ok) {
    out(`积分账本完好 points ledger intact: ${verdict.entries} movements, head ${verdict.head}`);
    if (checkpoint) out(`  锚点相符 matches the checkpoint of ${checkpoint.at} (movement ${checkpoint.seq})`);
    return;
  }
  const where =
    verdict.seq !== null
      ? `at movement ${verdict.seq}`
      : verdict.accountId
        ? `at account ${verdict.accountId} (its balance is not the sum of its movements)`
        : verdict.currency
          ? `in currency ${verdict.currency} (its balances do not sum to zero)`
          : `at service record ${verdict.recordId} (confirmed, without its movement)`;
  const words = verdict.accountId || verdict.currency ? '账目不平 out of balance' : PROBLEM_WORDS[verdict.problem];
  out(`积分账本有误 POINTS LEDGER BROKEN ${where}: ${words}`);
  process.exitCode = 2;
}

export async function pointsAnchor(d: Database, config: Config, opts: { out?: string }) {
  const cp = await takePointsCheckpoint(d.db, config, ctx());
  const text = `${JSON.stringify(cp, null, 2)}\n`;
  if (!opts.out) return void process.stdout.write(text);
  writeFileSync(opts.out, text);
  out(`锚点已写入 checkpoint written to ${opts.out}: movement ${cp.seq}, ${cp.entries} movements`);
}
