import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { GroupCommit } from '../../db/group-commit.ts';
import {
  activityDigits,
  activityToken,
  checkActivityDigits,
  checkActivityToken,
  checkEcardToken,
  ecardToken,
  WINDOW_SECONDS,
  windowOf,
} from '../../domain/attendance/codes.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize, may } from '../../platform/policy.ts';
import { findActivity } from '../activities/index.ts';
import { findSelf, isHiddenChild, requireSelf } from '../volunteers/index.ts';
import { writeEvents } from './attendance.batch.ts';
import { countCodeTry, uncountCodeTry } from './attendance.code-tries.ts';
import { contentDigest, type EventInput, type EventResult } from './attendance.events.ts';
import {
  deviceById,
  eventsInReview,
  insertDevice,
  myActivitiesToday,
  personOfEvent,
  revokeDeviceAt,
  volunteerWithNumber,
} from './attendance.queries.ts';

type Ctx = AuditContext & { actor: Actor };

/** Codes are keyed with a key derived from the blind-index secret, for this purpose only. */
const codeKeys = new WeakMap<Config['piiKeys'], Buffer>();
function codeKey(config: Config): Buffer {
  let key = codeKeys.get(config.piiKeys);
  if (!key) {
    key = createHmac('sha256', config.piiKeys.blindIndex).update('attendance-codes').digest();
    codeKeys.set(config.piiKeys, key);
  }
  return key;
}

/** Device clocks may run this far ahead; events later than that are kept for review as "future". */
export const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * One committer per database in this process: concurrent check-ins share statements (group
 * commit). Its batches run side by side only for different people, so a person's check-ins on
 * this server are judged in order, each against what the ones before it wrote. (A reader's
 * background judging, or another server, can still meet the same person at the same moment.)
 */
const committers = new WeakMap<Db, GroupCommit<EventInput, EventResult>>();
export function record(db: Db, input: EventInput): Promise<EventResult> {
  let c = committers.get(db);
  if (!c) {
    c = new GroupCommit(db, writeEvents, {
      maxBatch: 500,
      concurrency: 2,
      transaction: false,
      partition: (i) => i.volunteerId ?? `key:${i.eventKey}`,
    });
    committers.set(db, c);
  }
  return c.submit(input);
}

/**
 * Records an event sent under the caller's key: the key is theirs alone (keyOwner), a repeat of
 * the same content answers their first event, and the key reused for other content is refused.
 */
async function recordOwn(db: Db, input: EventInput, key: string | undefined): Promise<EventResult> {
  const result = await record(db, input);
  if (result.conflict) throw new AppError('CONFLICT', 'attendance.keyConflict', { key: key ?? '' });
  return result;
}

const refuse = (rule: string) => new AppError('RULE_VIOLATION', `attendance.${rule}` as MessageKey);

/** The organizer's screen: the activity's current 6 digits and QR payload, and when they change. */
export async function activityCode(db: Db, config: Config, actor: Actor, activityId: string, now = new Date()) {
  const found = await findActivity(db, activityId);
  if (!found) throw notFound('entity.activity');
  authorize(actor, 'activity.manage', { organizationId: found.project.organizationId }, 'entity.activity');
  const w = windowOf(now);
  return {
    digits: activityDigits(codeKey(config), activityId, w),
    token: activityToken(codeKey(config), activityId, w),
    expiresAt: new Date((w + 1) * WINDOW_SECONDS * 1000),
  };
}

/** The volunteer's e-card: name, number and a personal QR that changes every 30 s. */
export async function ecard(db: Db, config: Config, actor: Actor, now = new Date()) {
  const me = await requireSelf(db, actor, 'attendance.checkIn', { takingPart: true });
  const w = windowOf(now);
  return {
    name: me.name,
    volunteerNo: me.volunteerNo,
    token: ecardToken(codeKey(config), me.volunteerNo, w),
    expiresAt: new Date((w + 1) * WINDOW_SECONDS * 1000),
  };
}

