import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CallState, checkCall, decideAnswer, type Response, START_GRACE_MS } from './call-rules.ts';

const now = new Date('2026-07-01T08:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const valid = { startsAt: at(30), endsAt: at(240), headcount: 5, standbyCount: 2 };

describe('checkCall', () => {
  it.each([
    ['a valid call', {}, []],
    ['ends before it starts', { endsAt: at(10) }, ['endsAt:afterStart']],
    ['ends when it starts', { endsAt: at(30) }, ['endsAt:afterStart']],
    ['starts in the past', { startsAt: at(-60), endsAt: at(60) }, ['startsAt:notPast']],
    ['starts just now (within the grace)', { startsAt: new Date(now.getTime() - START_GRACE_MS + 1000) }, []],
    ['starts in two months', { startsAt: at(60 * 24 * 60), endsAt: at(60 * 24 * 60 + 60) }, ['startsAt:within30Days']],
    ['lasts three weeks', { endsAt: at(60 * 24 * 21) }, ['endsAt:maxLength']],
    ['no one needed', { headcount: 0 }, ['headcount:positive']],
    ['a negative headcount', { headcount: -3 }, ['headcount:positive']],
    ['a radius without a centre', { radiusMeters: 500 }, ['lat:required']],
    ['a radius with half a centre', { radiusMeters: 500, lat: 30 }, ['lng:required']],
    ['half a centre', { lng: 120 }, ['lat:required']],
    ['a centre and radius', { radiusMeters: 500, lat: 30, lng: 120 }, []],
  ])('%s', (_, extra, expected) => {
    expect(checkCall({ ...valid, ...extra }, now).map((i) => `${i.field}:${i.rule}`)).toEqual(expected);
  });
});

const open = (extra: Partial<CallState> = {}): CallState => ({
  status: 'open',
  headcount: 3,
  acceptedCount: 0,
  standbyCount: 2,
  standbyTaken: 0,
  ...extra,
});

describe('decideAnswer', () => {
  it.each<[string, CallState, Response, 'accept' | 'decline', string]>([
    ['accept with places left', open(), 'notified', 'accept', 'accept'],
    ['accept the last place', open({ acceptedCount: 2 }), 'notified', 'accept', 'accept:fills'],
    ['accept when full, standby open', open({ status: 'full', acceptedCount: 3 }), 'notified', 'accept', 'standby'],
    ['accept when full and standby full', open({ status: 'full', acceptedCount: 3, standbyTaken: 2 }), 'notified', 'accept', 'full'],
    ['change of mind after declining', open(), 'declined', 'accept', 'accept'],
    ['accept twice', open({ acceptedCount: 1 }), 'accepted', 'accept', 'same'],
    ['accept while on standby', open({ status: 'full', acceptedCount: 3 }), 'standby', 'accept', 'same'],
    ['decline', open(), 'notified', 'decline', 'decline'],
    ['leave the standby list', open({ status: 'full', acceptedCount: 3, standbyTaken: 1 }), 'standby', 'decline', 'decline'],
    ['decline after accepting', open({ acceptedCount: 1 }), 'accepted', 'decline', 'alreadyAccepted'],
    ['answer a closed call', open({ status: 'closed' }), 'notified', 'accept', 'ended'],
    ['decline a cancelled call', open({ status: 'cancelled' }), 'notified', 'decline', 'ended'],
  ])('%s', (_, call, current, answer, expected) => {
    const outcome = decideAnswer(call, current, answer);
    expect(outcome.kind + ('fills' in outcome && outcome.fills ? ':fills' : '')).toBe(expected);
  });

  it('answered one at a time, never accepts more than the headcount nor puts more on standby than the list holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 60 }),
        (headcount, standby, n) => {
          const call: CallState = { status: 'open', headcount, acceptedCount: 0, standbyCount: standby, standbyTaken: 0 };
          for (let i = 0; i < n; i++) {
            const outcome = decideAnswer(call, 'notified', 'accept');
            if (outcome.kind === 'accept') {
              call.acceptedCount++;
              if (outcome.fills) call.status = 'full';
            } else if (outcome.kind === 'standby') call.standbyTaken++;
          }
          expect(call.acceptedCount).toBe(Math.min(n, headcount));
          expect(call.standbyTaken).toBe(Math.min(Math.max(n - headcount, 0), standby));
          expect(call.status).toBe(n >= headcount ? 'full' : 'open');
        },
      ),
    );
  });
});
