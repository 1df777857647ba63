import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaMonth, newCode, normalizeCode } from './codes.ts';
import { canMove, eligibilityIssues, nearness, type OfferTerms, offerIssues } from './offers.ts';

const terms: OfferTerms = {
  kind: 'item',
  title: '大米',
  price: 1200,
  stock: 30,
  perPersonLimit: 1,
  minStars: 0,
  areaPrefix: null,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  codeDays: 30,
};

describe('offer terms', () => {
  it.each([
    [{}, []],
    [{ title: '  ' }, ['title:required']],
    [{ price: -1 }, ['price:price']],
    [{ price: 1.005 }, ['price:price']],
    [{ stock: -1 }, ['stock:stock']],
    [{ stock: null }, ['stock:stockRequired']],
    [{ perPersonLimit: 0 }, ['perPersonLimit:limit']],
    [{ minStars: 6 }, ['minStars:stars']],
    [{ areaPrefix: '33011' }, ['areaPrefix:area']],
    [{ validTo: '2025-12-31' }, ['validTo:window']],
    [{ codeDays: 0 }, ['codeDays:codeDays']],
    [{ kind: 'advantage', price: 0, stock: null, minStars: 3 }, []],
    [{ kind: 'advantage', price: 0, stock: 5 }, ['kind:advantage']],
    [{ price: 0, stock: null }, []],
  ] as [Partial<OfferTerms>, string[]][])('%j → %j', (change, expected) => {
    expect(offerIssues({ ...terms, ...change }).map((i) => `${i.field}:${i.rule}`)).toEqual(expected);
  });
});

describe('who moves an offer', () => {
  it.each([
    ['partner', 'draft', 'submitted', true],
    ['partner', 'submitted', 'approved', false],
    ['office', 'submitted', 'approved', true],
    ['office', 'draft', 'approved', false],
    ['office', 'approved', 'rejected', false],
    ['partner', 'rejected', 'submitted', true],
    ['partner', 'approved', 'withdrawn', true],
    ['partner', 'withdrawn', 'submitted', false],
  ] as const)('%s: %s → %s is %s', (by, from, to, ok) => expect(canMove(by, from, to)).toBe(ok));
});

describe('eligibility', () => {
  const offer = { status: 'approved' as const, validFrom: '2026-01-01', validTo: '2026-12-31', minStars: 3, areaPrefix: '330102' };
  it('names every reason, first the offer’s own', () => {
    expect(
      eligibilityIssues({ ...offer, status: 'withdrawn' }, { stars: 1, areaCode: '330106001001' }, '2027-01-01').map((i) => i.rule),
    ).toEqual(['notApproved', 'window', 'stars', 'area']);
    expect(eligibilityIssues(offer, { stars: 3, areaCode: '330102001001' }, '2026-12-31')).toEqual([]);
  });
  it('stars: eligible exactly from the minimum (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (min, have) => {
        const issues = eligibilityIssues({ ...offer, minStars: min, areaPrefix: null }, { stars: have, areaCode: '3301' }, '2026-06-01');
        expect(issues.length === 0).toBe(have >= min);
      }),
    );
  });
});

describe('codes', () => {
  it('are 10 digits, read back from what people type', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 }), (a, b) => {
        let n = 0;
        const code = newCode(() => (n++ === 0 ? a : b));
        expect(code).toMatch(/^\d{10}$/);
        expect(normalizeCode(`${code.slice(0, 3)} ${code.slice(3, 6)}-${code.slice(6)}`)).toBe(code);
      }),
    );
    expect(normalizeCode('12345')).toBeUndefined();
    expect(normalizeCode('12345678901')).toBeUndefined();
  });
  it('a China month starts at 16:00 UTC the day before', () => {
    expect(chinaMonth('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', until: '2026-12-31T16:00:00.000Z' });
  });
  it('nearness is the deepest shared level', () => {
    expect(nearness('330102001001', '330102001001')).toBe(12);
    expect(nearness('330102001001', '330102001002')).toBe(9);
    expect(nearness('330102', '330102003001')).toBe(6);
    expect(nearness('330106001001', '330102001001')).toBe(4);
    expect(nearness('3302', '3301')).toBe(0);
  });
});