/** My accepted activities of today, each with whether I am checked in now (my latest accepted event). */
export async function myToday(db: Db, actor: Actor, now = new Date()) {
  const me = await findSelf(db, actor, 'attendance.checkIn');
  if (!me) return [];
  const rows = await myActivitiesToday(db, me.id, now);
  return rows.map(({ last, ...r }) => ({ ...r, state: last ? last.kind : ('none' as const), lastAt: last ? new Date(last.at) : null }));
}

const keyOf = (given: string | undefined) => given ?? randomUUID();
const SIX_DIGITS = /^\d{6}$/;

/**
 * The volunteer checking in: read on every check-in and changed almost never, so an active record
 * found lately is reused for a few seconds. Only active records are kept: someone who just
 * completed their profile is not told they have none.
 */
const checkingIn = (db: Db, actor: Actor) => requireSelf(db, actor, 'attendance.checkIn', { takingPart: true, reuseRecent: true });

/**
 * The volunteer checks in or out with the code on the activity's screen (QR or 6 digits). Typed
 * digits are counted per person and refused for a while after too many wrong ones
 * (attendance.code-tries.ts); the QR payload cannot be guessed and is not counted.
 */
export async function checkInWithCode(
  db: Db,
  config: Config,
  actor: Actor,
  input: { token?: string; activityId?: string; digits?: string; kind?: 'in' | 'out'; key?: string },
  now = new Date(),
) {
  const { id: volunteerId } = await checkingIn(db, actor);
  const typed = !input.token && SIX_DIGITS.test(input.digits ?? '');
  if (typed) await countCodeTry(db, volunteerId, now);
  const check = input.token
    ? checkActivityToken(codeKey(config), input.token, now)
    : checkActivityDigits(codeKey(config), input.activityId ?? '', input.digits ?? '', now);
  if (!check.ok) throw refuse(`code_${check.rule}`);
  if (typed) await uncountCodeTry(db, volunteerId);
  const sent = ['code', input.token ?? null, input.activityId ?? null, input.digits ?? null, input.kind ?? null];
  return recordOwn(
    db,
    {
      eventKey: `code:${keyOf(input.key)}`,
      keyOwner: volunteerId,
      keyDigest: contentDigest(sent),
      activityId: check.value,
      volunteerId,
      kind: input.kind ?? 'toggle',
      at: now,
      channel: 'code',
    },
    input.key,
  );
}

/** Geofenced check-in from the volunteer's phone: within the activity's radius, or kept for review. */
export async function checkInHere(
  db: Db,
  actor: Actor,
  input: { activityId: string; lat: number; lng: number; kind?: 'in' | 'out'; key?: string },
  now = new Date(),
) {
  const me = await checkingIn(db, actor);
  const found = await findActivity(db, input.activityId);
  if (!found) throw notFound('entity.activity');
  if (!found.activity.checkinMethods.includes('geofence')) throw refuse('method_off');
  const sent = ['geo', input.activityId, input.lat, input.lng, input.kind ?? null];
  return recordOwn(
    db,
    {
      eventKey: `geo:${keyOf(input.key)}`,
      keyOwner: me.id,
      keyDigest: contentDigest(sent),
      activityId: input.activityId,
      volunteerId: me.id,
      kind: input.kind ?? 'toggle',
      at: now,
      channel: 'geofence',
      lat: input.lat,
      lng: input.lng,
    },
    input.key,
  );
}

/**
 * The organizer or the station's keeper scans a volunteer's e-card. The answer names whom the
 * event recorded (the volunteer number and the name masked: 张*明 as on a certificate, 张** for a
 * child the scanner may not see in full), so the person scanning sees at once that the card is
 * the one in front of them. The same scan sent again (same key, same card payload) names the
 * person of the event it recorded; the key reused for another card is refused (409).
 */
