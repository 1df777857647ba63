import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { checkCall, decideAnswer } from '../../domain/emergency/call-rules.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { authorize, may, mayAtAll } from '../../platform/policy.ts';
import { EMERGENCY_NOTICES } from '../notices/index.ts';
import { selfOf } from '../volunteers/index.ts';
import * as q from './emergency.queries.ts';
import { endCall, isLive } from './emergency-end.ts';
import { checkLength, checkOrganization, openShift, placeAccepted } from './emergency-shift.ts';

export type Ctx = AuditContext & { actor: Actor; locale: Locale };

export interface CallInput {
  title: string;
  message?: string;
  areaCode: string;
  /** The organization that runs it on the ground: its service records name it. */
  organizationId: string;
  lat?: number | null;
  lng?: number | null;
  radiusMeters?: number | null;
  skills?: string[];
  startsAt: Date;
  endsAt: Date;
  headcount: number;
  standbyCount?: number;
}

const ENTITY = 'entity.emergencyCall';

/** The respond page, as a link the SMS and e-mail can carry. */
const respondLink = (publicUrl: string, callId: string) => `${publicUrl.replace(/\/$/, '')}/emergency/${callId}/respond`;

/** China time, to the minute: what a volunteer reads in a text message. */
const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Issues a call and tells every matching volunteer at once: the call, one response row per
 * volunteer, one notice each and one delivery job each (webhook/SMS, e-mail) are written in one
 * transaction, set-based, so when this returns every notice is durably enqueued. No one
 * matching: nothing is stored (422, naming the criteria).
 */
export async function issueCall(db: Db, ctx: Ctx, publicUrl: string, input: CallInput, now = new Date()) {
  // Only offices issue calls; for an office, an area outside its scope is a mistake in a field.
  if (!mayAtAll(ctx.actor, 'emergency.call')) throw new AppError('FORBIDDEN', 'error.forbidden');
  if (!may(ctx.actor, 'emergency.call', { areaCode: input.areaCode })) {
    throw fieldError('areaCode', 'scope', 'emergency.areaOutOfScope', { code: input.areaCode });
  }
  const standbyCount = input.standbyCount ?? 0;
  const issues = checkCall({ ...input, standbyCount }, now);
  if (issues.length) {
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map((i) => ({ field: i.field, rule: i.rule, messageKey: i.key })),
    );
  }
  const area = await q.areaOf(db, input.areaCode);
  if (!area) throw fieldError('areaCode', 'exists', 'emergency.areaMissing', { code: input.areaCode });
  const org = await checkOrganization(db, ctx.actor, input.organizationId, input.areaCode);
  await checkLength(db, input.startsAt, input.endsAt);
  const skills = [...new Set(input.skills ?? [])];
  const criteria = { areaCode: input.areaCode, lat: input.lat, lng: input.lng, radiusMeters: input.radiusMeters, skills };
  const id = await db.transaction(async (tx) => {
    const id = await q.insertCall(tx, {
      title: input.title,
      message: input.message ?? '',
      areaCode: input.areaCode,
      organizationId: org.id,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      radiusMeters: input.radiusMeters ?? null,
      skills,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      headcount: input.headcount,
      standbyCount,
      createdBy: ctx.actor.accountId,
    });
    const notified = await q.insertResponses(tx, id, criteria);
    if (notified === 0) throw noOneMatches(criteria);
    const shift = await openShift(
      tx,
      org,
      { ...input, lat: input.lat ?? null, lng: input.lng ?? null, place: area.name, skills },
      ctx.actor.accountId,
    );
    await q.updateCall(tx, id, shift);
    await q.insertNotices(tx, id, ['notified'], EMERGENCY_NOTICES.emergencyCall, {
      callId: id,
      title: input.title,
      start: chinaMinute(input.startsAt),
      area: area.name,
      headcount: input.headcount,
      link: respondLink(publicUrl, id),
    });
    await recordAudit(tx, ctx, {
      action: 'emergency.call',
      entityType: 'emergencyCall',
      entityId: id,
      areaCode: input.areaCode,
      summary: {
        headcount: input.headcount,
        standbyCount,
        notified,
        radiusMeters: input.radiusMeters ?? null,
        skills,
        organizationId: org.id,
      },
    });
    return id;
  });
  return getCall(db, ctx.actor, id);
}

