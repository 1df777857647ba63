import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coveredCommunities, DEFAULT_WALK, distanceKm, isWithinWalk, walkMinutes } from './coverage.ts';

describe('walking time to a station', () => {
  it('measures great-circle distance', () => {
    // One degree of latitude is 111.2 km on the mean sphere; Hangzhou to Shanghai is about 165 km.
    expect(distanceKm({ lat: 30, lng: 120 }, { lat: 31, lng: 120 })).toBeCloseTo(111.195, 2);
    expect(distanceKm({ lat: 30.2741, lng: 120.1551 }, { lat: 31.2304, lng: 121.4737 })).toBeCloseTo(165, -1);
    expect(distanceKm({ lat: 30, lng: 120 }, { lat: 30, lng: 120 })).toBe(0);
  });

  it.each([
    // km × 1.3 ÷ 4.5 km/h: 1 km is 17.3 minutes, 1.2 km 20.8
    [1, 17.333],
    [1.2, 20.8],
    [0, 0],
  ])('%f km is %f minutes at the defaults', (km, minutes) => {
    expect(walkMinutes(km, DEFAULT_WALK)).toBeCloseTo(minutes, 3);
  });

  it('counts exactly 20 minutes as within reach, and follows the city’s settings', () => {
    // 20 min at 4.5 km/h with a detour of 1.3 is 1.1538 km in a straight line, ≈ 0.010377° of latitude.
    const c = { lat: 30, lng: 120 };
    const near = { lat: 30.01037, lng: 120 };
    const far = { lat: 30.0104, lng: 120 };
    expect(isWithinWalk(c, near, DEFAULT_WALK)).toBe(true);
    expect(isWithinWalk(c, far, DEFAULT_WALK)).toBe(false);
    expect(isWithinWalk(c, far, { ...DEFAULT_WALK, walkingSpeedKmh: 5 })).toBe(true);
    expect(isWithinWalk(c, near, { ...DEFAULT_WALK, detourFactor: 1.5 })).toBe(false);
  });
});

describe('covered communities', () => {
  it('finds the communities with a station in reach', () => {
    const communities = [
      { code: 'a', lat: 30, lng: 120 },
      { code: 'b', lat: 30.05, lng: 120 },
      { code: 'c', lat: 30, lng: 120.011 },
    ];
    const stations = [{ lat: 30.005, lng: 120 }];
    // c is 1.06 km east of a, 1.17 km from the station: 22.5 minutes.
    expect([...coveredCommunities(communities, stations, DEFAULT_WALK)].sort()).toEqual(['a']);
    expect(coveredCommunities(communities, [], DEFAULT_WALK).size).toBe(0);
  });

  it('gives the same answer as measuring every pair', () => {
    const point = (spread: number) =>
      fc.record({
        lat: fc.double({ min: 30 - spread, max: 30 + spread, noNaN: true }),
        lng: fc.double({ min: 120 - spread, max: 120 + spread, noNaN: true }),
      });
    const settings = fc.record({
      walkingSpeedKmh: fc.double({ min: 1, max: 8, noNaN: true }),
      detourFactor: fc.double({ min: 1, max: 2, noNaN: true }),
      maxMinutes: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(point(0.1), { maxLength: 40 }), fc.array(point(0.1), { maxLength: 40 }), settings, (cs, stations, s) => {
        const communities = cs.map((c, i) => ({ ...c, code: String(i) }));
        const brute = communities.filter((c) => stations.some((p) => isWithinWalk(c, p, s))).map((c) => c.code);
        expect([...coveredCommunities(communities, stations, s)].sort()).toEqual(brute.sort());
      }),
    );
  });

  it('finds stations across the antimeridian and near the poles', () => {
    const s = { ...DEFAULT_WALK, maxMinutes: 60 };
    expect(coveredCommunities([{ code: 'x', lat: 0, lng: 179.999 }], [{ lat: 0, lng: -179.999 }], s).has('x')).toBe(true);
    expect(coveredCommunities([{ code: 'p', lat: 89.999, lng: 0 }], [{ lat: 89.999, lng: 180 }], s).has('p')).toBe(true);
  });
});
