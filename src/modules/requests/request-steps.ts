import type { Db, Executor } from '../../db/client.ts';
import { DEFAULT_VOLUNTEER_CAPS, effectiveCap, type RequestUrgency } from '../../domain/requests/catalog.ts';
import { type RequestAction, requestStep } from '../../domain/requests/lifecycle.ts';
import { guardFindings, guardRange } from '../../domain/requests/over-service.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize, may } from '../../platform/policy.ts';
import { requestAssigning, requestCancelling, requestEnded } from '../../platform/request-hooks.ts';
import { endActivities } from '../activities/index.ts';
import { placeVolunteer } from '../enrollment/index.ts';
import { requestReach } from '../matching/index.ts';
import { volunteerCapsOf } from '../request-settings/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import { ensureShift } from './request-shift.ts';
import * as q from './requests.queries.ts';
import { type Ctx, guardBlocked, overrideReason, requestScope } from './requests.service.ts';

export type TransitionInput =
  | { action: 'triage'; organizationId: string; urgency?: RequestUrgency; headcount?: number }
  | { action: 'assign'; volunteerIds: string[]; guardOverrideReason?: string }
  | { action: 'publish' | 'start' | 'done' | 'close' }
  | { action: 'cancel'; reason: string };

const ACTION_OF = {
  triage: 'request.triage',
  assign: 'request.assign',
  publish: 'request.assign',
  start: 'request.progress',
  done: 'request.progress',
  close: 'request.progress',
  cancel: 'request.cancel',
} as const;

const STAMP: Partial<Record<RequestAction, keyof q.RequestRow>> = {
  triage: 'triagedAt',
  start: 'startedAt',
  done: 'doneAt',
  close: 'closedAt',
  cancel: 'cancelledAt',
};

/** The request and its person, if the actor may take the step on it (else 404, like a missing one). */
async function load(db: Executor, ctx: Ctx, id: string, action: (typeof ACTION_OF)[keyof typeof ACTION_OF] | 'request.rate') {
  const r = await q.findRequest(db, id);
  if (!r) throw notFound('entity.serviceRequest');
  const b = (await q.findBeneficiary(db, r.beneficiaryId)) as q.BeneficiaryRow;
  authorize(ctx.actor, action, requestScope(r, b), 'entity.serviceRequest');
  return { r, b };
}

function step(r: q.RequestRow, action: RequestAction, reason?: string) {
  const outcome = requestStep(r.status, action, reason);
  if (outcome.ok) return outcome.to;
  if (outcome.rule === 'reason') throw fieldError('reason', 'required', 'request.reasonRequired');
  throw new AppError('RULE_VIOLATION', 'request.badTransition', { from: `request.status.${r.status}`, action: `request.action.${action}` });
}

/** The organization a request may be handed to: active, and covering its area or hosting its station. */
async function checkOrganization(db: Executor, r: q.RequestRow, organizationId: string) {
  const org = await q.findOrganization(db, organizationId);
  const covers = !!org && (r.areaCode.startsWith(org.areaCode) || (!!r.stationId && (await q.stationHost(db, r.stationId)) === org.id));
  if (org?.status !== 'active' || !covers) throw fieldError('organizationId', 'covers', 'request.organizationInvalid');
}

