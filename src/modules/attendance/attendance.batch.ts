import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { attendanceEvents, serviceRecords } from '../../db/schema.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import { distanceMeters } from '../../domain/attendance/codes.ts';
import { DEFAULT_HOURS_RULE, type HoursRule, serviceHours } from '../../domain/records/hours.ts';
import { setting } from '../activities/activities.queries.ts';
import { type ActivityFacts, activityFactsOf, type EventInput, type EventResult, MAX_DAY_HOURS } from './attendance.events.ts';

/**
 * Writes many check-ins and check-outs in one transaction with a fixed number of statements,
 * whatever their count: everything the rules look at (earlier events, rosters, open records, the
 * day's hours) is read up front in one query each, the events are judged in order in memory —
 * each seeing the ones before it — and the results are written back in one statement per table.
 * A device's day of offline events, or the check-ins that group commit gathered, cost a few round
 * trips instead of eight per event.
 */

interface Last {
  kind: 'in' | 'out';
  at: Date;
}
interface RecordState {
  id: string;
  volunteerId: string;
  enrollmentId: string | null;
  serviceDate: string;
  status: string;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  creditHours: number;
  addedHours: number;
  /** Made in this batch: inserted at the end, with whatever the batch did to it. */
  fresh?: typeof serviceRecords.$inferInsert;
  /** Closed in this batch: updated at the end. */
  closed?: boolean;
}

const pairKey = (volunteerId: string, activityId: string) => `${volunteerId}|${activityId}`;

async function loadState(tx: Executor, inputs: EventInput[]) {
  const keys = inputs.map((i) => i.eventKey);
  const activityIds = [...new Set(inputs.flatMap((i) => (i.activityId ? [i.activityId] : [])))];
  const volunteerIds = [...new Set(inputs.flatMap((i) => (i.volunteerId ? [i.volunteerId] : [])))];
  const [existing, facts, rule] = await Promise.all([
    tx
      .select()
      .from(attendanceEvents)
      .where(sql`${attendanceEvents.eventKey} = any(${sql.param(keys)}::text[])`),
    activityFactsOf(tx, activityIds),
    setting<HoursRule>(tx, 'hours'),
  ]);
  const factsById = new Map(facts.map((f) => [f.activity.id, f]));
  const days = [...new Set(facts.map((f) => chinaDate(f.activity.startsAt)))];
  const starts = facts.map((f) => f.activity.startsAt.getTime());
  const ends = facts.map((f) => f.activity.endsAt.getTime());
  const span = facts.length ? { from: new Date(Math.min(...starts)), to: new Date(Math.max(...ends)) } : null;
  const none = volunteerIds.length === 0 || activityIds.length === 0;
  const [rosters, lasts, records] = none
    ? [[], [], []]
    : await Promise.all([
        rowsOf<{ id: string; activity_id: string; volunteer_id: string }>(
          await tx.execute(sql`select id, activity_id, volunteer_id from enrollments
            where activity_id = any(${sql.param(activityIds)}::uuid[]) and volunteer_id = any(${sql.param(volunteerIds)}::uuid[])
              and status = 'accepted'`),
        ),
        // The last accepted event of each person at each activity that overlaps the batch's activities:
        // the toggle's direction here, and "checked in elsewhere" (two places at once) there.
        rowsOf<{ volunteer_id: string; activity_id: string; kind: 'in' | 'out'; at: Date; starts_at: Date; ends_at: Date }>(
          await tx.execute(sql`select distinct on (e.volunteer_id, e.activity_id) e.volunteer_id, e.activity_id, e.kind, e.at,
              a.starts_at, a.ends_at
            from attendance_events e join activities a on a.id = e.activity_id
            where e.volunteer_id = any(${sql.param(volunteerIds)}::uuid[]) and e.status = 'accepted'
              and a.starts_at < ${span?.to} and a.ends_at > ${span?.from}
            order by e.volunteer_id, e.activity_id, e.at desc`),
        ),
        rowsOf<{
          id: string;
          volunteer_id: string;
          enrollment_id: string | null;
          service_date: string;
          status: string;
          check_in_at: Date | null;
          check_out_at: Date | null;
          credit_hours: string;
          added_hours: string;
        }>(
          await tx.execute(sql`select id, volunteer_id, enrollment_id, service_date::text, status, check_in_at, check_out_at,
              credit_hours::text, added_hours::text
            from service_records
            where volunteer_id = any(${sql.param(volunteerIds)}::uuid[])
              and (service_date = any(${sql.param(days)}::date[]) or activity_id = any(${sql.param(activityIds)}::uuid[]))`),
        ),
      ]);
  const date = (d: Date | string | null) => (d == null ? null : new Date(d));
  return {
    existing: new Map(existing.map((e) => [e.eventKey, e])),
    facts: factsById,
    rule: rule ?? DEFAULT_HOURS_RULE,
    enrollment: new Map(rosters.map((r) => [pairKey(r.volunteer_id, r.activity_id), r.id])),
    last: new Map(lasts.map((l) => [pairKey(l.volunteer_id, l.activity_id), { kind: l.kind, at: new Date(l.at) } as Last])),
    windows: new Map(lasts.map((l) => [l.activity_id, { start: new Date(l.starts_at), end: new Date(l.ends_at) }])),
    records: records.map(
      (r): RecordState => ({
        id: r.id,
        volunteerId: r.volunteer_id,
        enrollmentId: r.enrollment_id,
        serviceDate: r.service_date,
        status: r.status,
        checkInAt: date(r.check_in_at),
        checkOutAt: date(r.check_out_at),
        creditHours: Number(r.credit_hours),
        addedHours: Number(r.added_hours),
      }),
    ),
  };
}

