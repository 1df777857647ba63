import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bonusAllowed, DEFAULT_POINTS_RULE, earningBasis, type PointsRule, pointsOf, ruleIssues } from './earning.ts';

const rule = (over: Partial<PointsRule> = {}): PointsRule => ({ ...DEFAULT_POINTS_RULE, ...over });

describe('points for a confirmed record', () => {
  it.each([
    // hours, category, risk, rule, points
    [1, 'elderly', 'low', rule(), '10.00'],
    [2.5, null, 'low', rule(), '25.00'],
    [0.25, 'elderly', 'low', rule(), '2.50'],
    [2, 'elderly', 'low', rule({ categoryMultipliers: { elderly: 1.5 } }), '30.00'],
    [2, 'culture', 'low', rule({ categoryMultipliers: { elderly: 1.5 } }), '20.00'],
    [2, 'elderly', 'high', rule({ categoryMultipliers: { elderly: 1.5 }, riskMultipliers: { low: 1, medium: 1.2, high: 2 } }), '60.00'],
    [1.33, 'x', 'medium', rule({ pointsPerHour: 7, riskMultipliers: { low: 1, medium: 1.25, high: 2 } }), '11.64'], // 11.6375 → half up
    [3, 'elderly', 'low', rule({ categoryMultipliers: { elderly: 0 } }), '0.00'],
    [
      24,
      'elderly',
      'high',
      rule({ pointsPerHour: 10_000, categoryMultipliers: { elderly: 5 }, riskMultipliers: { low: 5, medium: 5, high: 5 } }),
      '6000000.00',
    ],
  ] as const)('%s h of %s at %s risk → %s points', (hours, category, risk, r, points) => {
    expect(pointsOf(earningBasis(r, hours, category, risk))).toBe(points);
  });

  it('keeps the inputs it was computed from, with the rule version', () => {
    expect(earningBasis(rule({ version: 4, categoryMultipliers: { elderly: 1.5 } }), 2, 'elderly', 'medium')).toEqual({
      hours: '2.00',
      rate: '10.00',
      categoryMultiplier: '1.50',
      riskMultiplier: '1.00',
      ruleVersion: 4,
    });
  });

  it('property: points grow with hours and equal the exact decimal product rounded half up', () => {
    const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => c / 100);
    fc.assert(
      fc.property(
        cents(2400),
        cents(2400),
        fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100),
        cents(500),
        cents(500),
        (h1, h2, rate, cm, rm) => {
          const r = rule({ pointsPerHour: rate, categoryMultipliers: { c: cm }, riskMultipliers: { low: rm, medium: 1, high: 1 } });
          const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
          const a = Number(pointsOf(earningBasis(r, lo, 'c', 'low')));
          const b = Number(pointsOf(earningBasis(r, hi, 'c', 'low')));
          expect(a).toBeLessThanOrEqual(b);
          // Exact: BigInt arithmetic in 1e-8 points, rounded half up to hundredths.
          const exact =
            BigInt(Math.round(lo * 100)) * BigInt(Math.round(rate * 100)) * BigInt(Math.round(cm * 100)) * BigInt(Math.round(rm * 100));
          expect(Math.round(a * 100)).toBe(Number((exact + 500_000n) / 1_000_000n));
        },
      ),
    );
  });
});

describe('the city’s rule', () => {
  it.each([
    [{}, []],
    [{ pointsPerHour: 0 }, [{ field: 'pointsPerHour', rule: 'positive' }]],
    [{ pointsPerHour: -3 }, [{ field: 'pointsPerHour', rule: 'positive' }]],
    [{ pointsPerHour: 10.005 }, [{ field: 'pointsPerHour', rule: 'cents' }]],
    [{ categoryMultipliers: { elderly: 5.5 } }, [{ field: 'categoryMultipliers.elderly', rule: 'range', params: { min: 0, max: 5 } }]],
    [{ categoryMultipliers: { elderly: 0 } }, []],
    [
      { riskMultipliers: { low: 1, medium: -1, high: 2 } },
      [{ field: 'riskMultipliers.medium', rule: 'range', params: { min: 0, max: 5 } }],
    ],
    [{ bonusCapPerMonth: -1 }, [{ field: 'bonusCapPerMonth', rule: 'min', params: { min: 0 } }]],
    [{ bonusCapPerMonth: 2.5 }, [{ field: 'bonusCapPerMonth', rule: 'min', params: { min: 0 } }]],
  ] as [Partial<PointsRule>, unknown[]][])('%j → %j', (over, issues) => {
    expect(ruleIssues(rule(over))).toEqual(issues);
  });
});

describe('the organizer bonus', () => {
  it.each([
    [20, 0, 50, 20],
    [20, 40, 50, 10],
    [20, 50, 50, 0],
    [20, 80, 50, 0], // the cap lowered after bonuses were given: nothing more
    [20, 0, 0, 0],
  ])('asked %s with %s given this month under a cap of %s → %s', (asked, given, cap, allowed) => {
    expect(bonusAllowed(asked, given, cap)).toBe(allowed);
  });

  it('property: never more than asked, never past the cap', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), (asked, given, cap) => {
        const allowed = bonusAllowed(asked, given, cap);
        expect(allowed).toBeGreaterThanOrEqual(0);
        expect(allowed).toBeLessThanOrEqual(asked);
        if (allowed > 0) expect(given + allowed).toBeLessThanOrEqual(cap);
      }),
    );
  });
});
