import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, executeNamed, rowsOf } from '../../db/client.ts';
import type { attendanceEvents, serviceRecords } from '../../db/schema.ts';
import { distanceMeters } from '../../domain/attendance/codes.ts';
import { DEFAULT_HOURS_RULE, type HoursRule, serviceHours } from '../../domain/records/hours.ts';
import { type ActivityFacts, type EventInput, type EventResult, MAX_DAY_HOURS, openedRecord } from './attendance.events.ts';

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

/** An event already written under a key of the batch: a repeat is answered with it. */
interface Existing {
  eventKey: string;
  id: string;
  kind: 'in' | 'out';
  status: EventResult['status'];
  anomalies: string[];
}

type FactsRow = Omit<ActivityFacts['activity'], 'startsAt' | 'endsAt'> &
  Omit<ActivityFacts, 'activity'> & { startsAt: string; endsAt: string };

interface Loaded {
  existing: Existing[];
  facts: FactsRow[];
  rule: HoursRule | null;
  rosters: { id: string; activity_id: string; volunteer_id: string }[];
  lasts: { volunteer_id: string; activity_id: string; kind: 'in' | 'out'; at: string; starts_at: string; ends_at: string }[];
  records: {
    id: string;
    volunteer_id: string;
    enrollment_id: string | null;
    service_date: string;
    status: string;
    check_in_at: string | null;
    check_out_at: string | null;
    credit_hours: number;
    added_hours: number;
  }[];
}

/**
 * Everything the rules read, in one round trip whatever the batch's size, each part as one JSON
 * array: the events already written under the batch's keys; the activities' facts and the hours
 * rule; the rosters; each person's last accepted event at every activity of theirs that overlaps
 * the batch's (the toggle's direction, and "checked in elsewhere": two places at once); and their
 * records of those China days (the day's hours) or of those activities.
 */
async function loadState(tx: Executor, inputs: EventInput[]) {
  const keys = inputs.map((i) => i.eventKey);
  const activityIds = [...new Set(inputs.flatMap((i) => (i.activityId ? [i.activityId] : [])))];
  const volunteerIds = [...new Set(inputs.flatMap((i) => (i.volunteerId ? [i.volunteerId] : [])))];
  const people = sql.param(volunteerIds);
  const [loaded] = rowsOf<Loaded>(
    await executeNamed(
      tx,
      'attendance_load_state',
      sql`with f as (
        select a.id, a.title, a.description, a.address, a.starts_at, a.ends_at, a.lat, a.lng, a.geofence_meters,
          p.id as project_id, p.category_code, p.organization_id, o.contact_name
        from activities a join projects p on p.id = a.project_id join organizations o on o.id = p.organization_id
        where a.id = any(${sql.param(activityIds)}::uuid[])),
      span as (select min(starts_at) as from_at, max(ends_at) as to_at,
          array_agg(distinct ((starts_at at time zone 'UTC') + interval '8 hours')::date) as days from f)
      select
        (select coalesce(json_agg(json_build_object('eventKey', event_key, 'id', id, 'kind', kind, 'status', status, 'anomalies', anomalies)), '[]')
          from attendance_events where event_key = any(${sql.param(keys)}::text[])) as existing,
        (select coalesce(json_agg(json_build_object('id', id, 'title', title, 'description', description, 'address', address,
            'startsAt', starts_at, 'endsAt', ends_at, 'lat', lat, 'lng', lng, 'geofenceMeters', geofence_meters,
            'projectId', project_id, 'categoryCode', category_code, 'organizationId', organization_id, 'contactName', contact_name)), '[]')
          from f) as facts,
        (select value from city_settings where key = 'hours') as rule,
        (select coalesce(json_agg(r), '[]') from (select id, activity_id, volunteer_id from enrollments
          where activity_id in (select id from f) and volunteer_id = any(${people}::uuid[]) and status = 'accepted') r) as rosters,
        -- Accepted events are only ever for people on the roster, so the roster names the activities;
        -- each last event is one index probe, however long the person's history.
        (select coalesce(json_agg(l), '[]') from (select p.v as volunteer_id, p.a as activity_id, l.kind, l.at, a.starts_at, a.ends_at
          from (select e.volunteer_id as v, e.activity_id as a from enrollments e join activities x on x.id = e.activity_id
                  where e.volunteer_id = any(${people}::uuid[]) and e.status = 'accepted'
                    and x.starts_at < (select to_at from span) and x.ends_at > (select from_at from span)
                union
                select e.volunteer_id, e.activity_id from enrollments e
                  where e.activity_id in (select id from f) and e.volunteer_id = any(${people}::uuid[])) p
          join activities a on a.id = p.a
          cross join lateral (select x.kind, x.at from attendance_events x
            where x.activity_id = p.a and x.volunteer_id = p.v and x.status = 'accepted' order by x.at desc limit 1) l) l) as lasts,
        (select coalesce(json_agg(r), '[]') from (select id, volunteer_id, enrollment_id, service_date, status, check_in_at, check_out_at,
            credit_hours, added_hours
          from service_records
          where volunteer_id = any(${people}::uuid[])
            and (service_date = any(coalesce((select days from span), '{}')) or activity_id in (select id from f))) r) as records`,
    ),
  );
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
    existing: new Map<string, Existing>(existing.map((e) => [e.eventKey, e])),
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
      receivedAt: input.receivedAt ?? new Date(),
    };
    // The same key twice in one batch is one event, like the same key in two batches.
    state.existing.set(input.eventKey, { eventKey: input.eventKey, id: r.id, kind: r.kind, status: r.status, anomalies: r.anomalies });
    rows.push(row);
    return r;
  });
  const all = [...new Set([...state.byDay.values()].flat())];
  await writeBatch(
    tx,
    rows,
    all.flatMap((r) => (r.fresh ? [r.fresh] : [])),
    all.filter((r) => r.closed),
  );
  return results;
}

