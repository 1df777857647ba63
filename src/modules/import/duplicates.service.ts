import type { Db } from '../../db/client.ts';
import type { MergeMoves, volunteers } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { mergeRule } from '../../domain/import/merge-rule.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { byId, findVolunteer } from '../volunteers/index.ts';
import * as q from './duplicates.queries.ts';

type Ctx = AuditContext & { actor: Actor };
type VolunteerRow = typeof volunteers.$inferSelect;

/**
 * The duplicate-candidates queue: two records with the same name and phone where an ID number
 * cannot decide. A person merges them (one survives; the other's platform links, memberships
 * and blank-filling facts move over) or keeps them apart. A merge can be undone: it records
 * exactly what moved, and undoing moves it back.
 */
export async function listDuplicates(
  db: Db,
  actor: Actor,
  filter: { status: 'open' | 'merged' | 'kept_apart'; page: number; pageSize: number },
) {
  return q.listCandidates(db, actor, filter.status, filter.page, filter.pageSize);
}

const FILLABLE = ['sex', 'birthDate', 'politicalStatus', 'cadre', 'education', 'occupation', 'schoolName', 'schoolType'] as const;
const DOC_COLUMNS = ['docType', 'docCipher', 'docKeyVersion', 'docIndex', 'docMasked'] as const;

export async function mergeDuplicate(db: Db, ctx: Ctx, candidateId: string, survivorId: string) {
  return db.transaction(async (tx) => {
    const candidate = await q.lockCandidate(tx, candidateId);
    if (!candidate) throw notFound('entity.duplicate');
    authorize(ctx.actor, 'volunteer.merge', { areaCode: candidate.area_code }, 'entity.duplicate');
    if (candidate.status !== 'open') throw new AppError('CONFLICT', 'duplicate.notOpen');
    if (survivorId !== candidate.volunteer_id && survivorId !== candidate.other_id)
      throw fieldError('survivorId', 'pair', 'field.unknownCode', { code: survivorId });
    const mergedId = survivorId === candidate.volunteer_id ? candidate.other_id : candidate.volunteer_id;
    const rows = await q.lockVolunteers(tx, [survivorId, mergedId]);
    const survivor = rows.find((r) => r.id === survivorId) as VolunteerRow;
    const merged = rows.find((r) => r.id === mergedId) as VolunteerRow;
    if (survivor.status !== 'active' || merged.status !== 'active') throw new AppError('CONFLICT', 'duplicate.notActive');
    // Two different ID numbers are two people, whatever their names and phones say.
    if (survivor.docIndex && merged.docIndex) throw new AppError('RULE_VIOLATION', 'duplicate.bothHaveDocuments');
    if (survivor.accountId && merged.accountId) throw new AppError('RULE_VIOLATION', 'duplicate.bothHaveAccounts');

    // The survivor keeps its values; the merged record fills its blanks and adds to its lists.
    const { patch } = mergeRule(survivor, merged);
    const fill: Partial<VolunteerRow> = {};
    for (const f of FILLABLE) if (f in patch) Object.assign(fill, { [f]: merged[f] });
    for (const f of ['skills', 'languages', 'serviceCategories'] as const) if (f in patch) Object.assign(fill, { [f]: patch[f] });
    if (!survivor.docIndex && merged.docIndex) for (const c of DOC_COLUMNS) Object.assign(fill, { [c]: merged[c] });
    const accountMoved = !survivor.accountId && !!merged.accountId;
    if (accountMoved) fill.accountId = merged.accountId;
    const survivorBefore = Object.fromEntries(Object.keys(fill).map((k) => [k, survivor[k as keyof VolunteerRow] ?? null]));

    // Unique keys (ID number, account) leave the merged record before the survivor takes them.
    await q.setVolunteer(tx, mergedId, {
      status: 'merged',
      mergedInto: survivorId,
      ...(fill.docIndex ? { docIndex: null } : {}),
      ...(accountMoved ? { accountId: null } : {}),
    });
    await q.setVolunteer(tx, survivorId, fill);
    const moves: MergeMoves = {
      sources: await q.moveLinks(tx, mergedId, survivorId),
      memberships: await q.moveMemberships(tx, mergedId, survivorId),
      survivorBefore,
      accountMoved,
    };
    await q.decideCandidate(tx, candidateId, 'merged', ctx.actor.displayName);
    const merge = await q.insertMerge(tx, { survivorId, mergedId, candidateId, moves, actorLabel: ctx.actor.displayName });
    await recordAudit(tx, ctx, {
      action: 'volunteer.merge',
      entityType: 'volunteer',
      entityId: survivorId,
      areaCode: candidate.area_code,
      summary: {
        mergeId: merge.id,
        merged: merged.volunteerNo,
        survivor: survivor.volunteerNo,
        links: moves.sources.length,
        memberships: moves.memberships.length,
      },
    });
    return merge;
  });
}

