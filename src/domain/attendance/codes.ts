import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed codes for checking in. An activity's screen shows a QR code and a 6-digit
 * code that change every 30 s; a volunteer's e-card shows a personal QR that changes as often.
 * Both are HMACs of (purpose, subject, 30-second window) under a server key, so they cannot be
 * made up, and a code is accepted only in its own window and the one after it (a minute at most):
 * a photo of yesterday's code is worthless.
 */
export const WINDOW_SECONDS = 30;

export const windowOf = (at: Date) => Math.floor(at.getTime() / 1000 / WINDOW_SECONDS);

function mac(key: Buffer, purpose: string, subject: string, window: number): Buffer {
  return createHmac('sha256', key).update(`${purpose}\u0000${subject}\u0000${window}`).digest();
}

/** The 6 digits an activity's screen shows in a window. */
export function activityDigits(key: Buffer, activityId: string, window: number): string {
  return String(mac(key, 'activity-code', activityId, window).readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** The QR payload: activity, window and a MAC, base64url. */
export function activityToken(key: Buffer, activityId: string, window: number): string {
  return `A.${activityId}.${window}.${mac(key, 'activity-qr', activityId, window).subarray(0, 12).toString('base64url')}`;
}

/** A volunteer's e-card QR payload in a window. */
export function ecardToken(key: Buffer, volunteerNo: string, window: number): string {
  return `E.${volunteerNo}.${window}.${mac(key, 'ecard', volunteerNo, window).subarray(0, 12).toString('base64url')}`;
}

export type CodeCheck<T> = { ok: true; value: T } | { ok: false; rule: 'malformed' | 'expired' | 'invalid' };

const fresh = (window: number, now: Date) => {
  const current = windowOf(now);
  return window === current || window === current - 1;
};

const sameMac = (a: string, b: Buffer) => {
  const given = Buffer.from(a, 'base64url');
  return given.length === b.length && timingSafeEqual(given, b);
};

/**
 * Tokens whose signature was found good, per key: everyone at an activity scans the same QR
 * payload in a 30-second window, so it is checked once, not once per volunteer. Only good
 * signatures are kept (a forger cannot fill it), and it is emptied when it grows past a bound.
 */
const goodTokens = new WeakMap<Buffer, Set<string>>();
const GOOD_TOKENS_MAX = 10_000;

function signedActivityToken(key: Buffer, token: string, activityId: string, window: number, signature: string): boolean {
  let good = goodTokens.get(key);
  if (good?.has(token)) return true;
  if (!sameMac(signature, mac(key, 'activity-qr', activityId, window).subarray(0, 12))) return false;
  if (!good) {
    good = new Set();
    goodTokens.set(key, good);
  }
  if (good.size >= GOOD_TOKENS_MAX) good.clear();
  good.add(token);
  return true;
}

export function checkActivityToken(key: Buffer, token: string, now: Date): CodeCheck<string> {
  const m = /^A\.([0-9a-f-]{36})\.(\d+)\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!m) return { ok: false, rule: 'malformed' };
  const window = Number(m[2]);
  if (!signedActivityToken(key, token, m[1], window, m[3])) return { ok: false, rule: 'invalid' };
  return fresh(window, now) ? { ok: true, value: m[1] } : { ok: false, rule: 'expired' };
}

/** A typed 6-digit code for an activity: right for this window or the previous one. */
export function checkActivityDigits(key: Buffer, activityId: string, digits: string, now: Date): CodeCheck<string> {
  if (!/^\d{6}$/.test(digits)) return { ok: false, rule: 'malformed' };
  const current = windowOf(now);
  if (digits === activityDigits(key, activityId, current) || digits === activityDigits(key, activityId, current - 1))
    return { ok: true, value: activityId };
  // An old code is "expired" when it matches one of the last ten minutes' windows, "invalid" otherwise.
  for (let w = current - 2; w > current - 20; w--) if (digits === activityDigits(key, activityId, w)) return { ok: false, rule: 'expired' };
  return { ok: false, rule: 'invalid' };
}

export function checkEcardToken(key: Buffer, token: string, now: Date): CodeCheck<string> {
  const m = /^E\.(V\d{10,16})\.(\d+)\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!m) return { ok: false, rule: 'malformed' };
  const window = Number(m[2]);
  if (!sameMac(m[3], mac(key, 'ecard', m[1], window).subarray(0, 12))) return { ok: false, rule: 'invalid' };
  return fresh(window, now) ? { ok: true, value: m[1] } : { ok: false, rule: 'expired' };
}

/** Great-circle distance in metres (haversine), for geofenced check-in. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
