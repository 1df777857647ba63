import { sql } from 'drizzle-orm';
import { type Executor, executeNamed, rowsOf } from '../../db/client.ts';
import type { attendanceEvents, serviceRecords } from '../../db/schema.ts';
import type { HoursRule } from '../../domain/records/hours.ts';
import type { ActivityFacts, EventResult } from './attendance.events.ts';

/**
 * The two statements of a batch of check-ins and check-outs (attendance.batch.ts): everything the
 * rules read, in one round trip, and everything the batch writes, in one statement. Both run as
 * named prepared statements: their text never changes, only their array parameters do.
 */

/** An event already written under a key of the batch: a repeat is answered with it. */
export interface Existing {
  eventKey: string;
  keyOwner: string;
  keyDigest: string | null;
  id: string;
  kind: 'in' | 'out';
  status: EventResult['status'];
  anomalies: string[];
}

type FactsRow = Omit<ActivityFacts['activity'], 'startsAt' | 'endsAt'> &
  Omit<ActivityFacts, 'activity'> & { startsAt: string; endsAt: string };

/** What the rules read for a batch, each part as one JSON array. */
export interface BatchState {
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

/** Everything the rules read for a batch's event keys, activities and people (loadState in attendance.batch.ts). */
export async function loadBatchState(tx: Executor, owners: string[], keys: string[], activityIds: string[], volunteerIds: string[]) {
  const people = sql.param(volunteerIds);
  const [loaded] = rowsOf<BatchState>(
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
        -- Each owner's keys (unique per owner): a superset when the batch has several owners, paired up by the caller.
        (select coalesce(json_agg(json_build_object('eventKey', event_key, 'keyOwner', key_owner, 'keyDigest', key_digest, 'id', id,
            'kind', kind, 'status', status, 'anomalies', anomalies)), '[]')
          from attendance_events where key_owner = any(${sql.param(owners)}::uuid[]) and event_key = any(${sql.param(keys)}::text[])) as existing,
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
  return loaded;
}

/** One column of many rows as an array parameter: a thousand rows cost one statement and no query building. */
const col = <T>(rows: T[], pick: (r: T) => unknown) => sql.param(rows.map(pick));
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The batch's events, the records it opened and the records it closed, in one statement: a
 * statement is atomic, and each round trip to the database costs more than the rows it carries.
 * Anomalies travel as one comma-joined string per row (unnest would flatten an array of arrays).
 */
export async function writeBatchRows(
  tx: Executor,
  rows: (typeof attendanceEvents.$inferInsert)[],
  fresh: (typeof serviceRecords.$inferInsert)[],
  closed: { id: string; checkOutAt: Date | null; creditHours: number }[],
) {
  if (rows.length + fresh.length + closed.length === 0) return;
  await executeNamed(
    tx,
    'attendance_write_batch',
    sql`with events as (insert into attendance_events (id, event_key, key_owner, key_digest, activity_id, volunteer_id, kind, at, channel,
      device_id, card_ref, lat, lng, anomalies, status, reason, recorded_by, received_at)
    select id, event_key, key_owner, key_digest, activity_id, volunteer_id, kind, at, channel, device_id, card_ref, lat, lng,
      coalesce(string_to_array(nullif(anomalies, ''), ','), '{}'), status, reason, recorded_by, received_at
    from unnest(${col(rows, (r) => r.id)}::uuid[], ${col(rows, (r) => r.eventKey)}::text[], ${col(rows, (r) => r.keyOwner)}::uuid[],
      ${col(rows, (r) => r.keyDigest)}::text[], ${col(rows, (r) => r.activityId)}::uuid[],
      ${col(rows, (r) => r.volunteerId)}::uuid[], ${col(rows, (r) => r.kind)}::text[], ${col(rows, (r) => iso(r.at))}::timestamptz[],
      ${col(rows, (r) => r.channel)}::text[], ${col(rows, (r) => r.deviceId)}::uuid[], ${col(rows, (r) => r.cardRef)}::text[],
      ${col(rows, (r) => r.lat)}::float8[], ${col(rows, (r) => r.lng)}::float8[], ${col(rows, (r) => (r.anomalies ?? []).join(','))}::text[],
      ${col(rows, (r) => r.status)}::text[], ${col(rows, (r) => r.reason)}::text[], ${col(rows, (r) => r.recordedBy)}::uuid[],
      ${col(rows, (r) => iso(r.receivedAt))}::timestamptz[])
      as t(id, event_key, key_owner, key_digest, activity_id, volunteer_id, kind, at, channel, device_id, card_ref, lat, lng, anomalies, status, reason, recorded_by,
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