export async function transition(db: Db, ledgerKey: Buffer, ctx: Ctx, id: string, input: TransitionInput, now = new Date()) {
  if (input.action === 'assign')
    return assignVolunteers(db, ctx, id, input.volunteerIds, 'assigned', { guardOverrideReason: input.guardOverrideReason, now });
  const { r, b } = await load(db, ctx, id, ACTION_OF[input.action]);
  const reason = input.action === 'cancel' ? input.reason : undefined;
  const to = step(r, input.action, reason);
  const patch: Parameters<typeof q.updateRequest>[2] = { status: to };
  const stamp = STAMP[input.action];
  if (stamp) Object.assign(patch, { [stamp]: now });
  if (input.action === 'triage') {
    await checkOrganization(db, r, input.organizationId);
    const category = await q.findCategory(db, r.categoryCode);
    if (input.headcount && category && input.headcount > category.maxVolunteers)
      throw fieldError('headcount', 'max', 'request.headcountMax', { max: category.maxVolunteers, category: category.nameZh });
    Object.assign(patch, {
      organizationId: input.organizationId,
      urgency: input.urgency ?? r.urgency,
      headcount: input.headcount ?? r.headcount,
    });
  }
  if (input.action === 'publish') {
    if (!r.organizationId) throw new AppError('RULE_VIOLATION', 'request.organizationRequired');
    patch.publishedAt = now;
  }
  if (input.action === 'cancel') patch.cancelReason = reason?.trim();
  await db.transaction(async (tx) => {
    const locked = await q.lockRequest(tx, id);
    if (locked.status !== r.status) step(locked, input.action, reason);
    // A request paid in credits, once served, is cancelled only by an office (the time bank's check):
    // cancelling ends its shift, so a resident could otherwise take back the hold after the service.
    if (input.action === 'cancel')
      await requestCancelling(tx, {
        requestId: id,
        asOffice: may(ctx.actor, 'request.cancel', { ...requestScope(locked, b), accountId: null }),
        served: locked.windowStart <= now || (await q.assignmentsOf(tx, id)).length > 0,
      });
    await q.updateRequest(tx, id, patch);
    // A cancelled request's shift ends with it: its volunteers are told and can no longer check in.
    if (input.action === 'cancel' && r.activityId) await endActivities(tx, [r.activityId], r.requestNo, reason?.trim() ?? '');
    // What a request paid in credits still holds goes back to the payer when it ends (time bank's hook).
    if (to === 'closed' || to === 'cancelled') await requestEnded(tx, ledgerKey, { requestId: id, status: to });
    const params: Record<string, string | number> = {};
    if (input.action === 'triage') Object.assign(params, { organizationId: input.organizationId });
    if (reason) params.reason = reason.trim();
    await q.insertEvents(tx, [
      { requestId: id, kind: input.action, fromStatus: r.status, toStatus: to, actorAccountId: ctx.actor.accountId, params, at: now },
    ]);
  });
}

/**
 * Volunteers serve a request (assigned by an office or the organization, taken by themselves, or
 * accepted from an invitation): within the headcount, past the over-service guard, each an accepted
 * enrollment on the request's shift under the working-time limits. One transaction: all or none.
 */
export async function assignVolunteers(
  db: Db,
  ctx: Ctx,
  requestId: string,
  volunteerIds: string[],
  via: 'assigned' | 'taken' | 'invited',
  options: { guardOverrideReason?: string; now?: Date; weeklyTakeCap?: number } = {},
) {
  const now = options.now ?? new Date();
  const { r, b } = via === 'assigned' ? await load(db, ctx, requestId, 'request.assign') : await loadAny(db, requestId);
  const ids = [...new Set(volunteerIds)];
  if (ids.length === 0) throw fieldError('volunteerIds', 'required', 'request.volunteersRequired');
  const found = await q.existingVolunteers(db, ids);
  if (found.length !== ids.length || found.some((v) => v.status !== 'active'))
    throw fieldError('volunteerIds', 'exists', 'request.volunteerMissing');
  await db.transaction(async (tx) => {
    const locked = await q.lockRequest(tx, requestId);
    step(locked, via === 'taken' ? 'take' : 'assign');
    if (!locked.organizationId) throw new AppError('RULE_VIOLATION', 'request.organizationRequired');
    if (via === 'assigned') await checkAssignable(tx, ctx, ids, locked.organizationId);
    // Nobody serves their own paid request: the hold would pay them back what it took (the time bank's check).
    await requestAssigning(tx, { requestId, volunteerIds: ids, beneficiaryAccountId: b.accountId });
    const current = await q.assignmentsOf(tx, requestId);
    const fresh = ids.filter((v) => !current.some((c) => c.volunteerId === v));
    if (current.length + fresh.length > locked.headcount)
      throw fieldError('volunteerIds', 'headcount', 'request.tooManyVolunteers', {
        headcount: locked.headcount,
        count: current.length + fresh.length,
      });
    if (locked.status === 'triaged') await checkGuard(tx, ctx, locked, b, options.guardOverrideReason, now);
    // Locks in one order everywhere — request, organization, volunteer (as placeVolunteer takes it) —
    // so a take and an assignment of the same volunteer never wait on each other.
    await q.lockOrganization(tx, locked.organizationId);
    if (via === 'taken' && options.weeklyTakeCap !== undefined) await checkTakeCap(tx, ids[0], options.weeklyTakeCap, now);
    const org = (await q.findOrganization(tx, locked.organizationId)) as NonNullable<Awaited<ReturnType<typeof q.findOrganization>>>;
    const category = await q.findCategory(tx, locked.categoryCode);
    const shift = await ensureShift(tx, locked, org, category?.nameZh ?? locked.categoryCode, ctx.actor.accountId);
    for (const volunteerId of fresh) {
      const enrollmentId = await placeVolunteer(tx, ctx.locale, shift.positionId, volunteerId, now).catch((e: unknown) => {
        throw relabel(e);
      });
      await q.insertAssignment(tx, { requestId, volunteerId, enrollmentId, via, assignedBy: ctx.actor.accountId, at: now });
    }
    await q.updateRequest(tx, requestId, { status: 'assigned', assignedAt: locked.assignedAt ?? now, ...shift });
    await q.insertEvents(
      tx,
      fresh.map((volunteerId) => ({
        requestId,
        kind: via === 'taken' ? 'taken' : 'assigned',
        fromStatus: locked.status,
        toStatus: 'assigned' as const,
        actorAccountId: ctx.actor.accountId,
        params: { volunteerId, via },
        at: now,
      })),
    );
  });
  void r;
}