export async function keepApart(db: Db, ctx: Ctx, candidateId: string) {
  await db.transaction(async (tx) => {
    const candidate = await q.lockCandidate(tx, candidateId);
    if (!candidate) throw notFound('entity.duplicate');
    authorize(ctx.actor, 'volunteer.merge', { areaCode: candidate.area_code }, 'entity.duplicate');
    if (candidate.status !== 'open') throw new AppError('CONFLICT', 'duplicate.notOpen');
    await q.decideCandidate(tx, candidateId, 'kept_apart', ctx.actor.displayName);
    await recordAudit(tx, ctx, {
      action: 'volunteer.keepApart',
      entityType: 'volunteer',
      entityId: candidate.volunteer_id,
      areaCode: candidate.area_code,
      summary: { candidateId, other: candidate.other_id },
    });
  });
}

/** Undoing puts back exactly what the merge moved, and the pair returns to the queue. */
export async function undoMerge(db: Db, ctx: Ctx, mergeId: string) {
  await db.transaction(async (tx) => {
    const merge = await q.lockMerge(tx, mergeId);
    if (!merge) throw notFound('entity.merge');
    const rows = await q.lockVolunteers(tx, [merge.survivorId, merge.mergedId]);
    const survivor = rows.find((r) => r.id === merge.survivorId) as VolunteerRow;
    authorize(ctx.actor, 'volunteer.merge', { areaCode: survivor.areaCode }, 'entity.merge');
    if (merge.undoneAt) throw new AppError('CONFLICT', 'merge.alreadyUndone');
    if (survivor.status !== 'active') throw new AppError('CONFLICT', 'merge.survivorChanged');
    const { moves } = merge;
    const restore = moves.survivorBefore as Partial<VolunteerRow>;
    const merged = rows.find((r) => r.id === merge.mergedId) as VolunteerRow;
    const giveBack: Partial<VolunteerRow> = { status: 'active', mergedInto: null };
    if ('docIndex' in restore) giveBack.docIndex = survivor.docIndex;
    if (moves.accountMoved) giveBack.accountId = survivor.accountId;
    await q.setVolunteer(tx, merge.survivorId, restore);
    await q.setVolunteer(tx, merge.mergedId, { ...giveBack, docIndex: giveBack.docIndex ?? merged.docIndex });
    await q.moveLinks(tx, merge.survivorId, merge.mergedId, moves.sources);
    await q.moveMemberships(tx, merge.survivorId, merge.mergedId, moves.memberships);
    await q.markUndone(tx, mergeId, ctx.actor.displayName);
    if (merge.candidateId) await q.decideCandidate(tx, merge.candidateId, 'open', null);
    await recordAudit(tx, ctx, {
      action: 'volunteer.unmerge',
      entityType: 'volunteer',
      entityId: merge.survivorId,
      areaCode: survivor.areaCode,
      summary: { mergeId, merged: merge.mergedId },
    });
  });
}

/** The merges a volunteer took part in, undone ones included. */
export async function mergeHistory(db: Db, actor: Actor, volunteerId: string) {
  const row = await findVolunteer(db, byId(volunteerId));
  if (!row) throw notFound('entity.volunteer');
  authorize(actor, 'volunteer.merge', { areaCode: row.volunteer.areaCode }, 'entity.volunteer');
  const history = await q.mergesOf(db, volunteerId);
  return history.map(({ moves, ...m }) => ({ ...m, links: moves.sources.length, memberships: moves.memberships.length }));
}
