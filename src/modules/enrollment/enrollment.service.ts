import type { Db, Executor } from '../../db/client.ts';
import { chinaDate, chinaTime } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type Reason, requirementReasons, type Shift, workloadReasons } from '../../domain/enrollment/eligibility.ts';
import {
  type EnrollmentEvent,
  type EnrollmentStatus,
  enrollmentStep,
  landing,
  type Place,
  promotedTo,
} from '../../domain/enrollment/enrollment.ts';
import { ageOn } from '../../domain/identity/index.ts';
import { NATIONAL_STARS, starsFor } from '../../domain/records/stars.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import { enUS } from '../../platform/i18n/ui/en-US.ts';
import { zhCN } from '../../platform/i18n/ui/zh-CN.ts';
import { authorize, may } from '../../platform/policy.ts';
import { readSetting } from '../../platform/settings.ts';
import {
  type ActivityRow,
  browse,
  homeOf as browseHome,
  findActivity,
  limitsFor,
  type PositionRow,
  positionsOf,
} from '../activities/index.ts';
import { notify } from '../notices/index.ts';
import { findSelf, requireSelf } from '../volunteers/index.ts';
import * as q from './enrollment.queries.ts';

type Ctx = AuditContext & { actor: Actor; locale: Locale };
type ActivityFacts = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

/** Applications are open while the project recruits or runs and the activity is ahead. */
const OPEN_PROJECT = ['recruiting', 'running'];

/** A person's stars: the hours confirmed in the ledger, on the city's scheme. */
async function starsOf(db: Executor, volunteerId: string) {
  const hours = await q.confirmedHoursOf(db, volunteerId);
  return starsFor(hours, (await readSetting(db, 'stars')) ?? NATIONAL_STARS);
}

/** Everything that stands between a person and a position on an activity. */
export async function reasonsFor(db: Executor, volunteerId: string, found: ActivityFacts, position: PositionRow): Promise<Reason[]> {
  const a = found.activity;
  const day = chinaDate(a.startsAt);
  const facts = await q.personFacts(db, volunteerId, day, found.project.organizationId);
  const courses = await q.courseNames(db, position.courseIds);
  const reasons = requirementReasons(
    {
      skills: position.skills,
      languages: position.languages,
      minAge: position.minAge,
      maxAge: position.maxAge,
      courses: position.courseIds.map((id) => ({ id, name: courses.find((c) => c.id === id)?.name ?? id })),
      minStars: position.minStars,
      insuranceRequired: position.insuranceRequired,
      minorsAllowed: position.minorsAllowed,
      minorDailyHours: position.minorDailyHours,
    },
    {
      birthDate: facts.v.birthDate,
      skills: facts.v.skills,
      languages: facts.v.languages,
      completedCourses: facts.completedCourses,
      // Only a position that asks for stars needs the ledger read.
      stars: position.minStars > 0 ? await starsOf(db, volunteerId) : 0,
      guardianConsent: !!facts.v.guardianConsentAt,
      insured: facts.insured,
    },
    day,
  );
  const held: Shift[] = await q.heldShifts(db, volunteerId, a.startsAt);
  const minor = facts.v.birthDate ? ageOn(facts.v.birthDate, day) < 18 : false;
  const limits = await limitsFor(db, found.project.workloadLimits);
  reasons.push(
    ...workloadReasons({ id: a.id, title: a.title, start: a.startsAt, end: a.endsAt }, held, limits, minor, position.minorDailyHours),
  );
  return reasons;
}

const LABELS = { 'zh-CN': zhCN, 'en-US': enUS } as const;

/** Reasons as issues with their words: skill and language names, levels and times in the reader's language. */
export async function explain(db: Executor, locale: Locale, reasons: Reason[]): Promise<Issue[]> {
  const codes = reasons.flatMap((r) => (r.rule === 'skill' || r.rule === 'skill_expired' ? [r.skill] : []));
  const names = new Map(
    codes.length ? (await q.skillsByCode(db, codes)).map((s) => [s.code, locale === 'zh-CN' ? s.nameZh : s.nameEn]) : [],
  );
  const vol = LABELS[locale].vol;
  return reasons.map((r) => {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'rule' && (typeof v === 'string' || typeof v === 'number')) params[k] = v;
    if (r.rule === 'skill' || r.rule === 'skill_expired') params.skill = names.get(r.skill) ?? r.skill;
    if (r.rule === 'language') {
      params.language = (vol.languageNames as Record<string, string>)[r.language] ?? r.language;
      params.minLevel = vol.languageLevels[r.minLevel];
    }
    if (r.rule === 'overlap') params.time = `${chinaDate(r.start)} ${chinaTime(r.start)}–${chinaTime(r.end)}`;
    return { field: 'positionId', rule: r.rule, messageKey: `reason.${r.rule}` as MessageKey, params };
  });
}

