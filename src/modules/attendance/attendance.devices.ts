import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type Db, type Executor, isUniqueViolation } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { Invalidations } from '../../platform/invalidation.ts';
import { OneAtATime } from '../../platform/one-at-a-time.ts';
import { TtlCache } from '../../platform/ttl-cache.ts';
import { writeEvents } from './attendance.batch.ts';
import { contentDigest, type EventInput } from './attendance.events.ts';
import { deviceWithKeyHash } from './attendance.queries.ts';
import { CLOCK_SKEW_MS, hashKey } from './attendance.service.ts';
import * as q from './attendance-devices.queries.ts';

/**
 * Card readers and kiosks upload batches, possibly days late, out of order or twice. An upload is
 * written to the inbox in one statement and answered once committed: each event `received` (new)
 * or `duplicate` (its id was sent before). The inbox is then judged in the background in batches —
 * matched to the activity the person is accepted on at the device's organization around that
 * time, checked for anomalies, paired into records — exactly as any other check-in. Nothing is
 * lost: a batch whose judging fails stays in the inbox and is tried again. Events already judged
 * and sent again are kept once: judging finds their key taken and drops the repeat. Ids are the
 * reader's own (another reader's same id is another event); an id the reader reuses for another
 * event is answered `conflict` while the first waits, and dropped when judged, the first kept.
 */

export interface DeviceEvent {
  id: string;
  /** The volunteer number read from the card (or typed on the kiosk). */
  card: string;
  at: Date;
  kind?: 'in' | 'out';
}

type Device = q.Device;

/**
 * Active devices by key hash, for a few seconds: a reader uploads often. One per server; revoking
 * a key evicts it on every server at once (through `invalidations`), the time to live (the
 * session cache's) bounds what a lost message costs.
 */
export class DeviceKeys {
  private readonly cache: TtlCache<string, Device>;

  constructor(
    private readonly db: Db,
    private readonly invalidations: Invalidations,
    ttlMs: number,
  ) {
    this.cache = new TtlCache<string, Device>(ttlMs, 10_000);
    invalidations.on('device', (id) => this.cache.deleteWhere((d) => d.id === id));
    invalidations.onGap(() => this.cache.clear());
  }

  async find(key: string | undefined): Promise<Device> {
    if (!key) throw new AppError('UNAUTHENTICATED', 'attendance.deviceKey');
    const keyHash = hashKey(key);
    const cached = this.cache.get(keyHash);
    if (cached) return cached;
    const row = await deviceWithKeyHash(this.db, keyHash);
    if (!row) throw new AppError('UNAUTHENTICATED', 'attendance.deviceKey');
    if (row.status !== 'active') throw new AppError('FORBIDDEN', 'attendance.deviceRevoked');
    this.cache.set(keyHash, row);
    return row;
  }

  /** After a key is revoked: no server answers from its memory of it any more. */
  forget(deviceId: string): Promise<void> {
    return this.invalidations.publish('device', deviceId);
  }
}

/** A reader's event ids are its own: the key names the reader, and the reader owns it (keyOwner). */
const keyOf = (device: Device, id: string) => `dev:${device.id}:${id}`;
/** What a reader sent under an id, to tell a repeat from the id reused for another event. */
const sentOf = (e: { card: string; at: Date; kind?: 'in' | 'out' | null }) =>
  contentDigest(['device', e.card, e.at.toISOString(), e.kind ?? null]);

/**
 * Each event's answer: `received` (new), `duplicate` (this reader sent the same event under the
 * id before) or `conflict` (this reader sent another event under the id: the first is kept).
 */
export type DeviceEventStatus = 'received' | 'duplicate' | 'conflict';

export async function receiveDeviceEvents(db: Db, device: Device, events: DeviceEvent[]) {
  const keys = events.map((e) => keyOf(device, e.id));
  // Almost every upload is new: a plain insert costs least. Only when some of it is waiting
  // already (or is in it twice) is it written again event by event, the waiting ones answered
  // `duplicate`. One sent again after it was judged goes in and is dropped as a repeat when judged.
  try {
    await q.insertInbox(db, device.id, keys, events);
    return events.map((e) => ({ id: e.id, status: 'received' as const }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const taken = await q.insertInboxSkippingWaiting(db, device.id, keys, events);
  const fresh = new Set(taken.map((t) => t.event_key));
  // What is kept under each key not written now: the waiting event, or the upload's first under it.
  const kept = new Map(
    (
      await q.waitingInbox(
        db,
        keys.filter((k) => !fresh.has(k)),
      )
    ).map((w) => [w.event_key, sentOf(w)]),
  );
  return events.map((e, i): { id: string; status: DeviceEventStatus } => {
    if (fresh.delete(keys[i])) {
      kept.set(keys[i], sentOf(e));
      return { id: e.id, status: 'received' };
    }
    // Judged since the insert: its judging tells a repeat from a conflict, and keeps the first.
    const first = kept.get(keys[i]);
    return { id: e.id, status: first === undefined || first === sentOf(e) ? 'duplicate' : 'conflict' };
  });
}

type InboxRow = q.InboxRow;

/** Judges up to `limit` waiting events, oldest first, in one transaction; answers how many. */
export async function processDeviceInbox(db: Db, limit = 5_000): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await q.takeInbox(tx, limit);
    if (rows.length === 0) return 0;
    const byDevice = new Map<string, InboxRow[]>();
    for (const r of rows) byDevice.set(r.device_id, [...(byDevice.get(r.device_id) ?? []), r]);
    const found = await q.devicesByIds(tx, [...byDevice.keys()]);
    for (const device of found) await judgeDeviceEvents(tx, device, byDevice.get(device.id) ?? []);
    return rows.length;
  });
}

