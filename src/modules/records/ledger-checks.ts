import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { ledgerChecks } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './ledger.queries.ts';
import { verifyLedger } from './ledger.ts';

type Ctx = AuditContext & { actor: Actor };
export type LedgerCheck = typeof ledgerChecks.$inferSelect;

/** A run that has said nothing for this long died with its server; a new one may start. */
const STALE_MS = 10 * 60_000;

/** The head the latest intact run found: the next run must still contain it unchanged. */
async function lastAnchor(db: Db) {
  const row = await q.lastIntactHead(db);
  return row?.hash ? { seq: row.seq, hash: row.hash } : undefined;
}

/**
 * Checks the whole chain and keeps what it found in the check's row, updating its progress a page
 * at a time so the auditor's page can show it. Anchored on the previous intact run's head.
 */
export async function runLedgerCheck(db: Db, id: string, log?: FastifyBaseLogger): Promise<LedgerCheck> {
  try {
    const anchor = await lastAnchor(db);
    const verdict = await verifyLedger(
      db,
      async (entries) => {
        await q.setCheckProgress(db, id, entries);
      },
      anchor,
    );
    const done = verdict.ok
      ? { status: 'intact' as const, entries: verdict.entries, head: verdict.head }
      : { status: 'broken' as const, entries: verdict.entries, badSeq: verdict.seq, problem: verdict.problem };
    return await q.finishCheck(db, id, { ...done, finishedAt: new Date() });
  } catch (err) {
    log?.error({ err, check: id }, 'ledger check failed');
    return q.finishCheck(db, id, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() });
  }
}

/**
 * Starts a check in the background and answers at once (a ledger of millions takes seconds).
 * While one runs, asking again answers that one rather than starting a second.
 */
export async function startLedgerCheck(db: Db, ctx: Ctx, log?: FastifyBaseLogger): Promise<LedgerCheck> {
  authorize(ctx.actor, 'ledger.verify', {}, 'entity.ledgerCheck');
  const running = await q.runningCheck(db, new Date(Date.now() - STALE_MS));
  if (running) return running;
  const total = await q.ledgerLength(db);
  const row = await q.insertCheck(db, { startedBy: ctx.actor.accountId, total });
  await recordAudit(db, ctx, { action: 'ledger.verify', entityType: 'ledger_check', entityId: row.id, summary: { total } });
  void runLedgerCheck(db, row.id, log);
  return row;
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