const placeOf = (p: PositionRow): Place => ({ headcount: p.headcount, accepted: p.acceptedCount, reviewMode: p.reviewMode });

async function loadOpen(db: Executor, position: PositionRow, now: Date) {
  const found = await findActivity(db, position.activityId);
  // A service request's shift is not open to applications: it answers like a missing position.
  if (found?.project.kind !== 'regular') throw notFound('entity.position');
  const a = found.activity;
  if (a.status !== 'scheduled' || !OPEN_PROJECT.includes(found.project.status)) throw new AppError('RULE_VIOLATION', 'enrollment.notOpen');
  if (now >= a.applyDeadline)
    throw new AppError('RULE_VIOLATION', 'enrollment.deadline', {
      deadline: `${chinaDate(a.applyDeadline)} ${chinaTime(a.applyDeadline)}`,
    });
  return found;
}

/**
 * A volunteer applies for a position. Under the person's lock and then the position's, the
 * rules are checked and the place is counted: accepted at once (or for the organizer's review)
 * while places remain, waitlisted in order once full. Never overbooked, whatever the concurrency.
 */
export async function apply(db: Db, ctx: Ctx, positionId: string, now = new Date()) {
  const me = await requireSelf(db, ctx.actor, 'enrollment.apply', { takingPart: true });
  return db.transaction(async (tx) => {
    await q.lockVolunteer(tx, me.id);
    const position = await q.lockPosition(tx, positionId);
    if (!position) throw notFound('entity.position');
    const found = await loadOpen(tx, position, now);
    if (await q.liveEnrollment(tx, positionId, me.id)) throw new AppError('CONFLICT', 'enrollment.already');
    const reasons = await reasonsFor(tx, me.id, found, position);
    if (reasons.length) {
      const issues = await explain(tx, ctx.locale, reasons);
      const words = issues.map((i) => translate(ctx.locale, i.messageKey, i.params)).join(ctx.locale === 'zh-CN' ? '；' : '; ');
      throw new AppError('RULE_VIOLATION', 'enrollment.notEligible', { reasons: words }, issues);
    }
    const status = landing(placeOf(position));
    const waitlistNo = status === 'waitlisted' ? position.waitlistSeq + 1 : null;
    await q.setPositionCounts(tx, positionId, {
      acceptedCount: position.acceptedCount + (status === 'accepted' ? 1 : 0),
      waitlistSeq: waitlistNo ?? position.waitlistSeq,
    });
    const enrollment = await q.insertEnrollment(tx, {
      positionId,
      activityId: position.activityId,
      volunteerId: me.id,
      status,
      waitlistNo,
      decidedAt: status === 'accepted' ? now : null,
    });
    await notify(tx, [
      { volunteerId: me.id, kind: `enrollment.${status}`, params: { activityId: position.activityId, title: found.activity.title } },
    ]);
    return enrollment;
  });
}

/**
 * An office or organization places a volunteer on a position themselves (a service request's
 * shift): the same rules as applying — requirements and working-time limits — and never past the
 * headcount, but accepted at once. Runs in the caller's transaction; answers the enrollment's id.
 */
export async function placeVolunteer(tx: Executor, locale: Locale, positionId: string, volunteerId: string, now = new Date()) {
  await q.lockVolunteer(tx, volunteerId);
  const position = await q.lockPosition(tx, positionId);
  if (!position) throw notFound('entity.position');
  const found = await findActivity(tx, position.activityId);
  if (!found) throw notFound('entity.position');
  // No one is placed on a shift that was cancelled or has already ended (an emergency call past its
  // end time, a request whose shift the organization cancelled).
  if (found.activity.status !== 'scheduled') throw new AppError('RULE_VIOLATION', 'enrollment.notOpen');
  if (now >= found.activity.endsAt)
    throw new AppError('RULE_VIOLATION', 'enrollment.ended', {
      end: `${chinaDate(found.activity.endsAt)} ${chinaTime(found.activity.endsAt)}`,
    });
  const live = await q.liveEnrollment(tx, positionId, volunteerId);
  if (live?.status === 'accepted') return live.id;
  if (live) throw new AppError('CONFLICT', 'enrollment.already');
  if (position.acceptedCount >= position.headcount) throw new AppError('RULE_VIOLATION', 'enrollment.full');
  const reasons = await reasonsFor(tx, volunteerId, found, position);
  if (reasons.length) {
    const issues = await explain(tx, locale, reasons);
    const words = issues.map((i) => translate(locale, i.messageKey, i.params)).join(locale === 'zh-CN' ? '；' : '; ');
    throw new AppError('RULE_VIOLATION', 'enrollment.notEligible', { reasons: words }, issues);
  }
  await q.setPositionCounts(tx, positionId, { acceptedCount: position.acceptedCount + 1 });
  const enrollment = await q.insertEnrollment(tx, {
    positionId,
    activityId: position.activityId,
    volunteerId,
    status: 'accepted',
    decidedAt: now,
  });
  await notify(tx, [
    { volunteerId, kind: 'enrollment.accepted', params: { activityId: position.activityId, title: found.activity.title } },
  ]);
  return enrollment.id;
}