/** One column of many rows as an array parameter: a thousand rows cost one statement and no query building. */
const col = <T>(rows: T[], pick: (r: T) => unknown) => sql.param(rows.map(pick));
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The batch's events, the records it opened and the records it closed, in one statement: a
 * statement is atomic, and each round trip to the database costs more than the rows it carries.
 * Anomalies travel as one comma-joined string per row (unnest would flatten an array of arrays).
 */
async function writeBatch(
  tx: Executor,
  rows: (typeof attendanceEvents.$inferInsert)[],
  fresh: (typeof serviceRecords.$inferInsert)[],
  closed: RecordState[],
) {
  if (rows.length + fresh.length + closed.length === 0) return;
  await executeNamed(
    tx,
    'attendance_write_batch',
    sql`with events as (insert into attendance_events (id, event_key, activity_id, volunteer_id, kind, at, channel, device_id,
      card_ref, lat, lng, anomalies, status, reason, recorded_by, received_at)
    select id, event_key, activity_id, volunteer_id, kind, at, channel, device_id, card_ref, lat, lng,
      coalesce(string_to_array(nullif(anomalies, ''), ','), '{}'), status, reason, recorded_by, received_at
    from unnest(${col(rows, (r) => r.id)}::uuid[], ${col(rows, (r) => r.eventKey)}::text[], ${col(rows, (r) => r.activityId)}::uuid[],
      ${col(rows, (r) => r.volunteerId)}::uuid[], ${col(rows, (r) => r.kind)}::text[], ${col(rows, (r) => iso(r.at))}::timestamptz[],
      ${col(rows, (r) => r.channel)}::text[], ${col(rows, (r) => r.deviceId)}::uuid[], ${col(rows, (r) => r.cardRef)}::text[],
      ${col(rows, (r) => r.lat)}::float8[], ${col(rows, (r) => r.lng)}::float8[], ${col(rows, (r) => (r.anomalies ?? []).join(','))}::text[],
      ${col(rows, (r) => r.status)}::text[], ${col(rows, (r) => r.reason)}::text[], ${col(rows, (r) => r.recordedBy)}::uuid[],
      ${col(rows, (r) => iso(r.receivedAt))}::timestamptz[])
      as t(id, event_key, activity_id, volunteer_id, kind, at, channel, device_id, card_ref, lat, lng, anomalies, status, reason, recorded_by,
        received_at)),
    opened as (insert into service_records (id, volunteer_id, activity_id, enrollment_id, project_id, organization_id,
      activity_title, service_date, place, content, category_code, person_in_charge, check_in_at, check_out_at, channel, credit_hours)
    select * from unnest(${col(fresh, (r) => r.id)}::uuid[], ${col(fresh, (r) => r.volunteerId)}::uuid[], ${col(fresh, (r) => r.activityId)}::uuid[],
      ${col(fresh, (r) => r.enrollmentId)}::uuid[], ${col(fresh, (r) => r.projectId)}::uuid[], ${col(fresh, (r) => r.organizationId)}::uuid[],
      ${col(fresh, (r) => r.activityTitle)}::text[], ${col(fresh, (r) => r.serviceDate)}::date[], ${col(fresh, (r) => r.place)}::text[],
      ${col(fresh, (r) => r.content)}::text[], ${col(fresh, (r) => r.categoryCode)}::text[], ${col(fresh, (r) => r.personInCharge)}::text[],
      ${col(fresh, (r) => iso(r.checkInAt))}::timestamptz[], ${col(fresh, (r) => iso(r.checkOutAt))}::timestamptz[],
      ${col(fresh, (r) => r.channel)}::text[], ${col(fresh, (r) => r.creditHours ?? 0)}::numeric[])
    on conflict do nothing)
    update service_records r set check_out_at = c.at, credit_hours = c.credit
      from unnest(${col(closed, (c) => c.id)}::uuid[], ${col(closed, (c) => iso(c.checkOutAt))}::timestamptz[],
        ${col(closed, (c) => c.creditHours)}::numeric[]) as c(id, at, credit)
      where r.id = c.id`,
  );
}
