import type { Db, Executor } from '../../db/client.ts';
import { chinaDate, chinaInstant, occurrences, ruleIssues, type WeeklyRule } from '../../domain/activities/schedule.ts';
import type { CHECKIN_METHODS } from '../../domain/attendance/methods.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { DEFAULT_LIMITS, type WorkloadLimits } from '../../domain/enrollment/eligibility.ts';
import type { ProjectStatus } from '../../domain/projects/lifecycle.ts';
import type { Issue, LanguageLevel } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { authorize, may } from '../../platform/policy.ts';
import { readSetting } from '../../platform/settings.ts';
import { notify } from '../notices/index.ts';
import { findProject } from '../projects/index.ts';
import { knownSkillCodes } from '../volunteers/index.ts';
import * as q from './activities.queries.ts';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** The city's working-time limits over the defaults (条例 Art 15: fit for the person). */
    workload: Partial<WorkloadLimits>;
  }
}

type Ctx = AuditContext & { actor: Actor };

export interface PositionInput {
  name: string;
  description?: string;
  headcount: number;
  reviewMode?: 'auto' | 'review';
  skills?: string[];
  languages?: { code: string; minLevel: LanguageLevel }[];
  minAge?: number | null;
  maxAge?: number | null;
  courseIds?: string[];
  minStars?: number;
  insuranceRequired?: boolean;
  minorsAllowed?: boolean;
  minorDailyHours?: number | null;
}

export interface PlaceInput {
  stationId?: string | null;
  address?: string;
  lat?: number | null;
  lng?: number | null;
  geofenceMeters?: number;
  checkinMethods?: (typeof CHECKIN_METHODS)[number][];
}

export interface ActivityInput extends PlaceInput {
  projectId: string;
  title: string;
  description?: string;
  /** A one-off activity… */
  startsAt?: Date;
  endsAt?: Date;
  /** …or a weekly series (China time). */
  series?: WeeklyRule;
  /** Applications close this many hours before the start (0: at the start). */
  applyHoursBefore?: number;
  /** Volunteers may cancel until this many hours before the start. */
  cancelHoursBefore?: number;
  positions: PositionInput[];
}

/** Activities can be planned once the project is approved; they end with it. */
const PLANNING: readonly ProjectStatus[] = ['approved', 'recruiting', 'running'];

const validation = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);
const HOUR = 3600_000;

