import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { devices, volunteers } from '../../db/schema.ts';

/** The card readers' inbox and what judging its events reads (attendance.devices.ts). */

export type Device = typeof devices.$inferSelect;

export interface InboxRow {
  event_key: string;
  device_id: string;
  card: string;
  at: Date;
  kind: 'in' | 'out' | null;
  received_at: Date;
}

/** An upload's events as inbox rows, keyed `keys[i]`. */
function inboxInsert(deviceId: string, keys: string[], events: { card: string; at: Date; kind?: 'in' | 'out' }[]) {
  const rows = sql`select event_key, ${deviceId}::uuid, card, at, kind
    from unnest(${sql.param(keys)}::text[], ${sql.param(events.map((e) => e.card))}::text[],
      ${sql.param(events.map((e) => e.at.toISOString()))}::timestamptz[], ${sql.param(events.map((e) => e.kind ?? null))}::text[])
      as t(event_key, card, at, kind)`;
  return sql`insert into device_inbox (event_key, device_id, card, at, kind) ${rows}`;
}

/** Writes an upload to the inbox in one statement; a key already waiting fails it (unique violation). */
export async function insertInbox(
  db: Executor,
  deviceId: string,
  keys: string[],
  events: { card: string; at: Date; kind?: 'in' | 'out' }[],
) {
  await db.execute(inboxInsert(deviceId, keys, events));
}

/** Writes what of an upload is not waiting already; answers the keys it wrote. */
export async function insertInboxSkippingWaiting(
  db: Executor,
  deviceId: string,
  keys: string[],
  events: { card: string; at: Date; kind?: 'in' | 'out' }[],
) {
  return rowsOf<{ event_key: string }>(
    await db.execute(sql`${inboxInsert(deviceId, keys, events)} on conflict do nothing returning event_key`),
  );
}

/** The events waiting under some keys (an upload's repeats, to tell them from reused ids). */
export async function waitingInbox(db: Executor, keys: string[]) {
  if (keys.length === 0) return [];
  return rowsOf<{ event_key: string; card: string; at: Date; kind: 'in' | 'out' | null }>(
    await db.execute(sql`select event_key, card, at, kind from device_inbox where event_key = any(${sql.param(keys)}::text[])`),
  ).map((r) => ({ ...r, at: new Date(r.at) }));
}

/** Takes up to `limit` waiting events off the inbox, oldest first, skipping those another drain holds. */
export async function takeInbox(tx: Executor, limit: number): Promise<InboxRow[]> {
  return rowsOf<InboxRow>(
    await tx.execute(sql`delete from device_inbox where event_key in (
        select event_key from device_inbox order by received_at, at limit ${limit} for update skip locked)
      returning event_key, device_id, card, at, kind, received_at`),
  ).map((r) => ({ ...r, at: new Date(r.at), received_at: new Date(r.received_at) }));
}

export async function devicesByIds(tx: Executor, ids: string[]) {
  return tx
    .select()
    .from(devices)
    .where(sql`${devices.id} = any(${sql.param(ids)}::uuid[])`);
}

/** The volunteers behind card numbers (volunteer numbers, upper case). */
export async function volunteersByCard(tx: Executor, cards: string[]) {
  return tx
    .select({ id: volunteers.id, no: volunteers.volunteerNo })
    .from(volunteers)
    .where(sql`${volunteers.volunteerNo} = any(${sql.param(cards)}::text[])`);
}

/**
 * The activities of the device's organization (at its station, when it has one) that the people
 * are accepted on and that start by `until` and end from `since`.
 */
export async function rosterActivitiesOf(tx: Executor, device: Device, volunteerIds: string[], until: Date, since: Date) {
  return rowsOf<{ id: string; volunteer_id: string; starts_at: Date; ends_at: Date }>(
    await tx.execute(sql`select a.id, e.volunteer_id, a.starts_at, a.ends_at from activities a join projects p on p.id = a.project_id
      join enrollments e on e.activity_id = a.id and e.volunteer_id = any(${sql.param(volunteerIds)}::uuid[]) and e.status = 'accepted'
      where p.organization_id = ${device.organizationId} ${device.stationId ? sql`and a.station_id = ${device.stationId}` : sql``}
        and a.starts_at <= ${until}
        and a.ends_at >= ${since}`),
  );
}