export async function scanEcard(
  db: Db,
  config: Config,
  actor: Actor,
  input: { activityId: string; token: string; kind?: 'in' | 'out'; key?: string },
  now = new Date(),
) {
  const found = await findActivity(db, input.activityId);
  if (!found) throw notFound('entity.activity');
  const scope = { organizationId: found.project.organizationId, stationId: found.activity.stationId };
  if (!may(actor, 'activity.manage', scope) && !may(actor, 'attendance.scan', scope)) throw notFound('entity.activity');
  const check = checkEcardToken(codeKey(config), input.token, now);
  if (!check.ok) throw refuse(`code_${check.rule}`);
  const v = await volunteerWithNumber(db, check.value);
  // The key is the scanner's: the same scan sent again is a repeat, another card under it a conflict.
  const result = await recordOwn(
    db,
    {
      eventKey: `ecard:${keyOf(input.key)}`,
      keyOwner: actor.accountId,
      keyDigest: contentDigest(['ecard', input.activityId, input.token, input.kind ?? null]),
      activityId: input.activityId,
      volunteerId: v?.id ?? null,
      cardRef: check.value,
      kind: input.kind ?? 'toggle',
      at: now,
      channel: 'ecard',
      recordedBy: actor.accountId,
    },
    input.key,
  );
  // A repeated key answers the event the scanner first recorded: only then is its person looked up again.
  const whose = result.duplicate ? await personOfEvent(db, result.id) : v;
  if (!whose) return { ...result, volunteer: null };
  const child = isHiddenChild(actor, whose, [found.project.organizationId]);
  return { ...result, volunteer: { name: maskName(whose.name, child ? 'child' : 'person'), volunteerNo: whose.volunteerNo } };
}

/** The organizer enters a check-in or out by hand, with a reason (audited). */
export async function manualEvent(
  db: Db,
  ctx: Ctx,
  input: { activityId: string; volunteerId: string; kind: 'in' | 'out'; at: Date; reason: string },
) {
  const found = await findActivity(db, input.activityId);
  if (!found) throw notFound('entity.activity');
  authorize(ctx.actor, 'activity.manage', { organizationId: found.project.organizationId }, 'entity.activity');
  if (!input.reason.trim())
    throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'reason', rule: 'required', messageKey: 'record.reasonRequired' }]);
  if (input.at.getTime() > Date.now() + CLOCK_SKEW_MS) throw refuse('future');
  const result = await record(db, {
    eventKey: `manual:${randomUUID()}`,
    keyOwner: ctx.actor.accountId,
    activityId: input.activityId,
    volunteerId: input.volunteerId,
    kind: input.kind,
    at: input.at,
    channel: 'manual',
    reason: input.reason.trim(),
    recordedBy: ctx.actor.accountId,
  });
  await recordAudit(db, ctx, {
    action: 'attendance.manual',
    entityType: 'activity',
    entityId: input.activityId,
    summary: { volunteerId: input.volunteerId, kind: input.kind, at: input.at.toISOString(), reason: input.reason.trim() },
  });
  return result;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Registers a card reader or kiosk; its API key is shown once and stored hashed. */
export async function registerDevice(db: Db, ctx: Ctx, input: { name: string; organizationId: string; stationId?: string | null }) {
  authorize(ctx.actor, 'device.manage', { organizationId: input.organizationId }, 'entity.organization');
  const key = `vnd_${randomBytes(24).toString('base64url')}`;
  const row = await insertDevice(db, {
    name: input.name,
    organizationId: input.organizationId,
    stationId: input.stationId ?? null,
    keyHash: hashKey(key),
    keyPrefix: key.slice(0, 8),
    createdBy: ctx.actor.accountId,
  });
  await recordAudit(db, ctx, { action: 'device.register', entityType: 'device', entityId: row.id, summary: { name: input.name } });
  return { id: row.id, name: row.name, key, keyPrefix: row.keyPrefix };
}

export async function revokeDevice(db: Db, ctx: Ctx, id: string) {
  const row = await deviceById(db, id);
  if (!row?.organizationId) throw notFound('entity.device');
  authorize(ctx.actor, 'device.manage', { organizationId: row.organizationId }, 'entity.device');
  await revokeDeviceAt(db, id, new Date());
  await recordAudit(db, ctx, { action: 'device.revoke', entityType: 'device', entityId: id, summary: {} });
}

export async function reviewEvents(db: Db, actor: Actor, activityId: string) {
  const found = await findActivity(db, activityId);
  if (!found) throw notFound('entity.activity');
  authorize(actor, 'activity.manage', { organizationId: found.project.organizationId }, 'entity.activity');
  return eventsInReview(db, activityId);
}
