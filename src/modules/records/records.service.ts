import type { Db, Executor } from '../../db/client.ts';
import { chinaDate, hoursBetween } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { DEFAULT_HOURS_RULE, type HoursRule, serviceHours } from '../../domain/records/hours.ts';
import { NATIONAL_STARS, type StarScheme, starProgress, starsFor } from '../../domain/records/stars.ts';
import { recordDeadline } from '../../domain/records/working-days.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hoursLanded } from '../../platform/hour-hooks.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize } from '../../platform/policy.ts';
import { readSetting } from '../../platform/settings.ts';
import { findSelf, requireSelf, selfOf } from '../volunteers/index.ts';
import { appendLedger } from './ledger.ts';
import * as q from './records.queries.ts';
import { workingDays } from './work-calendar.ts';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** How check-in/out times become hours (clipping and rounding). */
    hours: HoursRule;
    /** Hours needed for each star. */
    stars: StarScheme;
  }
}

type Ctx = AuditContext & { actor: Actor };

const validation = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

export interface RecordInput {
  enrollmentId: string;
  checkInAt?: Date | null;
  checkOutAt?: Date | null;
  /** 补录: hours the organizer adds by hand, kept apart from credit hours. */
  addedHours?: number;
  content?: string;
  /** Why hours are entered by hand (audited). */
  reason?: string;
}

async function hoursRule(db: Db): Promise<HoursRule> {
  return (await readSetting(db, 'hours')) ?? DEFAULT_HOURS_RULE;
}

/**
 * The organizer records what an accepted volunteer gave: check-in and check-out (credit hours,
 * clipped to the activity and rounded by the city's rule) and/or added hours, which may never
 * exceed the activity's length. Without a check-out the record stays pending.
 */
export async function createRecord(db: Db, ctx: Ctx, input: RecordInput, now = new Date()) {
  const facts = await q.enrollmentFacts(db, input.enrollmentId);
  if (!facts) throw notFound('entity.enrollment');
  authorize(ctx.actor, 'record.manage', { organizationId: facts.project.organizationId }, 'entity.enrollment');
  const a = facts.activity;
  if (facts.enrollment.status !== 'accepted') throw new AppError('RULE_VIOLATION', 'record.notAccepted');
  if (now < a.startsAt) throw new AppError('RULE_VIOLATION', 'record.notStarted');
  const issues = hoursIssues(input, a);
  if (issues.length) throw validation(issues);
  const credit =
    input.checkInAt && input.checkOutAt
      ? serviceHours(input.checkInAt, input.checkOutAt, { start: a.startsAt, end: a.endsAt }, await hoursRule(db))
      : 0;
  return db.transaction(async (tx) => {
    const record = await q.insertRecord(tx, {
      volunteerId: facts.enrollment.volunteerId,
      activityId: a.id,
      enrollmentId: facts.enrollment.id,
      projectId: facts.project.id,
      organizationId: facts.project.organizationId,
      activityTitle: a.title,
      serviceDate: chinaDate(a.startsAt),
      place: a.address,
      content: input.content ?? a.description.replace(/<[^>]*>/g, '').slice(0, 500),
      categoryCode: facts.project.categoryCode,
      personInCharge: facts.organization.contactName,
      checkInAt: input.checkInAt ?? null,
      checkOutAt: input.checkOutAt ?? null,
      channel: 'manual',
      creditHours: credit,
      addedHours: input.addedHours ?? 0,
    });
    if (!record) throw new AppError('CONFLICT', 'error.conflict', { what: 'record.exists' });
    await recordAudit(tx, ctx, {
      action: 'record.create',
      entityType: 'record',
      entityId: record.id,
      areaCode: facts.project.areaCode,
      summary: { credit, added: input.addedHours ?? 0, reason: input.reason ?? null },
    });
    return record;
  });
}

