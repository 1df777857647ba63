import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaInstant } from '../activities/schedule.ts';
import { DEFAULT_LIMITS } from '../enrollment/eligibility.ts';
import { availabilityBit } from '../volunteers/registration.ts';
import { type CandidateFacts, type MatchTarget, rankCandidates, rankOrganizations, scoreCandidate, shiftMask } from './score.ts';

// 2026-12-05 is a Saturday (weekday index 5).
const target: MatchTarget = {
  shift: { id: 'req', title: '助老', start: chinaInstant('2026-12-05', '09:00'), end: chinaInstant('2026-12-05', '11:00') },
  radiusKm: 10,
  skills: ['first_aid'],
};
const base: CandidateFacts = {
  volunteerId: 'v',
  distanceKm: 2,
  availability: 0,
  languages: [],
  minor: false,
  held: [],
  ratingAvg: null,
  ratingCount: 0,
  recentAssignments: 0,
};
const codes = (c: Partial<CandidateFacts>, t: Partial<MatchTarget> = {}) =>
  scoreCandidate({ ...target, ...t }, { ...base, ...c }).reasons.map((r) => r.code);

describe('the availability bits a window touches', () => {
  it.each([
    ['Saturday 09:00–11:00', '2026-12-05', '09:00', '11:00', availabilityBit(5, 'morning')],
    ['Saturday 11:00–13:00', '2026-12-05', '11:00', '13:00', availabilityBit(5, 'morning') | availabilityBit(5, 'afternoon')],
    ['Monday 19:00–21:00', '2026-12-07', '19:00', '21:00', availabilityBit(0, 'evening')],
    ['Sunday 05:00–06:00 (early counts as morning)', '2026-12-06', '05:00', '06:00', availabilityBit(6, 'morning')],
  ])('%s', (_, day, from, to, mask) => {
    expect(shiftMask({ start: chinaInstant(day, from), end: chinaInstant(day, to) })).toBe(mask);
  });
});

describe('each suggestion says why', () => {
  it.each<[string, Partial<CandidateFacts>, Partial<MatchTarget>, string[]]>([
    [
      'a newcomer free that morning',
      { availability: availabilityBit(5, 'morning') },
      {},
      ['distance', 'skills', 'available', 'noRatingYet', 'rested'],
    ],
    [
      'busy mornings, rated, served lately',
      { ratingAvg: 4.5, ratingCount: 2, recentAssignments: 3 },
      { skills: [] },
      ['distance', 'notUsuallyAvailable', 'rating', 'recentlyAssigned'],
    ],
    [
      'the language asked for',
      { languages: ['en'] },
      { language: 'en', skills: [] },
      ['distance', 'notUsuallyAvailable', 'speaks', 'noRatingYet', 'rested'],
    ],
    [
      'without the language',
      { languages: ['ja'] },
      { language: 'en', skills: [] },
      ['distance', 'notUsuallyAvailable', 'noLanguage', 'noRatingYet', 'rested'],
    ],
  ])('%s', (_, c, t, expected) => {
    expect(codes(c, t)).toEqual(expected);
  });

  it('gives the distance rounded to 100 m and the rating with its count', () => {
    const { reasons } = scoreCandidate(target, { ...base, distanceKm: 2.345, ratingAvg: 4.666, ratingCount: 3 });
    expect(reasons.find((r) => r.code === 'distance')?.params).toEqual({ km: 2.3 });
    expect(reasons.find((r) => r.code === 'rating')?.params).toEqual({ avg: 4.7, count: 3 });
  });
});

const facts = fc.record({
  volunteerId: fc.uuid(),
  distanceKm: fc.double({ min: 0, max: 20, noNaN: true }),
  availability: fc.integer({ min: 0, max: (1 << 21) - 1 }),
  languages: fc.subarray(['en', 'ja', 'ko']),
  minor: fc.constant(false),
  held: fc.constant([]),
  ratingAvg: fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }),
  ratingCount: fc.integer({ min: 0, max: 20 }),
  recentAssignments: fc.integer({ min: 0, max: 10 }),
});

describe('the order of suggestions', () => {
  it('never scores a closer volunteer lower, all else equal', () => {
    fc.assert(
      fc.property(facts, fc.double({ min: 0, max: 20, noNaN: true }), (c, other) => {
        const [near, far] = [Math.min(c.distanceKm, other), Math.max(c.distanceKm, other)];
        expect(scoreCandidate(target, { ...c, distanceKm: near }).score).toBeGreaterThanOrEqual(
          scoreCandidate(target, { ...c, distanceKm: far }).score,
        );
      }),
    );
  });

  it('scores those assigned often lately lower (fairness), all else equal', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 1, max: 4 }), (c, more) => {
        const rested = scoreCandidate(target, { ...c, recentAssignments: 0 }).score;
        expect(scoreCandidate(target, { ...c, recentAssignments: more }).score).toBeLessThan(rested);
      }),
    );
  });

  it('never suggests a volunteer past a working-time limit', () => {
    const day = (from: string, to: string) => ({ start: chinaInstant('2026-12-05', from), end: chinaInstant('2026-12-05', to) });
    fc.assert(
      fc.property(
        fc.uniqueArray(facts, { minLength: 1, maxLength: 8, selector: (c) => c.volunteerId }),
        fc.integer({ min: 0, max: 7 }),
        (list, busyIndex) => {
          const busy = list[busyIndex % list.length];
          const candidates = list.map((c) => (c === busy ? { ...c, held: [{ id: 'a', title: '早班', ...day('13:00', '22:00') }] } : c));
          const ranked = rankCandidates(target, candidates, DEFAULT_LIMITS, 20);
          expect(ranked.map((r) => r.volunteerId)).not.toContain(busy.volunteerId);
          expect(ranked).toHaveLength(list.length - 1);
        },
      ),
    );
  });

  it('leaves out an overlapping shift and keeps the free one, best first', () => {
    const ranked = rankCandidates(
      target,
      [
        { ...base, volunteerId: 'far', distanceKm: 8 },
        { ...base, volunteerId: 'near', distanceKm: 1 },
        {
          ...base,
          volunteerId: 'busy',
          distanceKm: 0.5,
          held: [{ id: 'x', title: '义诊', start: target.shift.start, end: target.shift.end }],
        },
      ],
      DEFAULT_LIMITS,
      10,
    );
    expect(ranked.map((r) => r.volunteerId)).toEqual(['near', 'far']);
  });
});

describe('organizations', () => {
  it('puts the one that served more requests of the category first, then the better rated', () => {
    const ranked = rankOrganizations(
      [
        { organizationId: 'a', served: 1, ratingAvg: 5 },
        { organizationId: 'b', served: 6, ratingAvg: 4 },
        { organizationId: 'c', served: 6, ratingAvg: 3 },
      ],
      3,
    );
    expect(ranked.map((o) => o.organizationId)).toEqual(['b', 'c', 'a']);
    expect(ranked[0].reasons.map((r) => r.code)).toEqual(['orgServed', 'rating']);
  });
});
