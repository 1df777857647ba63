import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { findActivity } from '../activities/index.ts';
import { applyAccepted } from './attendance.events.ts';
import { attendanceSheetOf, decideEvent, devicesOf, eventForDecision, reviewQueueOf } from './attendance.queries.ts';

type Ctx = AuditContext & { actor: Actor };

/** The events an organization's organizers still have to look at (all activities, or one). */
export async function reviewQueue(db: Db, actor: Actor, organizationId: string, activityId?: string) {
  authorize(actor, 'activity.manage', { organizationId }, 'entity.organization');
  return reviewQueueOf(db, organizationId, activityId);
}

/**
 * The organizer decides on an event kept for review. Accepting counts it — a check-in opens the
 * person's record, a check-out closes it with its credit hours — and needs a person on the roster;
 * dismissing keeps the event with the note, so nothing that arrived is lost. Both are audited.
 */
export async function decideReviewEvent(db: Db, ctx: Ctx, id: string, input: { accept: boolean; note?: string }) {
  const note = input.note?.trim() || null;
  if (!input.accept && !note)
    throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'note', rule: 'required', messageKey: 'attendance.noteRequired' }]);
  const status = await db.transaction(async (tx) => {
    const found = await eventForDecision(tx, id);
    const organizationId = found?.activityOrganization ?? found?.deviceOrganization;
    if (!found || !organizationId) throw notFound('entity.attendanceEvent');
    authorize(ctx.actor, 'activity.manage', { organizationId }, 'entity.attendanceEvent');
    if (found.event.status !== 'review') throw new AppError('CONFLICT', 'attendance.decided');
    if (input.accept && !(await applyAccepted(tx, found.event))) throw new AppError('RULE_VIOLATION', 'attendance.cannotAccept');
    const decided = input.accept ? ('accepted' as const) : ('dismissed' as const);
    await decideEvent(tx, id, { status: decided, decidedBy: ctx.actor.accountId, decidedAt: new Date(), decisionNote: note });
    await recordAudit(tx, ctx, {
      action: input.accept ? 'attendance.accept' : 'attendance.dismiss',
      entityType: 'attendance_event',
      entityId: id,
      summary: { anomalies: found.event.anomalies, note },
    });
    return decided;
  });
  return { id, status };
}

/** The organizer's live view of an activity: who is on the roster, who is checked in, what their record holds. */
export async function attendanceSheet(db: Db, actor: Actor, activityId: string) {
  const found = await findActivity(db, activityId);
  if (!found) throw notFound('entity.activity');
  authorize(actor, 'activity.manage', { organizationId: found.project.organizationId }, 'entity.activity');
  const rows = await attendanceSheetOf(db, activityId);
  return {
    activity: {
      id: found.activity.id,
      title: found.activity.title,
      startsAt: found.activity.startsAt,
      endsAt: found.activity.endsAt,
      address: found.activity.address,
      organizationId: found.project.organizationId,
      checkinMethods: found.activity.checkinMethods,
    },
    people: rows.map(({ last, ...r }) => ({
      ...r,
      state: last ? last.kind : ('none' as const),
      lastAt: last ? new Date(last.at) : null,
    })),
  };
}

export async function listDevices(db: Db, actor: Actor, organizationId: string) {
  authorize(actor, 'device.manage', { organizationId }, 'entity.organization');
  return devicesOf(db, organizationId);
}
