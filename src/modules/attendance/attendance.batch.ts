import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.ts';
import type { attendanceEvents, serviceRecords } from '../../db/schema.ts';
import { distanceMeters } from '../../domain/attendance/codes.ts';
import { DEFAULT_HOURS_RULE, serviceHours } from '../../domain/records/hours.ts';
import { type ActivityFacts, type EventInput, type EventResult, MAX_DAY_HOURS, openedRecord } from './attendance.events.ts';
import * as q from './attendance-batch.queries.ts';

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
/** An idempotency key is its owner's: the same key from two owners is two events. */
const ownedKey = (owner: string, key: string) => `${owner}|${key}`;

/**
 * Everything the rules read, in one round trip whatever the batch's size, each part as one JSON
 * array: the events already written under the batch's keys; the activities' facts and the hours
 * rule; the rosters; each person's last accepted event at every activity of theirs that overlaps
 * the batch's (the toggle's direction, and "checked in elsewhere": two places at once); and their
 * records of those China days (the day's hours) or of those activities.
 */
async function loadState(tx: Executor, inputs: EventInput[]) {
  const keys = [...new Set(inputs.map((i) => i.eventKey))];
  const owners = [...new Set(inputs.map((i) => i.keyOwner))];
  const activityIds = [...new Set(inputs.flatMap((i) => (i.activityId ? [i.activityId] : [])))];
  const volunteerIds = [...new Set(inputs.flatMap((i) => (i.volunteerId ? [i.volunteerId] : [])))];
  const loaded = await q.loadBatchState(tx, owners, keys, activityIds, volunteerIds);
  const facts: ActivityFacts[] = loaded.facts.map(({ projectId, categoryCode, organizationId, contactName, ...a }) => ({
    activity: { ...a, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt) },
    projectId,
    categoryCode,
    organizationId,
    contactName,
  }));
  const factsById = new Map(facts.map((f) => [f.activity.id, f]));
  const { existing, rule, rosters, lasts, records } = loaded;
  const date = (d: Date | string | null) => (d == null ? null : new Date(d));
  const last = new Map<string, Map<string, Last>>();
  for (const l of lasts) {
    const mine = last.get(l.volunteer_id) ?? new Map<string, Last>();
    mine.set(l.activity_id, { kind: l.kind, at: new Date(l.at) });
    last.set(l.volunteer_id, mine);
  }
  const state = {
    existing: new Map<string, q.Existing>(existing.map((e) => [ownedKey(e.keyOwner, e.eventKey), e])),
    facts: factsById,
    rule: rule ?? DEFAULT_HOURS_RULE,
    enrollment: new Map(rosters.map((r) => [pairKey(r.volunteer_id, r.activity_id), r.id])),
    /** Per person, per activity: the last accepted event. */
    last,
    windows: new Map(lasts.map((l) => [l.activity_id, { start: new Date(l.starts_at), end: new Date(l.ends_at) }])),
    /** Records by enrollment, and by person and China day (for the day's hours). */
    byEnrollment: new Map<string, RecordState>(),
    byDay: new Map<string, RecordState[]>(),
  };
  for (const r of records)
    addRecord(state, {
      id: r.id,
      volunteerId: r.volunteer_id,
      enrollmentId: r.enrollment_id,
      serviceDate: r.service_date,
      status: r.status,
      checkInAt: date(r.check_in_at),
      checkOutAt: date(r.check_out_at),
      creditHours: Number(r.credit_hours),
      addedHours: Number(r.added_hours),
    });
  return state;
}

function addRecord(state: { byEnrollment: Map<string, RecordState>; byDay: Map<string, RecordState[]> }, r: RecordState) {
  if (r.enrollmentId) state.byEnrollment.set(r.enrollmentId, r);
  const key = pairKey(r.volunteerId, r.serviceDate);
  state.byDay.set(key, [...(state.byDay.get(key) ?? []), r]);
}

type State = Awaited<ReturnType<typeof loadState>>;

/** Checked in elsewhere right now: the last accepted event at another, overlapping activity is a check-in. */
function elsewhere(state: State, volunteerId: string, a: ActivityFacts['activity']) {
  for (const [activityId, last] of state.last.get(volunteerId) ?? []) {
    if (activityId === a.id || last.kind !== 'in') continue;
    const w = state.windows.get(activityId);
    if (w && w.start < a.endsAt && w.end > a.startsAt) return true;
  }
  return false;
}

const dayHours = (state: State, volunteerId: string, day: string, except: string) =>
  (state.byDay.get(pairKey(volunteerId, day)) ?? [])
    .filter((r) => r.status !== 'rejected' && r.id !== except)
    .reduce((h, r) => h + r.creditHours + r.addedHours, 0);

