import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { hoursByOrganization } from './certificates.queries.ts';
import { volunteerLedgerProblem } from './ledger.ts';

/**
 * The hours a certificate may sign for a volunteer and period, per organization: only once every
 * entry of theirs holds under the ledger key, links into the chain, and reconciles with the
 * confirmed record (or correction) it comes from — and every confirmed record of theirs has its
 * entries. Otherwise refused (RULE_VIOLATION), with an audit event for the auditors to follow up.
 */
export async function signableHours(db: Db, config: Config, ctx: AuditContext, volunteerId: string, period: { from: string; to: string }) {
  await requireReconciledLedger(db, config, ctx, volunteerId);
  return hoursByOrganization(db, volunteerId, period);
}

/** Refuses to sign anything about a volunteer's hours (certificate or statement) while their ledger does not reconcile. */
export async function requireReconciledLedger(db: Db, config: Config, ctx: AuditContext, volunteerId: string) {
  const problem = await volunteerLedgerProblem(db, config.ledgerKey, volunteerId);
  if (problem) {
    await recordAudit(db, ctx, {
      action: 'certificate.refuse',
      entityType: 'volunteer',
      entityId: volunteerId,
      summary: { reason: 'ledger_unreconciled', ...problem },
    });
    throw new AppError('RULE_VIOLATION', 'certificate.unreconciled');
  }
}
