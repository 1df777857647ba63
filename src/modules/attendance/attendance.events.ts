import { and, desc, eq, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { activities, attendanceEvents, enrollments, organizations, projects, serviceRecords } from '../../db/schema.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import { distanceMeters } from '../../domain/attendance/codes.ts';
import { DEFAULT_HOURS_RULE, type HoursRule, serviceHours } from '../../domain/records/hours.ts';
import { setting } from '../activities/activities.queries.ts';

/**
 * Writing one check-in or check-out, whatever the channel: idempotent on its key, checked for
 * anomalies, and — when nothing is doubtful — paired into the person's service record (check-in
 * opens a pending record, check-out completes it with credit hours).
 */
export type Channel = 'code' | 'ecard' | 'device' | 'geofence' | 'manual';

export interface EventInput {
  eventKey: string;
  activityId: string | null;
  volunteerId: string | null;
  /** 'toggle': in if the person is not checked in to the activity, out if they are. */
  kind: 'in' | 'out' | 'toggle';
  at: Date;
  channel: Channel;
  deviceId?: string | null;
  cardRef?: string | null;
  lat?: number | null;
  lng?: number | null;
  reason?: string | null;
  recordedBy?: string | null;
  /** Anomalies found before the event got here (a time from the future, an unknown card). */
  anomalies?: string[];
}

export interface EventResult {
  id: string;
  kind: 'in' | 'out';
  /** dismissed: only for a repeat of an event the organizer has since dismissed. */
  status: 'accepted' | 'review' | 'dismissed';
  anomalies: string[];
  duplicate: boolean;
}

const MAX_DAY_HOURS = 12;

async function activityFacts(tx: Executor, activityId: string) {
  const [row] = await tx
    .select({
      activity: activities,
      projectId: projects.id,
      categoryCode: projects.categoryCode,
      organizationId: projects.organizationId,
      contactName: organizations.contactName,
    })
    .from(activities)
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(activities.id, activityId));
  return row;
}

async function lastEvent(tx: Executor, volunteerId: string, activityId: string) {
  const [row] = await tx
    .select({ kind: attendanceEvents.kind, at: attendanceEvents.at })
    .from(attendanceEvents)
    .where(
      and(
        eq(attendanceEvents.volunteerId, volunteerId),
        eq(attendanceEvents.activityId, activityId),
        eq(attendanceEvents.status, 'accepted'),
      ),
    )
    .orderBy(desc(attendanceEvents.at))
    .limit(1);
  return row;
}

