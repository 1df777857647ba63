import type { Db } from '../../db/client.ts';
import { chinaDate, chinaInstant, chinaTime, chinaWeekStart } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type InvitationSkip, invitationSkip, quietHoursEnd } from '../../domain/matching/reach.ts';
import { effectiveCap } from '../../domain/requests/catalog.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import { apply } from '../enrollment/index.ts';
import { notify } from '../notices/index.ts';
import { volunteerCapsOf } from '../request-settings/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './invitations.queries.ts';
import { positionFor } from './matching.service.ts';

type Ctx = AuditContext & { actor: Actor; locale: Locale };

export interface Skipped {
  volunteerId: string;
  name: string;
  reason: Exclude<InvitationSkip, 'quietHours'>;
  text: string;
}

/** An invitation stored now and delivered when the volunteer's quiet hours end. */
export interface Held {
  volunteerId: string;
  invitationId: string;
  name: string;
  deliverAt: Date;
  text: string;
}

/**
 * An organizer invites volunteers to a position (精准投放). Each volunteer's own terms hold: no
 * invitation when they opted out or are past their weekly cap (skipped, with the reason). One in
 * their quiet hours is stored now and reaches them when those end: it is dated then, and its
 * notice's delivery job waits until then. Each one sent is a notice in the volunteer's inbox; the
 * organizer's answer counts those sent now and those held for quiet hours.
 */
export async function sendInvitations(db: Db, ctx: Ctx, positionId: string, volunteerIds: string[], now = new Date()) {
  const position = await positionFor(db, ctx.actor, positionId);
  const ids = [...new Set(volunteerIds)];
  const weekStart = chinaInstant(chinaWeekStart(now), '00:00');
  return db.transaction(async (tx) => {
    // Locks the volunteers' rows: two organizers inviting at once cannot pass anyone's weekly cap.
    const facts = await q.invitationFacts(tx, positionId, ids, weekStart);
    // The volunteer's own cap holds only below the city's.
    const city = await volunteerCapsOf(tx);
    const byId = new Map(
      facts.map((f) => [f.volunteerId, { ...f, weeklyInvitationCap: effectiveCap(f.weeklyInvitationCap, city.weeklyInvitationCap) }]),
    );
    const skipped: Skipped[] = [];
    const going: string[] = [];
    const waiting: { volunteerId: string; name: string; deliverAt: Date }[] = [];
    for (const id of ids) {
      const f = byId.get(id);
      const reason: InvitationSkip | null = f?.status !== 'active' ? 'notFound' : invitationSkip(f, now);
      if (reason === 'quietHours' && f?.quietTo != null)
        waiting.push({ volunteerId: id, name: f.name, deliverAt: quietHoursEnd(now, f.quietTo) });
      else if (reason && reason !== 'quietHours') {
        const params = { cap: f?.weeklyInvitationCap ?? 0 };
        skipped.push({
          volunteerId: id,
          name: f?.name ?? '',
          reason,
          text: translate(ctx.locale, `invitation.skip.${reason}` as MessageKey, params),
        });
      } else going.push(id);
    }
    const deliverAt = new Map(waiting.map((h) => [h.volunteerId, h.deliverAt]));
    const stored = await q.insertInvitations(tx, [
      ...going.map((volunteerId) => ({ positionId, volunteerId, invitedBy: ctx.actor.accountId })),
      // Dated when it reaches them: their list shows it, and the week's count takes it, from then.
      ...waiting.map((h) => ({ positionId, volunteerId: h.volunteerId, invitedBy: ctx.actor.accountId, sentAt: h.deliverAt })),
    ]);
    await notify(
      tx,
      stored.map((s) => ({
        volunteerId: s.volunteerId,
        kind: 'invitation.received',
        deliverAt: deliverAt.get(s.volunteerId),
        params: {
          invitationId: s.id,
          activityId: position.activityId,
          title: position.title,
          position: position.positionName,
          organization: position.organizationName,
          start: `${chinaDate(position.startsAt)} ${chinaTime(position.startsAt)}`,
        },
      })),
    );
    const sent = stored.filter((s) => !deliverAt.has(s.volunteerId)).map((s) => ({ volunteerId: s.volunteerId, invitationId: s.id }));
    const held: Held[] = waiting.flatMap((h) => {
      const s = stored.find((x) => x.volunteerId === h.volunteerId);
      const at = `${chinaDate(h.deliverAt)} ${chinaTime(h.deliverAt)}`;
      return s ? [{ ...h, invitationId: s.id, text: translate(ctx.locale, 'invitation.held', { at }) }] : [];
    });
    await recordAudit(tx, ctx, {
      action: 'invitation.send',
      entityType: 'position',
      entityId: positionId,
      summary: { sent: sent.length, held: held.length, skipped: skipped.length },
    });
    return { sent, held, skipped };
  });
}

export async function myInvitations(db: Db, actor: Actor) {
  const me = await requireSelf(db, actor, 'invitation.respond');
  return q.invitationsOf(db, me.id);
}

/**
 * The volunteer answers. Accepting applies for the position through the enrollment service, so
 * every eligibility rule and the place count apply as if they had applied themselves; a refusal
 * there leaves the invitation open and says why.
 */
export async function respondInvitation(db: Db, ctx: Ctx, id: string, response: 'accept' | 'decline', now = new Date()) {
  const me = await requireSelf(db, ctx.actor, 'invitation.respond');
  const invitation = await q.findInvitation(db, id);
  if (!invitation || invitation.volunteerId !== me.id) throw notFound('entity.invitation');
  if (invitation.status !== 'sent') throw new AppError('CONFLICT', 'invitation.answered');
  // Invitations for a request are answered through the request (H1's take); only positions are sent today.
  if (!invitation.positionId) throw new AppError('CONFLICT', 'invitation.answered');
  if (response === 'decline') {
    if (!(await q.setInvitationStatus(db, id, 'declined', now))) throw new AppError('CONFLICT', 'invitation.answered');
    return { id, status: 'declined' as const, enrollment: null };
  }
  const enrollment = await apply(db, ctx, invitation.positionId, now);
  await q.setInvitationStatus(db, id, 'accepted', now);
  return { id, status: 'accepted' as const, enrollment: { id: enrollment.id, status: enrollment.status } };
}