/**
 * An organization assigns its own members, or volunteers who opted in to requests; an office its
 * area's volunteers who opted in, or the handling organization's members. Anyone else is refused by
 * number: nobody is sent to a stranger's home without having said they serve requests.
 */
async function checkAssignable(tx: Executor, ctx: Ctx, ids: string[], organizationId: string) {
  const facts = await q.assignableFacts(tx, ids, organizationId);
  const refused = facts.filter(
    (v) => !v.member && !(v.optedIn && may(ctx.actor, 'request.assign', { areaCode: v.areaCode, organizationId })),
  );
  if (refused.length)
    throw fieldError('volunteerIds', 'member', 'request.volunteerNotAssignable', {
      numbers: refused
        .map((v) => v.volunteerNo)
        .sort()
        .join(', '),
    });
}

/**
 * The weekly take cap, counted under a lock on the volunteer: two takes at once by one volunteer
 * are decided one after the other, so the second sees the first.
 */
async function checkTakeCap(tx: Executor, volunteerId: string, limit: number, now: Date) {
  await q.lockVolunteer(tx, volunteerId);
  const count = await q.takenSince(tx, volunteerId, new Date(now.getTime() - 7 * 86_400_000));
  if (count >= limit)
    throw new AppError('RULE_VIOLATION', 'request.takeCap', { limit, count }, [
      { field: 'weeklyTakeCap', rule: 'max', messageKey: 'request.takeCap', params: { limit, count } },
    ]);
}

/** The enrollment rules speak of a position; here the volunteer was named in volunteerIds. */
function relabel(e: unknown) {
  if (e instanceof AppError && Array.isArray(e.details))
    return new AppError(
      e.code,
      e.messageKey,
      e.params,
      (e.details as { field: string }[]).map((d) => ({ ...d, field: 'volunteerIds' })),
    );
  return e;
}

/** A taken or invited request: the volunteer's own right was checked by the caller. */
async function loadAny(db: Executor, id: string) {
  const r = await q.findRequest(db, id);
  if (!r) throw notFound('entity.serviceRequest');
  return { r, b: (await q.findBeneficiary(db, r.beneficiaryId)) as q.BeneficiaryRow };
}

/**
 * The guard again at assignment (services may have been raised since): a block needs an override
 * reason unless one was given when the request was raised.
 */
async function checkGuard(tx: Executor, ctx: Ctx, r: q.RequestRow, b: q.BeneficiaryRow, reasonText: string | undefined, now: Date) {
  const category = await q.findCategory(tx, r.categoryCode);
  if (category?.guard?.mode !== 'block') return;
  const { from, to } = guardRange(r.windowStart);
  const findings = guardFindings(category.guard, await q.servicesOf(tx, b.id, r.categoryCode, from, to, r.id), r.windowStart);
  if (!findings.length) return;
  const events = await q.eventsOf(tx, r.id);
  if (events.some((e) => e.kind === 'guard_overridden')) return;
  const reason = overrideReason(reasonText);
  // A volunteer taking the request sees the person's masked name only, as everywhere else before assignment.
  if (!reason || !may(ctx.actor, 'request.overrideGuard', requestScope(r, b)))
    throw guardBlocked(findings, may(ctx.actor, 'request.read', requestScope(r, b)) ? b.name : maskName(b.name));
  await q.insertEvents(
    tx,
    findings.map((f) => ({
      requestId: r.id,
      kind: 'guard_overridden',
      actorAccountId: ctx.actor.accountId,
      params: { ...f, reason },
      at: now,
    })),
  );
  await recordAudit(tx, ctx, {
    action: 'request.overrideGuard',
    entityType: 'service_request',
    entityId: r.id,
    areaCode: r.areaCode,
    summary: { requestNo: r.requestNo, reason, findings },
  });
}

