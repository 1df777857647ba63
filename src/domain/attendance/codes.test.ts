import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  activityDigits,
  activityToken,
  checkActivityDigits,
  checkActivityToken,
  checkEcardToken,
  distanceMeters,
  ecardToken,
  windowOf,
} from './codes.ts';

const key = randomBytes(32);
const activity = randomUUID();
const now = new Date('2026-12-05T01:00:10Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

describe('rotating check-in codes', () => {
  it('accepts an activity QR and 6 digits in their window and the next, and calls older ones expired', () => {
    const w = windowOf(now);
    expect(checkActivityToken(key, activityToken(key, activity, w), now)).toEqual({ ok: true, value: activity });
    expect(checkActivityToken(key, activityToken(key, activity, w), later(30))).toMatchObject({ ok: true });
    expect(checkActivityToken(key, activityToken(key, activity, w), later(65))).toEqual({ ok: false, rule: 'expired' });
    const digits = activityDigits(key, activity, w);
    expect(digits).toMatch(/^\d{6}$/);
    expect(checkActivityDigits(key, activity, digits, later(29))).toMatchObject({ ok: true });
    expect(checkActivityDigits(key, activity, digits, later(120))).toEqual({ ok: false, rule: 'expired' });
  });

  it('refuses codes made with another key, for another activity, or altered', () => {
    const w = windowOf(now);
    expect(checkActivityToken(key, activityToken(randomBytes(32), activity, w), now)).toEqual({ ok: false, rule: 'invalid' });
    const token = activityToken(key, activity, w);
    expect(checkActivityToken(key, token.replace(activity, randomUUID()), now)).toEqual({ ok: false, rule: 'invalid' });
    expect(checkActivityToken(key, token.replace(`.${w}.`, `.${w + 1}.`), now)).toEqual({ ok: false, rule: 'invalid' });
    expect(checkActivityToken(key, 'hello', now)).toEqual({ ok: false, rule: 'malformed' });
    expect(checkActivityDigits(key, randomUUID(), activityDigits(key, activity, w), now).ok).toBe(false);
  });

  it('makes a personal e-card code that only its window accepts', () => {
    const token = ecardToken(key, 'V3301000000017', windowOf(now));
    expect(checkEcardToken(key, token, now)).toEqual({ ok: true, value: 'V3301000000017' });
    expect(checkEcardToken(key, token, later(90))).toEqual({ ok: false, rule: 'expired' });
    expect(checkEcardToken(key, token.replace('V3301000000017', 'V3301000000025'), now)).toEqual({ ok: false, rule: 'invalid' });
  });

  it('measures distances on the earth', () => {
    expect(Math.round(distanceMeters({ lat: 30.25, lng: 120.16 }, { lat: 30.25, lng: 120.17 }))).toBe(961);
    expect(distanceMeters({ lat: 30.25, lng: 120.16 }, { lat: 30.25, lng: 120.16 })).toBe(0);
  });
});