type State = Awaited<ReturnType<typeof loadState>>;

/** Checked in elsewhere right now: the last accepted event at another, overlapping activity is a check-in. */
function elsewhere(state: State, volunteerId: string, a: ActivityFacts['activity']) {
  for (const [key, last] of state.last) {
    const [v, activityId] = key.split('|');
    if (v !== volunteerId || activityId === a.id || last.kind !== 'in') continue;
    const w = state.windows.get(activityId);
    if (w && w.start < a.endsAt && w.end > a.startsAt) return true;
  }
  return false;
}

const dayHours = (state: State, volunteerId: string, day: string, except: string) =>
  state.records
    .filter((r) => r.volunteerId === volunteerId && r.serviceDate === day && r.status !== 'rejected' && r.id !== except)
    .reduce((h, r) => h + r.creditHours + r.addedHours, 0);

/** Judges one event against the state so far, and changes the state as the event would. */
function judge(state: State, input: EventInput, id: string) {
  const anomalies = [...(input.anomalies ?? [])];
  const facts = input.activityId ? state.facts.get(input.activityId) : undefined;
  if (!facts) anomalies.push('no_activity');
  if (!input.volunteerId) anomalies.push('unknown_card');
  const v = input.volunteerId;
  const last = facts && v ? state.last.get(pairKey(v, facts.activity.id)) : undefined;
  const kind: 'in' | 'out' = input.kind === 'toggle' ? (last?.kind === 'in' ? 'out' : 'in') : input.kind;
  const enrollmentId = facts && v ? state.enrollment.get(pairKey(v, facts.activity.id)) : undefined;
  if (facts && v) {
    const a = facts.activity;
    if (!enrollmentId) anomalies.push('not_on_roster');
    if (input.channel === 'geofence') {
      const there = a.lat != null && a.lng != null && input.lat != null && input.lng != null;
      if (
        !there ||
        distanceMeters({ lat: input.lat as number, lng: input.lng as number }, { lat: a.lat as number, lng: a.lng as number }) >
          a.geofenceMeters
      )
        anomalies.push('outside_geofence');
    }
    const at = input.at.getTime();
    if (Math.abs(at - a.startsAt.getTime()) > 12 * 3600_000 && Math.abs(at - a.endsAt.getTime()) > 12 * 3600_000)
      anomalies.push('outside_window');
    if (kind === 'in' && elsewhere(state, v, a)) anomalies.push('two_places');
    if (kind === 'out' && last?.kind !== 'in') anomalies.push('out_without_in');
    if (kind === 'out' && last?.kind === 'in' && input.at <= last.at) anomalies.push('out_before_in');
  }
  // Pair into the service record when nothing is doubtful.
  const pending =
    enrollmentId && kind === 'out' ? state.records.find((r) => r.enrollmentId === enrollmentId && r.status === 'pending') : undefined;
  let credit = 0;
  if (anomalies.length === 0 && facts && v && pending?.checkInAt) {
    credit = serviceHours(pending.checkInAt, input.at, { start: facts.activity.startsAt, end: facts.activity.endsAt }, state.rule);
    if (dayHours(state, v, pending.serviceDate, pending.id) + credit + pending.addedHours > MAX_DAY_HOURS) anomalies.push('over_12h');
  }
  const status = anomalies.length ? ('review' as const) : ('accepted' as const);
  if (status === 'accepted' && facts && v && enrollmentId) {
    const key = pairKey(v, facts.activity.id);
    const prior = state.last.get(key);
    if (!prior || prior.at <= input.at) state.last.set(key, { kind, at: input.at });
    state.windows.set(facts.activity.id, { start: facts.activity.startsAt, end: facts.activity.endsAt });
    if (kind === 'in') openRecord(state, facts, v, enrollmentId, input);
    else if (pending?.checkInAt) closeRecord(pending, input.at, credit);
  }
  return { id, kind, status, anomalies, duplicate: false };
}