function hoursIssues(
  input: { checkInAt?: Date | null; checkOutAt?: Date | null; addedHours?: number; reason?: string },
  a: { startsAt: Date; endsAt: Date },
): Issue[] {
  const issues: Issue[] = [];
  if (input.checkOutAt && !input.checkInAt) issues.push({ field: 'checkInAt', rule: 'required', messageKey: 'record.checkInRequired' });
  if (input.checkInAt && input.checkOutAt && input.checkOutAt <= input.checkInAt)
    issues.push({ field: 'checkOutAt', rule: 'after_check_in', messageKey: 'record.outBeforeIn' });
  const length = hoursBetween(a.startsAt, a.endsAt);
  if ((input.addedHours ?? 0) > length)
    issues.push({
      field: 'addedHours',
      rule: 'activity_length',
      messageKey: 'record.addedTooMany',
      params: { hours: Math.round(length * 100) / 100 },
    });
  if ((input.addedHours ?? 0) > 0 && !input.reason?.trim())
    issues.push({ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' });
  return issues;
}

/** Completes a pending record (a late check-out, or added hours) before confirmation. */
export async function completeRecord(db: Db, ctx: Ctx, id: string, patch: Omit<RecordInput, 'enrollmentId' | 'content'>) {
  const record = await q.findRecord(db, id);
  if (!record) throw notFound('entity.record');
  authorize(ctx.actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
  const facts = record.enrollmentId ? await q.enrollmentFacts(db, record.enrollmentId) : undefined;
  if (!facts) throw notFound('entity.record');
  const merged = {
    checkInAt: patch.checkInAt ?? record.checkInAt,
    checkOutAt: patch.checkOutAt ?? record.checkOutAt,
    addedHours: patch.addedHours ?? record.addedHours,
    reason: patch.reason,
  };
  const issues = hoursIssues(merged, facts.activity);
  if (issues.length) throw validation(issues);
  const a = facts.activity;
  const credit =
    merged.checkInAt && merged.checkOutAt
      ? serviceHours(merged.checkInAt, merged.checkOutAt, { start: a.startsAt, end: a.endsAt }, await hoursRule(db))
      : 0;
  await db.transaction(async (tx) => {
    const locked = await q.lockRecord(tx, id);
    if (locked.status !== 'pending') throw new AppError('RULE_VIOLATION', 'record.notPending');
    await q.updateRecord(tx, id, {
      checkInAt: merged.checkInAt,
      checkOutAt: merged.checkOutAt,
      addedHours: merged.addedHours,
      creditHours: credit,
    });
    await recordAudit(tx, ctx, {
      action: 'record.complete',
      entityType: 'record',
      entityId: id,
      summary: { credit, added: merged.addedHours, reason: patch.reason ?? null },
    });
  });
  return q.findRecord(db, id);
}

/** The organizer confirms: the record's hours go into the ledger (credit and added apart), in the same transaction. */
export async function confirmRecord(db: Db, ledgerKey: Buffer, ctx: Ctx, id: string) {
  const record = await q.findRecord(db, id);
  if (!record) throw notFound('entity.record');
  authorize(ctx.actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
  const me = await selfOf(db, ctx.actor);
  await db.transaction(async (tx) => {
    const r = await q.lockRecord(tx, id);
    if (r.status !== 'pending') throw new AppError('RULE_VIOLATION', 'record.notPending');
    if (r.creditHours + r.addedHours <= 0) throw new AppError('RULE_VIOLATION', 'record.noHours');
    // Whoever records proves — but never their own hours.
    if (me?.id === r.volunteerId) throw new AppError('RULE_VIOLATION', 'record.ownHours');
    const at = new Date().toISOString();
    await q.updateRecord(tx, id, { status: 'confirmed', decidedBy: ctx.actor.accountId, decidedAt: new Date(at) });
    await appendLedger(tx, ledgerKey, [
      ...(r.creditHours > 0
        ? [{ volunteerId: r.volunteerId, recordId: r.id, kind: 'credit' as const, hours: String(r.creditHours), at }]
        : []),
      ...(r.addedHours > 0
        ? [{ volunteerId: r.volunteerId, recordId: r.id, kind: 'added' as const, hours: String(r.addedHours), at }]
        : []),
    ]);
    // What is built on hours (points) posts in this same transaction.
    await hoursLanded(tx, ledgerKey, { recordId: r.id, volunteerId: r.volunteerId, hours: r.creditHours + r.addedHours, at });
    await recordAudit(tx, ctx, {
      action: 'record.confirm',
      entityType: 'record',
      entityId: id,
      summary: { credit: r.creditHours, added: r.addedHours },
    });
  });
  return q.findRecord(db, id);
}

export async function rejectRecord(db: Db, ctx: Ctx, id: string, reason: string) {
  const record = await q.findRecord(db, id);
  if (!record) throw notFound('entity.record');
  authorize(ctx.actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
  if (!reason.trim()) throw validation([{ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' }]);
  await db.transaction(async (tx) => {
    const r = await q.lockRecord(tx, id);
    if (r.status !== 'pending') throw new AppError('RULE_VIOLATION', 'record.notPending');
    await q.updateRecord(tx, id, {
      status: 'rejected',
      rejectReason: reason.trim(),
      decidedBy: ctx.actor.accountId,
      decidedAt: new Date(),
    });
    await recordAudit(tx, ctx, { action: 'record.reject', entityType: 'record', entityId: id, summary: { reason: reason.trim() } });
  });
  return q.findRecord(db, id);
}

/** Records still to confirm, with the Art 11 deadline (10 working days) and whether it has passed. */
export async function pendingRecords(db: Db, actor: Actor, organizationId: string) {
  authorize(actor, 'record.manage', { organizationId }, 'entity.organization');
  const today = todayInChina();
  const isWorkingDay = await workingDays(db);
  return (await q.pendingOf(db, organizationId)).map((r) => {
    const deadline = recordDeadline(r.serviceDate, isWorkingDay);
    // Organizers see whose hours they confirm, masked as everywhere on screen (PIPL Art 51).
    return { ...r, volunteerName: maskName(r.volunteerName ?? ''), deadline, overdue: today > deadline };
  });
}

/** The city's star scheme (the honours page sets it), the national one until the city saves its own. */
export async function starSchemeOf(db: Executor): Promise<StarScheme> {
  return (await readSetting(db, 'stars')) ?? NATIONAL_STARS;
}

/** A volunteer's records, confirmed hours by year, organization and category, and stars. */
export async function myRecords(db: Db, actor: Actor) {
  const me = await requireSelf(db, actor, 'record.read');
  const scheme = await starSchemeOf(db);
  const summary = await q.hoursSummary(db, me.id);
  return {
    records: await q.recordsOfVolunteer(db, me.id),
    hours: summary,
    stars: { scheme: [...scheme], ...starProgress(summary.total, scheme) },
  };
}

/** A volunteer's confirmed hours in all and stars: what the hotline tells a caller who asks about them. */
export async function volunteerStanding(db: Db, volunteerId: string) {
  const scheme = await starSchemeOf(db);
  const { total } = await q.hoursSummary(db, volunteerId);
  return { totalHours: total, stars: starsFor(total, scheme) };
}

/** A volunteer asks to correct a confirmed record of theirs, saying what it should show and why. */
export async function requestCorrection(db: Db, ctx: Ctx, recordId: string, input: { requestedHours: number; reason: string }) {
  const me = await findSelf(db, ctx.actor, 'record.requestCorrection');
  const record = await q.findRecord(db, recordId);
  if (!record || !me || record.volunteerId !== me.id) throw notFound('entity.record');
  if (record.status !== 'confirmed') throw new AppError('RULE_VIOLATION', 'record.notConfirmed');
  if (!input.reason.trim()) throw validation([{ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' }]);
  if (input.requestedHours === (await q.ledgerHoursOf(db, recordId)))
    throw validation([{ field: 'requestedHours', rule: 'changed', messageKey: 'record.sameHours' }]);
  return db.transaction(async (tx) => {
    const c = await q.insertCorrection(tx, {
      recordId,
      volunteerId: me.id,
      requestedHours: input.requestedHours,
      reason: input.reason.trim(),
    });
    if (!c) throw new AppError('CONFLICT', 'error.conflict', { what: 'record.correctionOpen' });
    await recordAudit(tx, ctx, {
      action: 'record.correctionRequest',
      entityType: 'record',
      entityId: recordId,
      summary: { requestedHours: input.requestedHours },
    });
    return c;
  });
}

/**
 * The organizer decides a correction. Accepting adds a ledger entry for the difference (which may
 * be negative): history is never overwritten, and the record's hours are the sum of its entries.
 */
export async function decideCorrection(
  db: Db,
  ledgerKey: Buffer,
  ctx: Ctx,
  correctionId: string,
  accept: boolean,
  note: string | undefined,
) {
  return db.transaction(async (tx) => {
    const c = await q.lockCorrection(tx, correctionId);
    if (!c) throw notFound('entity.record');
    const record = (await q.findRecord(tx, c.recordId)) as q.RecordRow;
    authorize(ctx.actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
    if (c.status !== 'open') throw new AppError('RULE_VIOLATION', 'record.correctionDecided');
    if (!accept && !note?.trim()) throw validation([{ field: 'note', rule: 'required', messageKey: 'record.reasonRequired' }]);
    const current = await q.ledgerHoursOf(tx, c.recordId);
    const delta = Math.round((c.requestedHours - current) * 100) / 100;
    await q.decideCorrection(tx, correctionId, {
      status: accept ? 'accepted' : 'rejected',
      decidedBy: ctx.actor.accountId,
      decidedAt: new Date(),
      decisionNote: note?.trim() || null,
    });
    if (accept && delta !== 0) {
      const at = new Date().toISOString();
      await appendLedger(tx, ledgerKey, [
        { volunteerId: record.volunteerId, recordId: record.id, kind: 'correction', hours: String(delta), at },
      ]);
      await hoursLanded(tx, ledgerKey, {
        recordId: record.id,
        volunteerId: record.volunteerId,
        hours: c.requestedHours,
        correctionId: c.id,
        at,
      });
    }
    await recordAudit(tx, ctx, {
      action: accept ? 'record.correctionAccept' : 'record.correctionReject',
      entityType: 'record',
      entityId: record.id,
      summary: { delta: accept ? delta : 0, note: note ?? null },
    });
    return {
      id: correctionId,
      status: accept ? ('accepted' as const) : ('rejected' as const),
      delta: accept ? delta : 0,
      hours: accept ? c.requestedHours : current,
    };
  });
}

export async function openCorrections(db: Db, actor: Actor, organizationId: string) {
  authorize(actor, 'record.manage', { organizationId }, 'entity.organization');
  return (await q.openCorrectionsOf(db, organizationId)).map((c) => ({ ...c, volunteerName: maskName(c.volunteerName ?? '') }));
}
