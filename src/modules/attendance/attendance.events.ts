import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client.ts';
import type { attendanceEvents, serviceRecords } from '../../db/schema.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import { DEFAULT_HOURS_RULE, serviceHours } from '../../domain/records/hours.ts';
import { readSetting } from '../../platform/settings.ts';
import * as q from './attendance-events.queries.ts';

/**
 * Writing one check-in or check-out, whatever the channel: idempotent on its key, checked for
 * anomalies, and — when nothing is doubtful — paired into the person's service record (check-in
 * opens a pending record, check-out completes it with credit hours).
 */
export type Channel = 'code' | 'ecard' | 'device' | 'geofence' | 'manual';

export interface EventInput {
  eventKey: string;
  /**
   * Whose key it is: the volunteer checking in, the reader uploading, the account scanning or
   * entering. Keys are unique per owner, so another person's key never reaches this event.
   */
  keyOwner: string;
  /** What was sent under the key (contentDigest): a repeat must match it, or it is a conflict. */
  keyDigest?: string | null;
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
  /** When it reached the platform, if earlier than its writing (a card reader's inbox). */
  receivedAt?: Date;
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
  /**
   * The key was used before by the same owner with other content: nothing was written, and the
   * caller answers 409 (id and the rest are the first event's, for the owner's eyes only).
   */
  conflict?: boolean;
}

/** A digest of what a request sent under an idempotency key, to tell a repeat from a reused key. */
export const contentDigest = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

/** More credited hours than this on one China day is doubtful (issue: over 12 h a day). */
export const MAX_DAY_HOURS = 12;

/** An activity with what the rules look at and what its records carry from the project and organization. */
export interface ActivityFacts {
  activity: {
    id: string;
    title: string;
    description: string;
    address: string;
    startsAt: Date;
    endsAt: Date;
    lat: number | null;
    lng: number | null;
    geofenceMeters: number;
  };
  projectId: string;
  categoryCode: string | null;
  organizationId: string;
  contactName: string;
}

async function activityFacts(tx: Executor, activityId: string): Promise<ActivityFacts | undefined> {
  const [row] = await q.activityFactsOf(tx, [activityId]);
  return row;
}

interface Closing {
  record: typeof serviceRecords.$inferSelect;
  credit: number;
  /** The record's hours once closed: credit and added. */
  total: number;
}

/** The pending record a check-out at `at` closes, and the credit hours it earns (clipped and rounded by the city's rule). */
async function closingOf(tx: Executor, facts: ActivityFacts, enrollmentId: string, at: Date): Promise<Closing | undefined> {
  const record = await q.pendingRecordOf(tx, enrollmentId);
  if (!record?.checkInAt) return undefined;
  const rule = (await readSetting(tx, 'hours')) ?? DEFAULT_HOURS_RULE;
  const credit = serviceHours(record.checkInAt, at, { start: facts.activity.startsAt, end: facts.activity.endsAt }, rule);
  return { record, credit, total: credit + record.addedHours };
}

async function closeRecord(tx: Executor, closing: Closing, at: Date) {
  await q.closeRecordAt(tx, closing.record.id, at, closing.credit);
}

/** The service record a check-in opens: the activity's facts as they are on the day (MCA 2020 measures). */
export function openedRecord(facts: ActivityFacts, volunteerId: string, enrollmentId: string, at: Date, channel: Channel) {
  const a = facts.activity;
  return {
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
  };
}

/** A check-in opens the person's pending service record for the activity (once). */
async function openRecord(tx: Executor, facts: ActivityFacts, volunteerId: string, enrollmentId: string, at: Date, channel: Channel) {
  await q.insertOpenedRecord(tx, openedRecord(facts, volunteerId, enrollmentId, at, channel));
}

/**
 * The organizer accepted an event kept for review: it counts as if nothing had been doubtful —
 * a check-in opens the record, a check-out closes it — for a person on the activity's roster.
 * Answers false when there is no such person (unknown card, no activity, not on the roster).
 */
export async function applyAccepted(tx: Executor, event: typeof attendanceEvents.$inferSelect): Promise<boolean> {
  if (!event.activityId || !event.volunteerId) return false;
  const facts = await activityFacts(tx, event.activityId);
  const e = await q.acceptedEnrollment(tx, event.activityId, event.volunteerId);
  if (!facts || !e) return false;
  if (event.kind === 'in') await openRecord(tx, facts, event.volunteerId, e.id, event.at, event.channel);
  else {
    const closing = await closingOf(tx, facts, e.id, event.at);
    if (!closing || event.at <= (closing.record.checkInAt as Date)) return false;
    await closeRecord(tx, closing, event.at);
  }
  return true;
}