/**
 * A place freed: the waitlist moves up in order. Someone the rules no longer allow (a shift
 * accepted since, say) keeps their turn and is passed over this time.
 */
async function promote(tx: Executor, position: PositionRow, found: ActivityFacts) {
  let accepted = position.acceptedCount;
  if (accepted >= position.headcount) return;
  for (const next of await q.waitlist(tx, position.id)) {
    if (accepted >= position.headcount) break;
    if ((await reasonsFor(tx, next.volunteerId, found, position)).length) continue;
    const to = promotedTo(position.reviewMode);
    await q.setStatus(tx, next.id, to);
    if (to === 'accepted') accepted++;
    await notify(tx, [
      {
        volunteerId: next.volunteerId,
        kind: 'enrollment.promoted',
        params: { activityId: position.activityId, title: found.activity.title, status: to },
      },
    ]);
    // In review mode one promoted applicant waits for the organizer; do not empty the waitlist.
    if (to !== 'accepted') break;
  }
  await q.setPositionCounts(tx, position.id, { acceptedCount: accepted });
}

/** Takes a step on an application and keeps the count of places with it; a freed place goes to the waitlist. */
async function step(tx: Executor, enrollmentId: string, event: EnrollmentEvent, reason: string | null) {
  const current = await q.findEnrollment(tx, enrollmentId);
  if (!current) throw notFound('entity.enrollment');
  const position = await q.lockPosition(tx, current.positionId);
  const e = (await q.findEnrollment(tx, enrollmentId)) as q.EnrollmentRow;
  const outcome = enrollmentStep(e.status, event, placeOf(position));
  if (!outcome.ok) {
    if (outcome.rule === 'full') throw new AppError('RULE_VIOLATION', 'enrollment.full');
    throw new AppError('RULE_VIOLATION', 'enrollment.badTransition', { from: `enrollment.status.${e.status}` });
  }
  await q.setStatus(tx, e.id, outcome.to, reason);
  const delta = (outcome.to === 'accepted' ? 1 : 0) - (e.status === 'accepted' && outcome.to !== 'no_show' ? 1 : 0);
  const updated = { ...position, acceptedCount: position.acceptedCount + delta };
  await q.setPositionCounts(tx, position.id, { acceptedCount: updated.acceptedCount });
  return { before: e.status as EnrollmentStatus, to: outcome.to, position: updated, enrollment: e };
}

/** The volunteer cancels their own application, until the activity's cancel deadline. */
export async function cancelOwn(db: Db, ctx: Ctx, enrollmentId: string, now = new Date()) {
  const me = await requireSelf(db, ctx.actor, 'enrollment.apply', { takingPart: true });
  const e = await q.findEnrollment(db, enrollmentId);
  if (!e || e.volunteerId !== me.id) throw notFound('entity.enrollment');
  const found = await findActivity(db, e.activityId);
  if (!found) throw notFound('entity.enrollment');
  // Leaving a request's or a call's shift unseen would leave its place counted and nobody coming.
  if (found.project.kind !== 'regular') throw new AppError('RULE_VIOLATION', 'enrollment.demandManaged');
  const deadline = found.activity.cancelDeadline;
  if (now >= deadline)
    throw new AppError('RULE_VIOLATION', 'enrollment.cancelDeadline', { deadline: `${chinaDate(deadline)} ${chinaTime(deadline)}` });
  await db.transaction(async (tx) => {
    const done = await step(tx, enrollmentId, 'cancel', null);
    if (done.before === 'accepted') await promote(tx, done.position, found);
  });
  return q.findEnrollment(db, enrollmentId);
}

/**
 * The organizer decides: accept (while places remain), reject with a reason, cancel with a
 * reason, or mark a no-show once the activity has started. Each decision is audited and told.
 */