/** 422 naming the criteria that matched no one, by their fields (areaCode=…, radiusMeters=…, skills=…). */
function noOneMatches(c: q.Criteria) {
  const criteria = [
    `areaCode=${c.areaCode}`,
    ...(c.radiusMeters != null ? [`radiusMeters=${c.radiusMeters}`] : []),
    ...(c.skills.length ? [`skills=${c.skills.join(',')}`] : []),
  ].join(', ');
  return new AppError('RULE_VIOLATION', 'emergency.noOneMatches', { criteria }, [
    { field: 'areaCode', rule: 'noMatch', messageKey: 'emergency.noOneMatches', params: { criteria } },
  ]);
}

export async function listCalls(db: Db, actor: Actor, f: { page: number; pageSize: number }) {
  return q.listCalls(db, actor, f);
}

/** One call for the office: counts and the answers as they arrive (phones masked). */
export async function getCall(db: Executor, actor: Actor, id: string) {
  const call = await q.findCall(db, id);
  if (!call) throw notFound(ENTITY);
  authorize(actor, 'emergency.read', { areaCode: call.areaCode }, ENTITY);
  const [counts, responses, area, org] = await Promise.all([
    q.countsOf(db, id),
    q.answersOf(db, id),
    q.areaOf(db, call.areaCode),
    call.organizationId ? q.findOrganization(db, call.organizationId) : undefined,
  ]);
  return {
    ...summaryOf(call, area?.name ?? ''),
    organizationId: call.organizationId,
    organizationName: org?.name ?? null,
    activityId: call.activityId,
    version: call.version,
    message: call.message,
    lat: call.lat,
    lng: call.lng,
    radiusMeters: call.radiusMeters,
    skills: call.skills,
    filledAt: call.filledAt,
    closedAt: call.closedAt,
    counts,
    responses,
    mayClose: may(actor, 'emergency.call', { areaCode: call.areaCode }) && isLive(call.status),
  };
}

function summaryOf(call: q.CallRow, areaName: string) {
  return {
    id: call.id,
    title: call.title,
    areaCode: call.areaCode,
    areaName,
    startsAt: call.startsAt,
    endsAt: call.endsAt,
    headcount: call.headcount,
    standbyCount: call.standbyCount,
    acceptedCount: call.acceptedCount,
    notifiedCount: call.notifiedCount,
    status: call.status,
    createdAt: call.createdAt,
  };
}

/** The volunteer called: the call and their own answer. Not called (or not a volunteer): 404. */
async function calledSelf(db: Executor, actor: Actor, callId: string) {
  authorize(actor, 'emergency.respond', { accountId: actor.accountId }, ENTITY);
  const me = await selfOf(db, actor);
  const mine = me && (await q.responseOf(db, callId, me.id));
  if (!me || !mine) throw notFound(ENTITY);
  return { me, mine };
}

/** What the respond page shows: the call and my answer. */
export async function myCall(db: Db, actor: Actor, callId: string) {
  const { mine } = await calledSelf(db, actor, callId);
  const call = await q.findCall(db, callId);
  if (!call) throw notFound(ENTITY);
  const area = await q.areaOf(db, call.areaCode);
  return { ...summaryOf(call, area?.name ?? ''), message: call.message, response: mine.response, standbyNo: mine.standbyNo };
}

/**
 * A volunteer's answer. The call's row is locked for the transaction, so answers to one call are
 * taken one at a time: with 200 accepting the last 10 places at once, exactly 10 are accepted,
 * the next ones go to the standby list until it is full, the rest are told it is full.
 */