async function judgeDeviceEvents(tx: Executor, device: Device, rows: InboxRow[]) {
  const cards = [...new Set(rows.map((r) => r.card.trim().toUpperCase()))];
  const people = new Map((await q.volunteersByCard(tx, cards)).map((v) => [v.no, v.id]));
  const sorted = [...rows].sort((a, b) => a.at.getTime() - b.at.getTime());
  const activityAt = await rosterActivities(tx, device, [...people.values()], sorted);
  await writeEvents(
    tx,
    sorted.map((e): EventInput => {
      const volunteerId = people.get(e.card.trim().toUpperCase()) ?? null;
      return {
        eventKey: e.event_key,
        keyOwner: device.id,
        keyDigest: sentOf(e),
        activityId: volunteerId ? activityAt(volunteerId, e.at) : null,
        volunteerId,
        cardRef: e.card,
        kind: e.kind ?? 'toggle',
        at: e.at,
        receivedAt: e.received_at,
        channel: 'device',
        deviceId: device.id,
        // Device clocks may run a little ahead of the server's; more than that is doubtful.
        anomalies: e.at.getTime() > e.received_at.getTime() + CLOCK_SKEW_MS ? ['future'] : [],
      };
    }),
  );
}

/** Matching within this long of an activity's start or end: a card read early or late still finds it. */
const MATCH_MARGIN_MS = 3 * 3600_000;

/**
 * The activities of the device's organization (at its station, when it has one) that the batch's
 * people are accepted on around the batch's times, read once; answers, for a person and a time,
 * the one that starts nearest.
 */
async function rosterActivities(tx: Executor, device: Device, volunteerIds: string[], sorted: { at: Date }[]) {
  const rows =
    volunteerIds.length && sorted.length
      ? await q.rosterActivitiesOf(
          tx,
          device,
          volunteerIds,
          new Date(sorted[sorted.length - 1].at.getTime() + MATCH_MARGIN_MS),
          new Date(sorted[0].at.getTime() - MATCH_MARGIN_MS),
        )
      : [];
  const byPerson = new Map<string, { id: string; start: number; end: number }[]>();
  for (const r of rows) {
    const list = byPerson.get(r.volunteer_id) ?? [];
    list.push({ id: r.id, start: new Date(r.starts_at).getTime(), end: new Date(r.ends_at).getTime() });
    byPerson.set(r.volunteer_id, list);
  }
  return (volunteerId: string, at: Date) => {
    const t = at.getTime();
    let best: { id: string; distance: number } | null = null;
    for (const a of byPerson.get(volunteerId) ?? []) {
      if (a.start > t + MATCH_MARGIN_MS || a.end < t - MATCH_MARGIN_MS) continue;
      const distance = Math.abs(a.start - t);
      if (!best || distance < best.distance) best = { id: a.id, distance };
    }
    return best?.id ?? null;
  };
}

/**
 * Empties the inbox in this process: one drain at a time per database; asking while one runs makes
 * it go round once more. Resolves when the inbox had nothing left (tests and the route await it).
 */
const drainer = new OneAtATime<Db, void>(async (db) => {
  while ((await processDeviceInbox(db)) > 0);
});
export const drainDeviceInbox = (db: Db): Promise<void> => drainer.run(db);

/**
 * Judging starts once a reader's uploads pause this long, so a reader sending days of events batch
 * after batch is answered first and its events judged together…
 */
const QUIET_MS = 1_000;
/** …and at the latest this long after the first upload of its burst, however long the burst goes on. */
const MAX_WAIT_MS = 10_000;

/** How long judging waits after an upload at `now`, in a burst whose first upload came at `first`. */
export const drainDelay = (first: number, now: number) => Math.max(0, Math.min(QUIET_MS, first + MAX_WAIT_MS - now));

/** Per database, per reader: when its burst began, when its judging is due, and the timer. */
const bursts = new WeakMap<Db, Map<string, { first: number; due: number; timer: NodeJS.Timeout }>>();

/**
 * Judges the inbox shortly after a reader's burst of uploads (the drain takes every reader's
 * events); errors go to the log, the events stay waiting.
 */
export function scheduleDeviceInboxDrain(db: Db, deviceId: string, log: FastifyBaseLogger) {
  let readers = bursts.get(db);
  if (!readers) {
    readers = new Map();
    bursts.set(db, readers);
  }
  const now = Date.now();
  const burst = readers.get(deviceId);
  const first = burst?.first ?? now;
  const due = now + drainDelay(first, now);
  // Pushed later while the reader keeps sending, never past the cap: once there, the timer stays.
  if (burst && due <= burst.due) return;
  if (burst) clearTimeout(burst.timer);
  const timer = setTimeout(() => {
    readers.delete(deviceId);
    drainDeviceInbox(db).catch((err) => log.error({ err }, 'device inbox drain failed'));
  }, due - now).unref();
  readers.set(deviceId, { first, due, timer });
}

/** Where background work runs: judge what a crash or a busy moment left in the inbox, at start and every minute. */
export const installDeviceInboxDrain = (app: FastifyInstance) => drainer.installOn(app, 60_000, 'device inbox drain');
