import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { ledgerChecks } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type Checkpoint, readCheckpoint, type SignedCheckpoint, signCheckpoint } from '../../domain/ledger/keyed-chain.ts';
import { HOUR_LEDGER } from '../../domain/records/ledger-chain.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './ledger.queries.ts';
import { verifyLedger } from './ledger.ts';

type Ctx = AuditContext & { actor: Actor | null };
export type LedgerCheck = typeof ledgerChecks.$inferSelect;

/** A run that has said nothing for this long died with its server; a new one may start. */
const STALE_MS = 10 * 60_000;

/** A checkpoint file or upload, if it is an hour-ledger checkpoint this platform signed; otherwise refused. */
export function hourCheckpoint(input: unknown, config: Config): SignedCheckpoint {
  const cp = readCheckpoint(input, config.publicKey);
  if (!cp || cp.ledger !== HOUR_LEDGER.name) throw fieldError('checkpoint', 'signed', 'ledger.checkpointInvalid');
  return cp;
}

/**
 * Checks the whole chain under the ledger key (against a saved checkpoint, if one is given) and
 * reconciles it with the service records, keeping what it found in the check's row and updating
 * its progress a page at a time so the auditor's page can show it.
 */
export async function runLedgerCheck(
  db: Db,
  key: Buffer,
  id: string,
  options: { checkpoint?: Checkpoint; log?: FastifyBaseLogger } = {},
): Promise<LedgerCheck> {
  try {
    const verdict = await verifyLedger(db, key, {
      checkpoint: options.checkpoint,
      onProgress: async (entries) => {
        await q.setCheckProgress(db, id, entries);
      },
    });
    const done = verdict.ok
      ? { status: 'intact' as const, entries: verdict.entries, head: verdict.head }
      : {
          status: 'broken' as const,
          entries: verdict.entries,
          badSeq: verdict.seq,
          problem: verdict.problem,
          badRecord: verdict.recordId ?? null,
        };
    return await q.finishCheck(db, id, { ...done, finishedAt: new Date() });
  } catch (err) {
    options.log?.error({ err, check: id }, 'ledger check failed');
    return q.finishCheck(db, id, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() });
  }
}

/**
 * Starts a check in the background and answers at once (a ledger of millions takes seconds).
 * While one runs, asking again answers that one rather than starting a second. An uploaded
 * checkpoint is checked for its signature before anything starts.
 */
export async function startLedgerCheck(
  db: Db,
  config: Config,
  ctx: Ctx & { actor: Actor },
  checkpointInput?: unknown,
  log?: FastifyBaseLogger,
): Promise<LedgerCheck> {
  authorize(ctx.actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const checkpoint = checkpointInput === undefined ? undefined : hourCheckpoint(checkpointInput, config);
  const running = await q.runningCheck(db, new Date(Date.now() - STALE_MS));
  if (running) return running;
  const total = await q.ledgerLength(db);
  const row = await q.insertCheck(db, { startedBy: ctx.actor.accountId, total, checkpointSeq: checkpoint?.seq ?? null });
  await recordAudit(db, ctx, {
    action: 'ledger.verify',
    entityType: 'ledger_check',
    entityId: row.id,
    summary: { total, checkpoint: checkpoint ? { seq: checkpoint.seq, head: checkpoint.head, at: checkpoint.at } : null },
  });
  void runLedgerCheck(db, config.ledgerKey, row.id, { checkpoint, log });
  return row;
}

/**
 * A signed checkpoint of the ledger as it stands, to be kept outside the database: taken only of a
 * chain that verifies and reconciles (a checkpoint vouches for what it names).
 */
export async function takeLedgerCheckpoint(db: Db, config: Config, ctx: Ctx): Promise<SignedCheckpoint> {
  if (ctx.actor) authorize(ctx.actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const verdict = await verifyLedger(db, config.ledgerKey);
  if (!verdict.ok) throw new AppError('RULE_VIOLATION', 'ledger.notIntact', {}, { seq: verdict.seq, problem: verdict.problem });
  const cp = signCheckpoint(
    {
      ledger: HOUR_LEDGER.name,
      seq: verdict.entries,
      head: verdict.head,
      entries: verdict.entries,
      sum: verdict.sum,
      at: new Date().toISOString(),
    },
    config.signingKey,
  );
  await recordAudit(db, ctx, {
    action: 'ledger.anchor',
    entityType: 'ledger',
    entityId: null,
    summary: { ledger: cp.ledger, seq: cp.seq, head: cp.head, sum: cp.sum },
  });
  return cp;
}

export async function ledgerCheck(db: Db, actor: Actor, id: string) {
  authorize(actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const row = await q.findCheck(db, id);
  if (!row) throw notFound('entity.ledgerCheck');
  return row;
}

export async function recentLedgerChecks(db: Db, actor: Actor) {
  authorize(actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  return q.recentChecks(db, 20);
}