export async function decide(db: Db, ctx: Ctx, enrollmentId: string, event: EnrollmentEvent, reason: string | undefined, now = new Date()) {
  const e = await q.findEnrollment(db, enrollmentId);
  if (!e) throw notFound('entity.enrollment');
  const found = await findActivity(db, e.activityId);
  if (!found) throw notFound('entity.enrollment');
  authorize(ctx.actor, 'activity.manage', { organizationId: found.project.organizationId }, 'entity.enrollment');
  const text = reason?.trim() || null;
  if ((event === 'reject' || event === 'cancel') && !text)
    throw new AppError('VALIDATION', 'error.validation', {}, [
      { field: 'reason', rule: 'required', messageKey: 'enrollment.reasonRequired' },
    ]);
  if (event === 'no_show' && now < found.activity.startsAt) throw new AppError('RULE_VIOLATION', 'enrollment.notStarted');
  await db.transaction(async (tx) => {
    const done = await step(tx, enrollmentId, event, text);
    if (done.before === 'accepted' && done.to !== 'no_show') await promote(tx, done.position, found);
    await notify(tx, [
      {
        volunteerId: e.volunteerId,
        kind: `enrollment.${done.to}`,
        params: { activityId: e.activityId, title: found.activity.title, ...(text ? { reason: text } : {}) },
      },
    ]);
    await recordAudit(tx, ctx, {
      action: `enrollment.${event}`,
      entityType: 'enrollment',
      entityId: enrollmentId,
      areaCode: found.project.areaCode,
      summary: { from: done.before, to: done.to, reason: text },
    });
  });
  return q.findEnrollment(db, enrollmentId);
}

/**
 * The signed-in volunteer who may apply now: an active record. Anyone else (no record, not a
 * volunteer, suspended) is eligible for nothing.
 */
async function applicant(db: Executor, actor: Actor) {
  const me = await findSelf(db, actor, 'enrollment.apply');
  return me?.status === 'active' ? me : undefined;
}

/** My applications for activities that have not ended. */
export async function myEnrollments(db: Db, actor: Actor, now = new Date()) {
  const me = await findSelf(db, actor, 'enrollment.apply');
  return me ? q.myEnrollments(db, me.id, now) : [];
}

/** Per position, why this volunteer could or could not apply now (the "I am eligible" view). */
export async function eligibility(db: Db, ctx: Ctx, activityId: string) {
  const me = await applicant(db, ctx.actor);
  const found = await findActivity(db, activityId);
  if (!found) throw notFound('entity.activity');
  const list = await positionsOf(db, [activityId]);
  return Promise.all(
    list.map(async ({ position }) => {
      const reasons = me ? await reasonsFor(db, me.id, found, position) : [];
      return {
        positionId: position.id,
        eligible: !!me && reasons.length === 0,
        reasons: (await explain(db, ctx.locale, reasons)).map((i) => ({ rule: i.rule, messageKey: i.messageKey, params: i.params ?? {} })),
      };
    }),
  );
}

export async function rosterOf(db: Db, actor: Actor, activityId: string) {
  const found = await findActivity(db, activityId);
  if (!found) throw notFound('entity.activity');
  const scope = { areaCode: found.project.areaCode, organizationId: found.project.organizationId };
  if (!may(actor, 'activity.read', scope)) throw notFound('entity.activity');
  const day = chinaDate(found.activity.startsAt);
  return (await q.roster(db, activityId)).map(({ birthDate, ...r }) => ({ ...r, age: birthDate ? ageOn(birthDate, day) : null }));
}

export type { ActivityRow };

export interface FindFilter {
  from?: Date;
  to?: Date;
  categoryCode?: string;
  skill?: string;
  q?: string;
  near?: 'home' | { lat: number; lng: number };
  radiusKm?: number;
  /** Only activities with at least one position this volunteer may apply for now. */
  eligibleOnly?: boolean;
  page: number;
  pageSize: number;
}

/** Where "near my home" measures from: my community's centre. */
async function homeOrigin(db: Db, actor: Actor) {
  const me = await findSelf(db, actor, 'enrollment.apply');
  return me ? browseHome(db, me.areaCode) : undefined;
}

/** How many candidates the "I am eligible" filter looks through for one page. */
const ELIGIBLE_SCAN = 200;

/**
 * Finding activities to join: by date, category, skill, words and distance from home or from
 * where the phone is; with "I am eligible", only those with a position the volunteer may take.
 */
export async function findActivities(db: Db, ctx: Ctx, f: FindFilter) {
  // Activities that recruit are those of public projects.
  authorize(ctx.actor, 'project.browse', {}, 'entity.activity');
  const origin = f.near === 'home' ? await homeOrigin(db, ctx.actor) : f.near;
  const base = { from: f.from ?? new Date(), to: f.to, categoryCode: f.categoryCode, skill: f.skill, q: f.q, origin, radiusKm: f.radiusKm };
  if (!f.eligibleOnly) return browse(db, { ...base, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
  const me = await applicant(db, ctx.actor);
  if (!me) return [];
  const candidates = await browse(db, { ...base, limit: ELIGIBLE_SCAN, offset: 0 });
  const eligible = [];
  for (const c of candidates) {
    const found = await findActivity(db, c.id);
    if (!found) continue;
    for (const { position } of await positionsOf(db, [c.id])) {
      if ((await reasonsFor(db, me.id, found, position)).length === 0) {
        eligible.push(c);
        break;
      }
    }
    if (eligible.length >= f.page * f.pageSize) break;
  }
  return eligible.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
}
