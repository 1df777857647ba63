import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type BarAnswer, barLiftsOn, barredFromAwards, type SanctionKind, sanctionIssues } from '../../domain/honours/sanctions.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './honours.queries.ts';

type Ctx = AuditContext & { actor: Actor };

export interface SanctionEntry {
  kind: SanctionKind;
  reason: string;
  recordIds: string[];
  barYears: number;
  startsOn: string;
}

interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}
const invalid = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

/** The volunteer, if the actor's office reaches them for this action; otherwise 404, as if missing. */
async function volunteerInScope(db: Executor, actor: Actor, action: 'sanction.read' | 'sanction.manage', volunteerId: string) {
  const v = await q.volunteerScope(db, volunteerId);
  authorize(actor, action, { areaCode: v?.areaCode ?? null }, 'entity.volunteer');
  return v;
}

const terms = (rows: Awaited<ReturnType<typeof q.sanctionsOf>>) =>
  rows.map((r) => ({
    id: r.id,
    startsOn: r.startsOn,
    barYears: r.barYears,
    revokedOn: r.revokedAt ? todayInChina(r.revokedAt) : null,
  }));

/**
 * A volunteer's sanctions, standing and revoked, for offices of their area; whether they are barred
 * today; and their service records, for citing one in a new sanction.
 */
export async function listSanctions(db: Db, actor: Actor, volunteerId: string) {
  await volunteerInScope(db, actor, 'sanction.read', volunteerId);
  const rows = await q.sanctionsOf(db, volunteerId);
  const today = todayInChina();
  const byId = new Map(terms(rows).map((t) => [t.id, t]));
  return {
    bar: barredFromAwards([...byId.values()], today),
    items: rows.map((r) => {
      const term = byId.get(r.id);
      return { ...r, liftsOn: term ? barLiftsOn(term) : r.startsOn };
    }),
    records: await q.citableRecords(db, volunteerId),
  };
}

/** An office records a sanction; the records it cites must be the volunteer's own. Audited. */
export async function recordSanction(db: Db, ctx: Ctx, volunteerId: string, entry: SanctionEntry) {
  const v = await volunteerInScope(db, ctx.actor, 'sanction.manage', volunteerId);
  if (!v) throw notFound('entity.volunteer');
  const recordIds = [...new Set(entry.recordIds)];
  const issues: Issue[] = sanctionIssues(entry, todayInChina()).map((i) => ({
    ...i,
    messageKey: `sanction.${i.field}.${i.rule}` as MessageKey,
  }));
  const own = await q.ownRecordIds(db, volunteerId, recordIds);
  recordIds.forEach((id, i) => {
    if (!own.has(id)) issues.push({ field: `recordIds.${i}`, rule: 'exists', messageKey: 'sanction.recordIds.exists', params: { id } });
  });
  if (issues.length) throw invalid(issues);
  return db.transaction(async (tx) => {
    const row = await q.insertSanction(tx, {
      volunteerId,
      kind: entry.kind,
      reason: entry.reason.trim(),
      recordIds,
      barYears: entry.barYears,
      startsOn: entry.startsOn,
      createdBy: ctx.actor.accountId,
    });
    // The reason is personal data about a misdeed: the audit keeps what happened, not the words.
    await recordAudit(tx, ctx, {
      action: 'sanction.record',
      entityType: 'sanction',
      entityId: row.id,
      areaCode: v.areaCode,
      summary: { volunteerId, kind: entry.kind, barYears: entry.barYears, startsOn: entry.startsOn, records: recordIds.length },
    });
    return row;
  });
}

/** Revoking ends the bar from today; the sanction, who revoked it and why stay on record. */
export async function revokeSanction(db: Db, ctx: Ctx, sanctionId: string, reason: string) {
  if (reason.trim().length < 4) throw invalid([{ field: 'reason', rule: 'minLength', messageKey: 'sanction.revokeReason.minLength' }]);
  return db.transaction(async (tx) => {
    const row = await q.lockSanction(tx, sanctionId);
    authorize(ctx.actor, 'sanction.manage', { areaCode: row?.areaCode ?? null }, 'entity.sanction');
    if (!row) throw notFound('entity.sanction');
    if (row.revokedAt) throw new AppError('CONFLICT', 'error.conflict', { what: 'sanction.alreadyRevoked' });
    await q.markRevoked(tx, sanctionId, ctx.actor.accountId, reason.trim());
    await recordAudit(tx, ctx, {
      action: 'sanction.revoke',
      entityType: 'sanction',
      entityId: sanctionId,
      areaCode: row.areaCode,
      summary: { volunteerId: row.volunteerId },
    });
    return { volunteerId: row.volunteerId };
  });
}

/**
 * For the awards workflow (nomination and award): is the volunteer barred on this China day? No
 * policy check: the caller has already decided the actor may nominate; the answer names no reason.
 */
export async function barredOn(db: Executor, volunteerId: string, onDate: string): Promise<BarAnswer> {
  return barredFromAwards(terms(await q.sanctionsOf(db, volunteerId)), onDate);
}
