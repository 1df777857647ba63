import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  activities,
  attendanceEvents,
  devices,
  enrollments,
  positions,
  projects,
  serviceRecords,
  stations,
  volunteers,
} from '../../db/schema.ts';

/**
 * An organization's events kept for review: those at its activities, and those its card readers
 * sent that matched no activity (an unknown card, nobody on a roster at that time).
 */
export function reviewQueueOf(db: Executor, organizationId: string, activityId?: string) {
  const ofOrganization = or(eq(projects.organizationId, organizationId), eq(devices.organizationId, organizationId));
  return db
    .select({
      id: attendanceEvents.id,
      activityId: attendanceEvents.activityId,
      activityTitle: activities.title,
      volunteerId: attendanceEvents.volunteerId,
      volunteerName: volunteers.name,
      volunteerNo: volunteers.volunteerNo,
      kind: attendanceEvents.kind,
      at: attendanceEvents.at,
      receivedAt: attendanceEvents.receivedAt,
      channel: attendanceEvents.channel,
      deviceName: devices.name,
      cardRef: attendanceEvents.cardRef,
      anomalies: attendanceEvents.anomalies,
      reason: attendanceEvents.reason,
    })
    .from(attendanceEvents)
    .leftJoin(activities, eq(activities.id, attendanceEvents.activityId))
    .leftJoin(projects, eq(projects.id, activities.projectId))
    .leftJoin(devices, eq(devices.id, attendanceEvents.deviceId))
    .leftJoin(volunteers, eq(volunteers.id, attendanceEvents.volunteerId))
    .where(
      and(
        eq(attendanceEvents.status, 'review'),
        activityId ? and(eq(attendanceEvents.activityId, activityId), eq(projects.organizationId, organizationId)) : ofOrganization,
      ),
    )
    .orderBy(asc(attendanceEvents.at))
    .limit(500);
}

/** The organization an event belongs to: its activity's, else its device's. */
export async function eventForDecision(tx: Executor, id: string) {
  const [row] = await tx
    .select({ event: attendanceEvents, activityOrganization: projects.organizationId, deviceOrganization: devices.organizationId })
    .from(attendanceEvents)
    .leftJoin(activities, eq(activities.id, attendanceEvents.activityId))
    .leftJoin(projects, eq(projects.id, activities.projectId))
    .leftJoin(devices, eq(devices.id, attendanceEvents.deviceId))
    .where(eq(attendanceEvents.id, id))
    .for('update', { of: attendanceEvents });
  return row;
}

export async function decideEvent(tx: Executor, id: string, patch: Partial<typeof attendanceEvents.$inferInsert>) {
  await tx.update(attendanceEvents).set(patch).where(eq(attendanceEvents.id, id));
}

/**
 * The activity's attendance sheet: everyone accepted on it, whether they are checked in now
 * (their latest accepted event), their record's hours and how many of their events wait for review.
 */
export function attendanceSheetOf(db: Executor, activityId: string) {
  const last = sql<{ kind: 'in' | 'out'; at: string } | null>`(select json_build_object('kind', e.kind, 'at', e.at) from attendance_events e
    where e.activity_id = ${activityId} and e.volunteer_id = ${enrollments.volunteerId} and e.status = 'accepted'
    order by e.at desc limit 1)`;
  const inReview = sql<number>`(select count(*)::int from attendance_events e
    where e.activity_id = ${activityId} and e.volunteer_id = ${enrollments.volunteerId} and e.status = 'review')`;
  return db
    .select({
      enrollmentId: enrollments.id,
      volunteerId: volunteers.id,
      name: volunteers.name,
      volunteerNo: volunteers.volunteerNo,
      position: positions.name,
      last,
      inReview,
      recordId: serviceRecords.id,
      recordStatus: serviceRecords.status,
      checkInAt: serviceRecords.checkInAt,
      checkOutAt: serviceRecords.checkOutAt,
      creditHours: serviceRecords.creditHours,
      addedHours: serviceRecords.addedHours,
    })
    .from(enrollments)
    .innerJoin(volunteers, eq(volunteers.id, enrollments.volunteerId))
    .innerJoin(positions, eq(positions.id, enrollments.positionId))
    .leftJoin(serviceRecords, eq(serviceRecords.enrollmentId, enrollments.id))
    .where(and(eq(enrollments.activityId, activityId), eq(enrollments.status, 'accepted')))
    .orderBy(asc(positions.seq), asc(volunteers.name));
}