/** Requirements no one could meet, or that contradict each other, are refused by field. */
async function positionIssues(db: Executor, list: PositionInput[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  const skills = await knownSkillCodes(db, [...new Set(list.flatMap((p) => p.skills ?? []))]);
  const courseIds = [...new Set(list.flatMap((p) => p.courseIds ?? []))];
  const courses = new Set(courseIds.length ? (await q.coursesAmong(db, courseIds)).map((c) => c.id) : []);
  list.forEach((p, i) => {
    const field = (name: string) => `positions.${i}.${name}`;
    for (const code of p.skills ?? [])
      if (!skills.has(code)) issues.push({ field: field('skills'), rule: 'exists', messageKey: 'field.unknownCode', params: { code } });
    for (const id of p.courseIds ?? [])
      if (!courses.has(id)) issues.push({ field: field('courseIds'), rule: 'exists', messageKey: 'activity.courseMissing' });
    if (p.minAge != null && p.maxAge != null && p.minAge > p.maxAge)
      issues.push({ field: field('maxAge'), rule: 'min_max', messageKey: 'activity.ageRange' });
    if (p.minorsAllowed && p.minAge != null && p.minAge >= 18)
      issues.push({ field: field('minorsAllowed'), rule: 'contradiction', messageKey: 'activity.minorsContradiction' });
    if (p.maxAge != null && p.maxAge < 18 && !p.minorsAllowed)
      issues.push({ field: field('maxAge'), rule: 'unreachable', messageKey: 'activity.onlyMinors' });
    if (p.minorDailyHours != null && !p.minorsAllowed)
      issues.push({ field: field('minorDailyHours'), rule: 'contradiction', messageKey: 'activity.minorHoursWithoutMinors' });
  });
  return issues;
}

async function placeOf(db: Executor, input: PlaceInput, issues: Issue[]) {
  if (input.stationId) {
    const station = await q.stationOf(db, input.stationId);
    if (!station) {
      issues.push({ field: 'stationId', rule: 'exists', messageKey: 'activity.stationMissing' });
      return undefined;
    }
    return {
      stationId: station.id,
      address: input.address?.trim() || station.address,
      lat: input.lat ?? station.lat,
      lng: input.lng ?? station.lng,
    };
  }
  if (!input.address?.trim()) issues.push({ field: 'address', rule: 'required', messageKey: 'activity.placeRequired' });
  if ((input.lat == null) !== (input.lng == null)) issues.push({ field: 'lng', rule: 'pair', messageKey: 'activity.coordinatesPair' });
  return { stationId: null, address: input.address?.trim() ?? '', lat: input.lat ?? null, lng: input.lng ?? null };
}

function timesOf(input: ActivityInput, now: Date, issues: Issue[]): { start: Date; end: Date }[] {
  if (input.series) {
    for (const i of ruleIssues(input.series))
      issues.push({ field: `series.${i.field}`, rule: i.rule, messageKey: `activity.series.${i.rule}` as Issue['messageKey'] });
    if (issues.length) return [];
    const list = occurrences(input.series);
    if (list.length === 0 || list[0].start < now) issues.push({ field: 'series.from', rule: 'future', messageKey: 'activity.inThePast' });
    return list;
  }
  if (!input.startsAt || !input.endsAt) {
    issues.push({ field: input.startsAt ? 'endsAt' : 'startsAt', rule: 'required', messageKey: 'activity.timeRequired' });
    return [];
  }
  if (input.endsAt <= input.startsAt) issues.push({ field: 'endsAt', rule: 'after_start', messageKey: 'activity.endBeforeStart' });
  else if (input.startsAt < now) issues.push({ field: 'startsAt', rule: 'future', messageKey: 'activity.inThePast' });
  return [{ start: input.startsAt, end: input.endsAt }];
}

/**
 * Plans a one-off activity or a weekly series (each occurrence its own activity with its own
 * copy of the positions). When the project requires insurance, every position does.
 */
export async function createActivities(db: Db, ctx: Ctx, input: ActivityInput, now = new Date()) {
  const found = await findProject(db, input.projectId);
  if (!found) throw notFound('entity.project');
  const project = found.project;
  authorize(ctx.actor, 'activity.manage', { organizationId: project.organizationId }, 'entity.project');
  if (!PLANNING.includes(project.status))
    throw new AppError('RULE_VIOLATION', 'activity.projectNotApproved', { from: `project.status.${project.status}` });
  const issues: Issue[] = [];
  const times = timesOf(input, now, issues);
  const place = await placeOf(db, input, issues);
  issues.push(...(await positionIssues(db, input.positions)));
  if (issues.length || !place) throw validation(issues);
  return db.transaction(async (tx) => {
    const seriesId = input.series ? await q.insertSeries(tx, { projectId: project.id, rule: input.series }) : null;
    const rows = await q.insertActivities(
      tx,
      times.map((t) => ({
        projectId: project.id,
        seriesId,
        title: input.title,
        description: input.description ?? '',
        startsAt: t.start,
        endsAt: t.end,
        ...place,
        geofenceMeters: input.geofenceMeters ?? 200,
        checkinMethods: input.checkinMethods ?? ['code', 'ecard', 'manual'],
        applyDeadline: new Date(t.start.getTime() - (input.applyHoursBefore ?? 0) * HOUR),
        cancelDeadline: new Date(t.start.getTime() - (input.cancelHoursBefore ?? 24) * HOUR),
      })),
    );
    await q.insertPositions(
      tx,
      rows.flatMap((a) =>
        input.positions.map((p, seq) => ({
          activityId: a.id,
          name: p.name,
          seq,
          description: p.description ?? '',
          headcount: p.headcount,
          reviewMode: p.reviewMode ?? 'auto',
          skills: p.skills ?? [],
          languages: p.languages ?? [],
          minAge: p.minAge ?? null,
          maxAge: p.maxAge ?? null,
          courseIds: p.courseIds ?? [],
          minStars: p.minStars ?? 0,
          insuranceRequired: project.insuranceRequired || !!p.insuranceRequired,
          minorsAllowed: !!p.minorsAllowed,
          minorDailyHours: p.minorDailyHours ?? null,
        })),
      ),
    );
    await recordAudit(tx, ctx, {
      action: 'activity.create',
      entityType: 'project',
      entityId: project.id,
      areaCode: project.areaCode,
      summary: { activities: rows.length, seriesId, title: input.title },
    });
    return rows;
  });
}

/** Activities of a public project are public like it (project.browse). */
const PUBLIC_PROJECT: readonly ProjectStatus[] = ['recruiting', 'running', 'closed', 'evaluated'];

/** What showing one activity checks: who may see it, and whether the screen offers managing it. */
export const DETAIL_ACTIONS = ['activity.manage', 'activity.read', 'project.browse'] as const satisfies readonly Action[];

export async function getActivity(db: Db, actor: Actor, id: string) {
  const row = await q.findActivity(db, id);
  if (!row) throw notFound('entity.activity');
  const scope = { areaCode: row.project.areaCode, organizationId: row.project.organizationId };
  const manages = may(actor, 'activity.manage', scope);
  const oversees = may(actor, 'activity.read', scope);
  const isPublic = PUBLIC_PROJECT.includes(row.project.status) && may(actor, 'project.browse', scope);
  if (!manages && !oversees && !isPublic) throw notFound('entity.activity');
  const positions = await q.positionsOf(db, [id]);
  const a = row.activity;
  return {
    ...a,
    project: row.project,
    stationName: row.stationName,
    mayManage: manages,
    positions: positions.map(({ position: p, applied, waitlisted }) => ({
      ...p,
      applied,
      waitlisted,
      free: p.headcount - p.acceptedCount,
    })),
  };
}

export async function projectActivities(db: Db, actor: Actor, projectId: string) {
  const found = await findProject(db, projectId);
  if (!found) throw notFound('entity.project');
  const p = found.project;
  const scope = { areaCode: p.areaCode, organizationId: p.organizationId };
  if (!may(actor, 'activity.read', scope) && !(PUBLIC_PROJECT.includes(p.status) && may(actor, 'project.browse', scope)))
    throw notFound('entity.project');
  const list = await q.activitiesOfProject(db, projectId);
  const positions = await q.positionsOf(
    db,
    list.map((a) => a.id),
  );
  return list.map((a) => {
    const own = positions.filter((p) => p.position.activityId === a.id);
    return {
      ...a,
      headcount: own.reduce((n, p) => n + p.position.headcount, 0),
      accepted: own.reduce((n, p) => n + p.position.acceptedCount, 0),
      positions: own.length,
    };
  });
}

export interface ActivityPatch extends PlaceInput {
  title?: string;
  description?: string;
  /** New times of day (China) for this occurrence, or for this and every later one of its series. */
  startTime?: string;
  endTime?: string;
}

/**
 * Changes one occurrence, or this and every later one of its series ("all future"). New times
 * keep each occurrence on its own day. Everyone holding or waiting for a place hears of it.
 */
export async function changeActivity(db: Db, ctx: Ctx, id: string, scope: 'one' | 'future', patch: ActivityPatch, now = new Date()) {
  const row = await q.findActivity(db, id);
  if (!row) throw notFound('entity.activity');
  authorize(ctx.actor, 'activity.manage', { organizationId: row.project.organizationId }, 'entity.activity');
  // A request's or an emergency call's shift changes only through the request or the call, which
  // keep their own counts and tell their own people.
  if (row.project.kind !== 'regular') throw new AppError('RULE_VIOLATION', 'activity.demandManaged');
  if (row.activity.status === 'cancelled') throw new AppError('RULE_VIOLATION', 'activity.cancelled');
  const targets =
    scope === 'future' && row.activity.seriesId ? await q.seriesFrom(db, row.activity.seriesId, row.activity.startsAt) : [row.activity];
  const issues: Issue[] = [];
  const hasPlace = patch.stationId !== undefined || patch.address !== undefined || patch.lat !== undefined;
  const place = hasPlace ? await placeOf(db, { ...row.activity, ...patch }, issues) : undefined;
  const startTime = patch.startTime;
  const endTime = patch.endTime;
  const changes = targets.map((a) => {
    const day = chinaDate(a.startsAt);
    const start = startTime ? chinaInstant(day, startTime) : a.startsAt;
    const end = endTime ? chinaInstant(day, endTime) : a.endsAt;
    return { a, start, end };
  });
  if (changes.some((c) => c.end <= c.start)) issues.push({ field: 'endTime', rule: 'after_start', messageKey: 'activity.endBeforeStart' });
  if ((startTime || endTime) && changes.some((c) => c.start < now))
    issues.push({ field: 'startTime', rule: 'future', messageKey: 'activity.inThePast' });
  if (issues.length) throw validation(issues);
  await db.transaction(async (tx) => {
    for (const c of changes) {
      const moved = c.start.getTime() - c.a.startsAt.getTime();
      await q.updateActivity(tx, c.a.id, {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(place ?? {}),
        ...(patch.geofenceMeters !== undefined ? { geofenceMeters: patch.geofenceMeters } : {}),
        ...(patch.checkinMethods !== undefined ? { checkinMethods: patch.checkinMethods } : {}),
        startsAt: c.start,
        endsAt: c.end,
        applyDeadline: new Date(c.a.applyDeadline.getTime() + moved),
        cancelDeadline: new Date(c.a.cancelDeadline.getTime() + moved),
      });
    }
    const ids = changes.map((c) => c.a.id);
    const people = await q.liveEnrollees(tx, ids);
    await notify(
      tx,
      people.map((p) => ({
        volunteerId: p.volunteerId,
        kind: 'activity.changed',
        params: { activityId: p.activityId, title: patch.title ?? row.activity.title },
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'activity.update',
      entityType: 'activity',
      entityId: id,
      areaCode: row.project.areaCode,
      summary: { scope, activities: ids.length, fields: Object.keys(patch) },
    });
  });
  return getActivity(db, ctx.actor, id);
}

/**
 * Inside the caller's transaction: the activities are cancelled, their live applications end with
 * the reason and their holders are told. Also what a cancelled service request does to its shift.
 */
export async function endActivities(tx: Executor, ids: string[], title: string, reason: string) {
  for (const id of ids) await q.updateActivity(tx, id, { status: 'cancelled' });
  const people = await q.liveEnrollees(tx, ids);
  await q.endEnrollments(tx, ids, reason.trim());
  await notify(
    tx,
    people.map((p) => ({
      volunteerId: p.volunteerId,
      kind: 'activity.cancelled',
      params: { activityId: p.activityId, title, reason: reason.trim() },
    })),
  );
}

/** Cancels one occurrence or the rest of its series: live applications end with the reason, and their holders are told. */
export async function cancelActivity(db: Db, ctx: Ctx, id: string, scope: 'one' | 'future', reason: string) {
  const row = await q.findActivity(db, id);
  if (!row) throw notFound('entity.activity');
  authorize(ctx.actor, 'activity.manage', { organizationId: row.project.organizationId }, 'entity.activity');
  if (row.project.kind !== 'regular') throw new AppError('RULE_VIOLATION', 'activity.demandManaged');
  if (!reason.trim()) throw validation([{ field: 'reason', rule: 'required', messageKey: 'activity.cancelReason' }]);
  if (row.activity.status === 'cancelled') throw new AppError('RULE_VIOLATION', 'activity.cancelled');
  const targets =
    scope === 'future' && row.activity.seriesId ? await q.seriesFrom(db, row.activity.seriesId, row.activity.startsAt) : [row.activity];
  await db.transaction(async (tx) => {
    const ids = targets.map((a) => a.id);
    await endActivities(tx, ids, row.activity.title, reason);
    await recordAudit(tx, ctx, {
      action: 'activity.cancel',
      entityType: 'activity',
      entityId: id,
      areaCode: row.project.areaCode,
      summary: { scope, activities: ids.length, reason: reason.trim() },
    });
  });
  return getActivity(db, ctx.actor, id);
}

/** The working-time limits for a project: the city's, with the project's own where it sets them. */
export async function limitsFor(db: Executor, projectLimits: Partial<WorkloadLimits> | null): Promise<WorkloadLimits> {
  const city = (await readSetting(db, 'workload')) ?? {};
  return { ...DEFAULT_LIMITS, ...city, ...(projectLimits ?? {}) };
}