/** Judges one event against the state so far, and changes the state as the event would. */
function judge(state: State, input: EventInput, id: string) {
  const anomalies = [...(input.anomalies ?? [])];
  const facts = input.activityId ? state.facts.get(input.activityId) : undefined;
  if (!facts) anomalies.push('no_activity');
  if (!input.volunteerId) anomalies.push('unknown_card');
  const v = input.volunteerId;
  const last = facts && v ? state.last.get(v)?.get(facts.activity.id) : undefined;
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
  const record = enrollmentId && kind === 'out' ? state.byEnrollment.get(enrollmentId) : undefined;
  const pending = record?.status === 'pending' ? record : undefined;
  let credit = 0;
  if (anomalies.length === 0 && facts && v && pending?.checkInAt) {
    credit = serviceHours(pending.checkInAt, input.at, { start: facts.activity.startsAt, end: facts.activity.endsAt }, state.rule);
    if (dayHours(state, v, pending.serviceDate, pending.id) + credit + pending.addedHours > MAX_DAY_HOURS) anomalies.push('over_12h');
  }
  const status = anomalies.length ? ('review' as const) : ('accepted' as const);
  if (status === 'accepted' && facts && v && enrollmentId) {
    const mine = state.last.get(v) ?? new Map<string, Last>();
    const prior = mine.get(facts.activity.id);
    if (!prior || prior.at <= input.at) mine.set(facts.activity.id, { kind, at: input.at });
    state.last.set(v, mine);
    state.windows.set(facts.activity.id, { start: facts.activity.startsAt, end: facts.activity.endsAt });
    if (kind === 'in') openRecord(state, facts, v, enrollmentId, input);
    else if (pending?.checkInAt) closeRecord(pending, input.at, credit);
  }
  return { id, kind, status, anomalies, duplicate: false };
}

/** A check-in opens the person's pending service record for the activity (once per enrollment). */
function openRecord(state: State, facts: ActivityFacts, volunteerId: string, enrollmentId: string, input: EventInput) {
  if (state.byEnrollment.has(enrollmentId)) return;
  const fresh = { id: randomUUID(), ...openedRecord(facts, volunteerId, enrollmentId, input.at, input.channel) };
  addRecord(state, { ...fresh, status: 'pending', checkOutAt: null, creditHours: 0, addedHours: 0, fresh });
}

function closeRecord(record: RecordState, at: Date, credit: number) {
  record.checkOutAt = at;
  record.creditHours = credit;
  if (record.fresh) Object.assign(record.fresh, { checkOutAt: at, creditHours: credit });
  else record.closed = true;
}

/**
 * The answer to a key its owner used before: the same content is a repeat (the first event),
 * other content a conflict. An event from before digests were kept has none and counts as a repeat.
 */
function repeatOf(existing: q.Existing, input: EventInput): EventResult {
  const conflict = existing.keyDigest != null && existing.keyDigest !== (input.keyDigest ?? null);
  const { id, kind, status, anomalies } = existing;
  return { id, kind, status, anomalies, duplicate: true, ...(conflict ? { conflict } : {}) };
}

/** Writes the events in the order given (each judged after the ones before it); answers one result each. */
export async function writeEvents(tx: Executor, inputs: EventInput[]): Promise<EventResult[]> {
  if (inputs.length === 0) return [];
  const state = await loadState(tx, inputs);
  const rows: (typeof attendanceEvents.$inferInsert)[] = [];
  const results = inputs.map((input): EventResult => {
    const owned = ownedKey(input.keyOwner, input.eventKey);
    const existing = state.existing.get(owned);
    if (existing) return repeatOf(existing, input);
    const r = judge(state, input, randomUUID());
    const row = {
      id: r.id,
      eventKey: input.eventKey,
      keyOwner: input.keyOwner,
      keyDigest: input.keyDigest ?? null,
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
      receivedAt: input.receivedAt ?? new Date(),
    };
    // The same key twice in one batch is one event, like the same key in two batches.
    const { eventKey, keyOwner, keyDigest } = row;
    state.existing.set(owned, { eventKey, keyOwner, keyDigest, id: r.id, kind: r.kind, status: r.status, anomalies: r.anomalies });
    rows.push(row);
    return r;
  });
  const all = [...new Set([...state.byDay.values()].flat())];
  await q.writeBatchRows(
    tx,
    rows,
    all.flatMap((r) => (r.fresh ? [r.fresh] : [])),
    all.filter((r) => r.closed),
  );
  return results;
}