/**
 * A volunteer takes a published request: one they could find on the nearby list (within its widest
 * radius), wanting requests, holding the skills, within the weekly cap (their own, never above the city's).
 */
export async function takeRequest(db: Db, ctx: Ctx, id: string, now = new Date()) {
  const me = await requireSelf(db, ctx.actor, 'request.take', { takingPart: true });
  const r = await q.findRequest(db, id);
  if (!r?.publishedAt) throw notFound('entity.serviceRequest');
  const reach = await q.takeReach(db, me.id);
  // Only those who want requests take them (the same opt-in that lists them nearby), and only
  // those who can do the work: the request's skills, each held.
  if (reach?.optIn === false)
    throw new AppError('RULE_VIOLATION', 'request.takeOptOut', {}, [
      { field: 'requestsOptIn', rule: 'optIn', messageKey: 'request.takeOptOut' },
    ]);
  const held = await q.skillCodesOf(db, me.id);
  const missing = r.skills.filter((s) => !held.has(s));
  if (missing.length) {
    const params = { codes: missing.join(', ') };
    throw new AppError('RULE_VIOLATION', 'request.takeSkills', params, [
      { field: 'skills', rule: 'held', messageKey: 'request.takeSkills', params },
    ]);
  }
  await checkDistance(db, me.id, id);
  const city = await volunteerCapsOf(db);
  const weeklyTakeCap = effectiveCap(reach?.cap ?? DEFAULT_VOLUNTEER_CAPS.weeklyTakeCap, city.weeklyTakeCap);
  await assignVolunteers(db, ctx, id, [me.id], 'taken', { now, weeklyTakeCap });
}

/** Near enough to serve: the nearby list's measure and its widest radius, so no request is taken from across the city. */
async function checkDistance(db: Db, volunteerId: string, requestId: string) {
  const distance = await requestReach(db, volunteerId, requestId);
  if (distance.km == null)
    throw new AppError('RULE_VIOLATION', 'request.takeNoPosition', {}, [
      { field: 'distance', rule: 'position', messageKey: 'request.takeNoPosition' },
    ]);
  if (!distance.within) {
    const params = { km: distance.km, max: distance.maxKm };
    throw new AppError('RULE_VIOLATION', 'request.takeDistance', params, [
      { field: 'distance', rule: 'radius', messageKey: 'request.takeDistance', params },
    ]);
  }
}

/** The beneficiary (or an operator or office on their behalf) confirms the service and rates it. */
export async function rateRequest(db: Db, ctx: Ctx, id: string, input: { rating: number; comment?: string }, now = new Date()) {
  const { r, b } = await load(db, ctx, id, 'request.rate');
  const to = step(r, 'rate');
  const ratedVia =
    b.accountId === ctx.actor.accountId ? 'beneficiary' : ctx.actor.grants.some((g) => g.role === 'operator') ? 'operator' : 'office';
  await db.transaction(async (tx) => {
    const locked = await q.lockRequest(tx, id);
    step(locked, 'rate');
    await q.updateRequest(tx, id, {
      status: to,
      rating: input.rating,
      ratingComment: input.comment?.trim() || null,
      ratedVia,
      ratedAt: now,
    });
    const events: Parameters<typeof q.insertEvents>[1] = [
      {
        requestId: id,
        kind: 'rate',
        fromStatus: r.status,
        toStatus: to,
        actorAccountId: ctx.actor.accountId,
        params: { rating: input.rating, via: ratedVia },
        at: now,
      },
    ];
    // A low rating reaches the office (the list's lowRated filter).
    if (input.rating <= 2)
      events.push({ requestId: id, kind: 'low_rating', actorAccountId: ctx.actor.accountId, params: { rating: input.rating }, at: now });
    await q.insertEvents(tx, events);
  });
}
