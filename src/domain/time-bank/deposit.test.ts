import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clippedOf,
  creditsOf,
  DEFAULT_TIME_BANK_RULE,
  depositBasis,
  depositBasisText,
  isEligible,
  type TimeBankRule,
  timeBankRuleIssues,
} from './deposit.ts';

const rule = (over: Partial<TimeBankRule> = {}): TimeBankRule => ({ ...DEFAULT_TIME_BANK_RULE, ...over });
const credits = (r: TimeBankRule, hours: number, day: number, lifetime: number) =>
  creditsOf(depositBasis(r, hours, '2026-12-07', { day, lifetime }));

describe('time credits for confirmed hours', () => {
  it.each([
    // hours, already that day, already in a lifetime, rule, credits, clipped
    [1, 0, 0, rule(), '1.00', '0.00'],
    [1.5, 0, 0, rule(), '1.50', '0.00'],
    [3, 0, 0, rule(), '2.00', '1.00'], // Changning: at most 2 a day
    [1.5, 1, 0, rule(), '1.00', '0.50'],
    [2, 2, 0, rule(), '0.00', '2.00'],
    [2, 0, 1499.5, rule(), '0.50', '1.50'], // Nanjing: 1 500 in a lifetime
    [2, 0, 1500, rule(), '0.00', '2.00'],
    [2, 3, 0, rule(), '0.00', '2.00'], // a day already above a lowered cap: nothing, never negative
    [2, 0, 0, rule({ creditsPerHour: 1.5, dailyCap: 10 }), '3.00', '0.00'],
    [0.33, 0, 0, rule({ creditsPerHour: 1.5 }), '0.50', '0.00'], // 0.495 → half up
    [24, 0, 0, rule({ dailyCap: 24, lifetimeCap: 20 }), '20.00', '4.00'],
  ] as const)('%s h with %s that day and %s in a lifetime → %s credits (%s clipped)', (hours, day, life, r, out, clipped) => {
    expect(credits(r, hours, day, life)).toBe(out);
    expect(clippedOf(depositBasis(r, hours, '2026-12-07', { day, lifetime: life }))).toBe(clipped);
  });

  it('keeps the inputs, the day and what the ledger held before, in a fixed order', () => {
    const b = depositBasis(rule({ version: 3 }), 1.5, '2026-12-07', { day: 0.5, lifetime: 10 });
    expect(depositBasisText(b)).toBe('["1.50","1.00","2026-12-07","2.00","0.50","1500.00","10.00",3]');
  });

  it('deposits for eligible categories only', () => {
    expect(isEligible(rule(), 'elderly_care')).toBe(true);
    expect(isEligible(rule(), 'disability')).toBe(true);
    expect(isEligible(rule(), 'culture')).toBe(false);
    expect(isEligible(rule(), null)).toBe(false);
  });

  it('property: never above either cap, never negative, monotone in hours', () => {
    const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => c / 100);
    fc.assert(
      fc.property(
        cents(2400),
        cents(2400),
        cents(1000),
        cents(10_000),
        fc.integer({ min: 1, max: 500 }).map((c) => c / 100),
        fc.integer({ min: 1, max: 5000 }).map((c) => c / 100),
        fc.integer({ min: 1, max: 200_000 }).map((c) => c / 100),
        (h1, h2, day, life, rate, dailyCap, lifetimeCap) => {
          const r = rule({ creditsPerHour: rate, dailyCap, lifetimeCap });
          const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
          const a = Number(credits(r, lo, day, life));
          const b = Number(credits(r, hi, day, life));
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(b);
          expect(day + b).toBeLessThanOrEqual(Math.max(day, dailyCap) + 1e-9);
          expect(life + b).toBeLessThanOrEqual(Math.max(life, lifetimeCap) + 1e-9);
          expect(b).toBeLessThanOrEqual(Math.round(hi * rate * 100 + 1) / 100);
        },
      ),
    );
  });
});

describe('the time bank rule', () => {
  it.each([
    [{}, []],
    [{ eligibleCategories: [] }, [{ field: 'eligibleCategories', rule: 'required' }]],
    [{ creditsPerHour: 0 }, [{ field: 'creditsPerHour', rule: 'positive' }]],
    [{ dailyCap: 1.005 }, [{ field: 'dailyCap', rule: 'cents' }]],
    [{ lifetimeCap: -1 }, [{ field: 'lifetimeCap', rule: 'positive' }]],
    [{ dailyCap: 20, lifetimeCap: 10 }, [{ field: 'dailyCap', rule: 'below', params: { max: 10 } }]],
  ] as const)('%o → %o', (over, issues) => {
    const { version: _, ...r } = rule(over as Partial<TimeBankRule>);
    expect(timeBankRuleIssues(r)).toEqual(issues);
  });
});