export function devicesOf(db: Executor, organizationId: string) {
  return db
    .select({
      id: devices.id,
      name: devices.name,
      stationId: devices.stationId,
      stationName: stations.name,
      keyPrefix: devices.keyPrefix,
      status: devices.status,
      createdAt: devices.createdAt,
      revokedAt: devices.revokedAt,
      // Received counts, judged or still waiting in the inbox.
      lastEventAt: sql<Date | null>`greatest((select max(e.received_at) from attendance_events e where e.device_id = ${devices.id}),
        (select max(i.received_at) from device_inbox i where i.device_id = ${devices.id}))`.mapWith((v: string | Date | null) =>
        v === null ? null : new Date(v),
      ),
    })
    .from(devices)
    .leftJoin(stations, eq(stations.id, devices.stationId))
    .where(eq(devices.organizationId, organizationId))
    .orderBy(asc(devices.status), desc(devices.createdAt));
}

/**
 * The activities a volunteer is accepted on that run on `now`'s day in the city (Asia/Shanghai),
 * with where they stand: the phone's check-in page lets them pick one for the 6 digits or the
 * geofence. An activity that ended an hour ago is still listed, so its check-out can be made.
 */
export function myActivitiesToday(db: Executor, volunteerId: string, now: Date) {
  const day = sql`(${now.toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date`;
  const last = sql<{ kind: 'in' | 'out'; at: string } | null>`(select json_build_object('kind', e.kind, 'at', e.at) from attendance_events e
    where e.activity_id = ${activities.id} and e.volunteer_id = ${volunteerId} and e.status = 'accepted'
    order by e.at desc limit 1)`;
  return db
    .select({
      activityId: activities.id,
      title: activities.title,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      address: activities.address,
      lat: activities.lat,
      lng: activities.lng,
      geofenceMeters: activities.geofenceMeters,
      checkinMethods: activities.checkinMethods,
      positionName: positions.name,
      last,
    })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .innerJoin(positions, eq(positions.id, enrollments.positionId))
    .where(
      and(
        eq(enrollments.volunteerId, volunteerId),
        eq(enrollments.status, 'accepted'),
        eq(activities.status, 'scheduled'),
        sql`(${activities.startsAt} at time zone 'Asia/Shanghai')::date <= ${day}`,
        sql`(${activities.endsAt} at time zone 'Asia/Shanghai')::date >= ${day}`,
      ),
    )
    .orderBy(asc(activities.startsAt));
}

/** Whom an e-card or its event names: enough to mask the name as the scanner may see it. */
const PERSON = {
  id: volunteers.id,
  name: volunteers.name,
  volunteerNo: volunteers.volunteerNo,
  birthDate: volunteers.birthDate,
  areaCode: volunteers.areaCode,
  accountId: volunteers.accountId,
};

export async function volunteerWithNumber(db: Executor, volunteerNo: string) {
  const [row] = await db.select(PERSON).from(volunteers).where(eq(volunteers.volunteerNo, volunteerNo));
  return row;
}

/** The person an event recorded (a repeated e-card key answers the first event's). */
export async function personOfEvent(db: Executor, eventId: string) {
  const [row] = await db
    .select(PERSON)
    .from(attendanceEvents)
    .innerJoin(volunteers, eq(volunteers.id, attendanceEvents.volunteerId))
    .where(eq(attendanceEvents.id, eventId));
  return row;
}

export async function insertDevice(db: Executor, values: typeof devices.$inferInsert) {
  const [row] = await db.insert(devices).values(values).returning();
  return row;
}

export async function deviceById(db: Executor, id: string) {
  const [row] = await db.select().from(devices).where(eq(devices.id, id));
  return row;
}

export async function revokeDeviceAt(db: Executor, id: string, at: Date) {
  await db.update(devices).set({ status: 'revoked', revokedAt: at }).where(eq(devices.id, id));
}

export async function deviceWithKeyHash(db: Executor, keyHash: string) {
  const [row] = await db.select().from(devices).where(eq(devices.keyHash, keyHash));
  return row;
}

/** An activity's events kept for review, in the order they happened. */
export function eventsInReview(db: Executor, activityId: string) {
  return db
    .select()
    .from(attendanceEvents)
    .where(and(eq(attendanceEvents.activityId, activityId), eq(attendanceEvents.status, 'review')))
    .orderBy(attendanceEvents.at);
}
