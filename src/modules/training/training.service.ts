import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import { findSelf, requireSelf } from '../volunteers/index.ts';
import * as q from './training.queries.ts';

type Ctx = AuditContext & { actor: Actor };

const validation = (field: string, rule: string, messageKey: MessageKey) =>
  new AppError('VALIDATION', 'error.validation', {}, [{ field, rule, messageKey }]);

export async function courses(db: Db, actor: Actor) {
  authorize(actor, 'training.read', {}, 'entity.course');
  return q.listCourses(db);
}

/** The courses I completed: part of my own record. */
export async function myCompletions(db: Db, actor: Actor) {
  const me = await findSelf(db, actor, 'volunteer.read');
  return me ? q.completionsOfVolunteer(db, me.id) : [];
}

/**
 * Training courses (MCA 2020 measures, Art 8): an organization runs its own; an office runs
 * courses for its area under its own name.
 */
export async function addCourse(
  db: Db,
  ctx: Ctx,
  input: { name: string; content?: string; durationHours: number; organizationId?: string | null; organizerName?: string },
) {
  let organizerName = input.organizerName?.trim() ?? '';
  let areaCode: string | null = null;
  if (input.organizationId) {
    authorize(ctx.actor, 'training.manage', { organizationId: input.organizationId }, 'entity.organization');
    const org = await q.organizationName(db, input.organizationId);
    if (!org) throw notFound('entity.organization');
    organizerName = org.name;
  } else {
    // An office's course belongs to the office's area: only offices over that area record it.
    const office = ctx.actor.grants.find((g) => g.areaCode && g.role.endsWith('_admin'));
    areaCode = office?.areaCode ?? null;
    authorize(ctx.actor, 'training.manage', { areaCode }, 'entity.course');
    if (!organizerName) throw validation('organizerName', 'required', 'training.organizationRequired');
  }
  return db.transaction(async (tx) => {
    const course = await q.insertCourse(tx, {
      name: input.name,
      content: input.content ?? '',
      durationHours: input.durationHours,
      organizationId: input.organizationId ?? null,
      areaCode,
      organizerName,
    });
    await recordAudit(tx, ctx, { action: 'training.create', entityType: 'course', entityId: course.id, summary: { name: course.name } });
    return course;
  });
}

/** Who runs a course: its organization, or the offices over the area of the office that made it. */
const courseScope = (course: { organizationId: string | null; areaCode: string | null }) =>
  course.organizationId ? { organizationId: course.organizationId } : { areaCode: course.areaCode };

/** Completions are recorded by the course's organizer, naming the volunteer by their public number. */
export async function recordCompletion(
  db: Db,
  ctx: Ctx,
  courseId: string,
  input: { volunteerNo: string; completedOn: string; certificateNo?: string | null },
) {
  const course = await q.findCourse(db, courseId);
  if (!course) throw notFound('entity.course');
  authorize(ctx.actor, 'training.manage', courseScope(course), 'entity.course');
  const volunteer = await q.volunteerByNo(db, input.volunteerNo.trim().toUpperCase());
  if (!volunteer) throw validation('volunteerNo', 'exists', 'training.volunteerMissing');
  if (input.completedOn > todayInChina()) throw validation('completedOn', 'not_future', 'training.completedInFuture');
  return db.transaction(async (tx) => {
    const row = await q.recordCompletion(tx, {
      courseId,
      volunteerId: volunteer.id,
      completedOn: input.completedOn,
      certificateNo: input.certificateNo ?? null,
      recordedBy: ctx.actor.accountId,
    });
    await recordAudit(tx, ctx, {
      action: 'training.complete',
      entityType: 'course',
      entityId: courseId,
      areaCode: volunteer.areaCode,
      summary: { volunteerId: volunteer.id, completedOn: input.completedOn },
    });
    return { recorded: !!row, volunteerId: volunteer.id, name: volunteer.name };
  });
}

export async function completions(db: Db, actor: Actor, courseId: string) {
  const course = await q.findCourse(db, courseId);
  if (!course) throw notFound('entity.course');
  authorize(actor, 'training.manage', courseScope(course), 'entity.course');
  return q.completionsOf(db, courseId);
}

export interface PolicyInput {
  kind: 'personal' | 'group';
  organizationId?: string | null;
  insurer: string;
  policyNo: string;
  startsOn: string;
  endsOn: string;
  coverage?: string;
}

/** Accident insurance (条例 Art 17): a volunteer files their own policy; an organization its group policy. */
export async function addPolicy(db: Db, ctx: Ctx, input: PolicyInput) {
  if (input.endsOn < input.startsOn) throw validation('endsOn', 'after_start', 'training.periodReversed');
  let holder: { volunteerId: string | null; organizationId: string | null };
  if (input.kind === 'group') {
    if (!input.organizationId) throw validation('organizationId', 'required', 'training.organizationRequired');
    authorize(ctx.actor, 'insurance.manage', { organizationId: input.organizationId }, 'entity.organization');
    holder = { volunteerId: null, organizationId: input.organizationId };
  } else {
    // A role that files no policy of its own gets the 404 of a policy out of reach; a volunteer without a record, the 422.
    authorize(ctx.actor, 'insurance.manage', { accountId: ctx.actor.accountId }, 'entity.policy');
    const me = await requireSelf(db, ctx.actor, 'insurance.manage');
    holder = { volunteerId: me.id, organizationId: null };
  }
  return db.transaction(async (tx) => {
    const policy = await q.insertPolicy(tx, {
      kind: input.kind,
      ...holder,
      insurer: input.insurer,
      policyNo: input.policyNo,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      coverage: input.coverage ?? '',
      createdBy: ctx.actor.accountId,
    });
    await recordAudit(tx, ctx, {
      action: 'insurance.add',
      entityType: 'policy',
      entityId: policy.id,
      summary: { kind: input.kind, ...holder },
    });
    return policy;
  });
}

export async function myPolicies(db: Db, actor: Actor, organizationId?: string) {
  if (organizationId) {
    authorize(actor, 'insurance.manage', { organizationId }, 'entity.organization');
    return q.policiesFor(db, { organizationId });
  }
  const me = await findSelf(db, actor, 'insurance.manage');
  return me ? q.policiesFor(db, { volunteerId: me.id }) : [];
}