export async function answer(db: Db, ctx: Ctx, publicUrl: string, callId: string, reply: 'accept' | 'decline') {
  const { me } = await calledSelf(db, ctx.actor, callId);
  await db.transaction(async (tx) => {
    const call = await q.lockCall(tx, callId);
    const mine = call && (await q.responseOf(tx, callId, me.id));
    if (!call || !mine) throw notFound(ENTITY);
    const standby = await q.standbyOf(tx, callId);
    const outcome = decideAnswer({ ...call, standbyTaken: standby.n }, mine.response, reply);
    switch (outcome.kind) {
      case 'ended':
        throw new AppError('CONFLICT', 'emergency.closed', {}, [{ field: 'response', rule: 'callOpen', messageKey: 'emergency.closed' }]);
      case 'alreadyAccepted':
        throw new AppError('CONFLICT', 'emergency.alreadyAccepted', {}, [
          { field: 'response', rule: 'alreadyAccepted', messageKey: 'emergency.alreadyAccepted' },
        ]);
      case 'same':
        return;
      case 'decline':
        await q.setResponse(tx, callId, me.id, 'declined');
        return q.updateCall(tx, callId, {});
      case 'standby':
        await q.setResponse(tx, callId, me.id, 'standby', standby.last + 1);
        return q.updateCall(tx, callId, {});
      case 'full':
        await q.setResponse(tx, callId, me.id, 'released');
        return q.updateCall(tx, callId, {});
      case 'accept': {
        await q.setResponse(tx, callId, me.id, 'accepted');
        // Calls issued before they had a shift (none named an organization) record no hours.
        if (call.positionId) await placeAccepted(tx, ctx.locale, call.positionId, me.id);
        const acceptedCount = call.acceptedCount + 1;
        if (!outcome.fills) return q.updateCall(tx, callId, { acceptedCount });
        await q.updateCall(tx, callId, { acceptedCount, status: 'full', filledAt: new Date() });
        // The rest are told at once; with standby places, that they may still join the list.
        const kind = call.standbyCount > 0 ? EMERGENCY_NOTICES.emergencyFilledStandby : EMERGENCY_NOTICES.emergencyFilled;
        await q.insertNotices(tx, callId, ['notified'], kind, {
          callId,
          title: call.title,
          link: respondLink(publicUrl, callId),
        });
      }
    }
  });
  return myCall(db, ctx.actor, callId);
}

/** The office ends the call: whoever had not answered, and the standby list, are told and let go. */
export async function closeCall(db: Db, ctx: Ctx, callId: string) {
  const existing = await q.findCall(db, callId);
  if (!existing) throw notFound(ENTITY);
  authorize(ctx.actor, 'emergency.call', { areaCode: existing.areaCode }, ENTITY);
  await db.transaction(async (tx) => {
    const call = await q.lockCall(tx, callId);
    if (!call || !isLive(call.status)) {
      throw new AppError('CONFLICT', 'emergency.alreadyClosed', {}, [
        { field: 'status', rule: 'live', messageKey: 'emergency.alreadyClosed' },
      ]);
    }
    const told = await endCall(tx, call, 'closed', new Date());
    await recordAudit(tx, ctx, {
      action: 'emergency.close',
      entityType: 'emergencyCall',
      entityId: callId,
      areaCode: call.areaCode,
      summary: { acceptedCount: call.acceptedCount, told },
    });
  });
  return getCall(db, ctx.actor, callId);
}

/**
 * The office calls the duty off: like closing, and the call's shift is cancelled the usual way —
 * the accepted volunteers' enrollments end with the reason and they are told.
 */
export async function cancelCall(db: Db, ctx: Ctx, callId: string, reason: string) {
  const existing = await q.findCall(db, callId);
  if (!existing) throw notFound(ENTITY);
  authorize(ctx.actor, 'emergency.call', { areaCode: existing.areaCode }, ENTITY);
  if (!reason.trim()) throw fieldError('reason', 'required', 'emergency.cancelReason');
  await db.transaction(async (tx) => {
    const call = await q.lockCall(tx, callId);
    if (!call || !isLive(call.status)) {
      throw new AppError('CONFLICT', 'emergency.alreadyClosed', {}, [
        { field: 'status', rule: 'live', messageKey: 'emergency.alreadyClosed' },
      ]);
    }
    const told = await endCall(tx, call, 'cancelled', new Date(), reason.trim());
    await recordAudit(tx, ctx, {
      action: 'emergency.cancel',
      entityType: 'emergencyCall',
      entityId: callId,
      areaCode: call.areaCode,
      summary: { acceptedCount: call.acceptedCount, told, reason: reason.trim() },
    });
  });
  return getCall(db, ctx.actor, callId);
}

/** The organizations the office may name for a call in the area (the create form's picker). */
export async function organizationsFor(db: Db, actor: Actor, areaCode: string) {
  if (!mayAtAll(actor, 'emergency.call')) throw new AppError('FORBIDDEN', 'error.forbidden');
  return { items: await q.organizationsFor(db, actor, areaCode) };
}

/**
 * The live page's ETag: the call's version (bumped by every answer, fill, close) and the reader
 * (what they may do differs). A poll that brings it back unchanged costs one lookup by key.
 */
export async function callTag(db: Executor, actor: Actor, id: string) {
  const row = await q.versionOf(db, id);
  if (!row) throw notFound(ENTITY);
  authorize(actor, 'emergency.read', { areaCode: row.areaCode }, ENTITY);
  return etagOf(actor, id, row.version);
}

export const etagOf = (actor: Actor, id: string, version: number) => `W/"${id.slice(0, 8)}.${version}.${actor.accountId.slice(0, 8)}"`;