/** A check-in opens the person's pending service record for the activity (once per enrollment). */
function openRecord(state: State, facts: ActivityFacts, volunteerId: string, enrollmentId: string, input: EventInput) {
  if (state.records.some((r) => r.enrollmentId === enrollmentId)) return;
  const a = facts.activity;
  const fresh = {
    id: randomUUID(),
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
    checkInAt: input.at,
    channel: input.channel,
  };
  state.records.push({ ...fresh, status: 'pending', checkOutAt: null, creditHours: 0, addedHours: 0, fresh });
}

function closeRecord(record: RecordState, at: Date, credit: number) {
  record.checkOutAt = at;
  record.creditHours = credit;
  if (record.fresh) Object.assign(record.fresh, { checkOutAt: at, creditHours: credit });
  else record.closed = true;
}

/** Writes the events in the order given (each judged after the ones before it); answers one result each. */
export async function writeEvents(tx: Executor, inputs: EventInput[]): Promise<EventResult[]> {
  if (inputs.length === 0) return [];
  const state = await loadState(tx, inputs);
  const rows: (typeof attendanceEvents.$inferInsert)[] = [];
  const results = inputs.map((input): EventResult => {
    const existing = state.existing.get(input.eventKey);
    if (existing) return { id: existing.id, kind: existing.kind, status: existing.status, anomalies: existing.anomalies, duplicate: true };
    const r = judge(state, input, randomUUID());
    const row = {
      id: r.id,
      eventKey: input.eventKey,
      activityId: input.activityId && state.facts.has(input.activityId) ? input.activityId : null,
      volunteerId: input.volunteerId,
      kind: r.kind,
      at: input.at,
      channel: input.channel,
      deviceId: input.deviceId ?? null,
      cardRef: input.cardRef ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      anomalies: r.anomalies,
      status: r.status,
      reason: input.reason ?? null,
      recordedBy: input.recordedBy ?? null,
    };
    // The same key twice in one batch is one event, like the same key in two batches.
    state.existing.set(input.eventKey, { ...row, receivedAt: new Date(), decidedBy: null, decidedAt: null, decisionNote: null } as never);
    rows.push(row);
    return r;
  });
  if (rows.length) await tx.insert(attendanceEvents).values(rows);
  const fresh = state.records.flatMap((r) => (r.fresh ? [r.fresh] : []));
  if (fresh.length) await tx.insert(serviceRecords).values(fresh).onConflictDoNothing();
  const closed = state.records.filter((r) => r.closed);
  if (closed.length)
    await tx.execute(sql`update service_records r set check_out_at = c.at, credit_hours = c.credit
      from unnest(${sql.param(closed.map((c) => c.id))}::uuid[], ${sql.param(closed.map((c) => (c.checkOutAt as Date).toISOString()))}::timestamptz[],
        ${sql.param(closed.map((c) => c.creditHours))}::numeric[]) as c(id, at, credit)
      where r.id = c.id`);
  return results;
}
