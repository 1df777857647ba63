import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NATIONAL_STARS, schemeIssues, starProgress, starsFor } from './stars.ts';

describe('stars', () => {
  it.each([
    [0, 0],
    [99.5, 0],
    [100, 1],
    [299, 1],
    [300, 2],
    [600, 3],
    [1000, 4],
    [1499, 4],
    [1500, 5],
    [9000, 5],
  ])('%f hours give %i stars on the national scheme', (hours, stars) => {
    expect(starsFor(hours)).toBe(stars);
  });

  it('follows a city’s own scheme', () => {
    const city = [100, 200, 500, 800, 1000] as const;
    expect(starsFor(250, city)).toBe(2);
    expect(starsFor(250)).toBe(1);
  });

  it('says how far the next star is', () => {
    expect(starProgress(250)).toEqual({ stars: 1, nextAt: 300, hoursToNext: 50, fraction: 0.75 });
    expect(starProgress(2000)).toEqual({ stars: 5, nextAt: null, hoursToNext: null, fraction: 1 });
  });

  it('never loses a star as hours grow (property)', () => {
    fc.assert(
      fc.property(fc.float({ min: 0, max: 5000, noNaN: true }), fc.float({ min: 0, max: 500, noNaN: true }), (h, more) => {
        expect(starsFor(h + more)).toBeGreaterThanOrEqual(starsFor(h));
      }),
    );
  });

  it('refuses a scheme that is not five ascending thresholds', () => {
    expect(schemeIssues(NATIONAL_STARS)).toEqual([]);
    expect(schemeIssues([100, 300])).toEqual([{ field: 'thresholds', rule: 'five' }]);
    expect(schemeIssues([100, 50, 600, 0, 1500])).toEqual([
      { field: 'thresholds.1', rule: 'ascending' },
      { field: 'thresholds.3', rule: 'positive' },
    ]);
  });
});