/** Checked in elsewhere right now: an accepted check-in without check-out at another activity whose time overlaps this one. */
async function elsewhere(tx: Executor, volunteerId: string, activity: { id: string; startsAt: Date; endsAt: Date }) {
  const rows = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int n from activities a
      where a.id <> ${activity.id} and a.starts_at < ${activity.endsAt} and a.ends_at > ${activity.startsAt}
        and (select e.kind from attendance_events e where e.volunteer_id = ${volunteerId} and e.activity_id = a.id and e.status = 'accepted'
             order by e.at desc limit 1) = 'in'`),
  );
  return rows[0].n > 0;
}

/** Credited hours already on the person's records of that China day. */
async function dayHours(tx: Executor, volunteerId: string, day: string, exceptRecord?: string) {
  const [row] = rowsOf<{ h: number }>(
    await tx.execute(sql`select coalesce(sum(credit_hours + added_hours), 0)::float8 h from service_records
      where volunteer_id = ${volunteerId} and service_date = ${day} and status <> 'rejected' ${exceptRecord ? sql`and id <> ${exceptRecord}` : sql``}`),
  );
  return row.h;
}

type ActivityFacts = NonNullable<Awaited<ReturnType<typeof activityFacts>>>;
interface Closing {
  record: typeof serviceRecords.$inferSelect;
  credit: number;
  /** The record's hours once closed: credit and added. */
  total: number;
}

/** The pending record a check-out at `at` closes, and the credit hours it earns (clipped and rounded by the city's rule). */
async function closingOf(tx: Executor, facts: ActivityFacts, enrollmentId: string, at: Date): Promise<Closing | undefined> {
  const [record] = await tx
    .select()
    .from(serviceRecords)
    .where(and(eq(serviceRecords.enrollmentId, enrollmentId), eq(serviceRecords.status, 'pending')));
  if (!record?.checkInAt) return undefined;
  const rule = (await setting<HoursRule>(tx, 'hours')) ?? DEFAULT_HOURS_RULE;
  const credit = serviceHours(record.checkInAt, at, { start: facts.activity.startsAt, end: facts.activity.endsAt }, rule);
  return { record, credit, total: credit + record.addedHours };
}

async function closeRecord(tx: Executor, closing: Closing, at: Date) {
  await tx.update(serviceRecords).set({ checkOutAt: at, creditHours: closing.credit }).where(eq(serviceRecords.id, closing.record.id));
}

/** A check-in opens the person's pending service record for the activity (once). */
async function openRecord(tx: Executor, facts: ActivityFacts, volunteerId: string, enrollmentId: string, at: Date, channel: Channel) {
  const a = facts.activity;
  await tx
    .insert(serviceRecords)
    .values({
      volunteerId,
      activityId: a.id,
      enrollmentId,
      projectId: facts.projectId,
      organizationId: facts.organizationId,
      activityTitle: a.title,
      serviceDate: chinaDate(a.startsAt),
      place: a.address,
      content: a.description.replace(/<[^>]*>/g, '').slice(0, 500),
      categoryCode: facts.categoryCode,
      personInCharge: facts.contactName,
      checkInAt: at,
      channel,
    })
    .onConflictDoNothing();
}

/**
 * The organizer accepted an event kept for review: it counts as if nothing had been doubtful —
 * a check-in opens the record, a check-out closes it — for a person on the activity's roster.
 * Answers false when there is no such person (unknown card, no activity, not on the roster).
 */
export async function applyAccepted(tx: Executor, event: typeof attendanceEvents.$inferSelect): Promise<boolean> {
  if (!event.activityId || !event.volunteerId) return false;
  const facts = await activityFacts(tx, event.activityId);
  const [e] = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(
      and(eq(enrollments.activityId, event.activityId), eq(enrollments.volunteerId, event.volunteerId), eq(enrollments.status, 'accepted')),
    );
  if (!facts || !e) return false;
  if (event.kind === 'in') await openRecord(tx, facts, event.volunteerId, e.id, event.at, event.channel);
  else {
    const closing = await closingOf(tx, facts, e.id, event.at);
    if (!closing || event.at <= (closing.record.checkInAt as Date)) return false;
    await closeRecord(tx, closing, event.at);
  }
  return true;
}

export async function writeEvent(tx: Executor, input: EventInput): Promise<EventResult> {
  const [existing] = await tx.select().from(attendanceEvents).where(eq(attendanceEvents.eventKey, input.eventKey));
  if (existing) return { id: existing.id, kind: existing.kind, status: existing.status, anomalies: existing.anomalies, duplicate: true };

  const anomalies = [...(input.anomalies ?? [])];
  const facts = input.activityId ? await activityFacts(tx, input.activityId) : undefined;
  if (!facts) anomalies.push('no_activity');
  if (!input.volunteerId) anomalies.push('unknown_card');
  const last = facts && input.volunteerId ? await lastEvent(tx, input.volunteerId, facts.activity.id) : undefined;
  const kind: 'in' | 'out' = input.kind === 'toggle' ? (last?.kind === 'in' ? 'out' : 'in') : input.kind;

  let enrollmentId: string | undefined;
  if (facts && input.volunteerId) {
    const a = facts.activity;
    const [e] = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(and(eq(enrollments.activityId, a.id), eq(enrollments.volunteerId, input.volunteerId), eq(enrollments.status, 'accepted')));
    enrollmentId = e?.id;
    if (!e) anomalies.push('not_on_roster');
    if (input.channel === 'geofence') {
      const there = a.lat != null && a.lng != null && input.lat != null && input.lng != null;
      if (
        !there ||
        distanceMeters({ lat: input.lat as number, lng: input.lng as number }, { lat: a.lat as number, lng: a.lng as number }) >
          a.geofenceMeters
      )
        anomalies.push('outside_geofence');
    }
    if (
      Math.abs(input.at.getTime() - a.startsAt.getTime()) > 12 * 3600_000 &&
      Math.abs(input.at.getTime() - a.endsAt.getTime()) > 12 * 3600_000
    )
      anomalies.push('outside_window');
    if (kind === 'in' && (await elsewhere(tx, input.volunteerId, a))) anomalies.push('two_places');
    if (kind === 'out' && last?.kind !== 'in') anomalies.push('out_without_in');
    if (kind === 'out' && last?.kind === 'in' && input.at <= last.at) anomalies.push('out_before_in');
  }

  // Pair into the service record when nothing is doubtful.
  let closing: Closing | undefined;
  if (anomalies.length === 0 && facts && input.volunteerId && enrollmentId && kind === 'out') {
    closing = await closingOf(tx, facts, enrollmentId, input.at);
    if (closing && (await dayHours(tx, input.volunteerId, closing.record.serviceDate, closing.record.id)) + closing.total > MAX_DAY_HOURS)
      anomalies.push('over_12h');
  }

  const status = anomalies.length ? ('review' as const) : ('accepted' as const);
  const [row] = await tx
    .insert(attendanceEvents)
    .values({
      eventKey: input.eventKey,
      activityId: facts ? facts.activity.id : null,
      volunteerId: input.volunteerId,
      kind,
      at: input.at,
      channel: input.channel,
      deviceId: input.deviceId ?? null,
      cardRef: input.cardRef ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      anomalies,
      status,
      reason: input.reason ?? null,
      recordedBy: input.recordedBy ?? null,
    })
    .returning({ id: attendanceEvents.id });

  if (status === 'accepted' && facts && input.volunteerId && enrollmentId) {
    if (kind === 'in') await openRecord(tx, facts, input.volunteerId, enrollmentId, input.at, input.channel);
    else if (closing) await closeRecord(tx, closing, input.at);
  }
  return { id: row.id, kind, status, anomalies, duplicate: false };
}
