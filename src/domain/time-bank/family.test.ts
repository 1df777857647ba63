import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountRule,
  MAX_CREDITS_MOVED,
  RELATION_STATUSES,
  RELATIONS,
  type Relation,
  type RelationStatus,
  transferRefusal,
} from './family.ts';

const A = 'a';
const B = 'b';
const today = '2026-12-07';
const facts = (relation: Relation, status: RelationStatus, birthDate: string, to = B) => ({
  fromVolunteerId: A,
  toVolunteerId: to,
  relation: { relation, status, birthDate },
  today,
});

describe('who time credits may go to (Nanjing: spouse, or relatives aged 60+)', () => {
  it.each([
    ['a spouse of any age', facts('spouse', 'confirmed', '1996-05-01'), null],
    ['a parent 60 today', facts('parent', 'confirmed', '1966-12-07'), null],
    ['a parent 60 tomorrow', facts('parent', 'confirmed', '1966-12-08'), 'under60'],
    ['a grandparent 80', facts('grandparent', 'confirmed', '1946-01-01'), null],
    ['a child of 30', facts('child', 'confirmed', '1996-01-01'), 'under60'],
    ['a pending spouse', facts('spouse', 'pending', '1990-01-01'), 'notConfirmed'],
    ['a refused parent', facts('parent', 'rejected', '1940-01-01'), 'notConfirmed'],
    ['an ended spouse', facts('spouse', 'ended', '1990-01-01'), 'ended'],
    ['a revoked parent', facts('parent', 'revoked', '1940-01-01'), 'ended'],
    ['oneself', facts('spouse', 'confirmed', '1990-01-01', A), 'self'],
    ['someone not recorded', { fromVolunteerId: A, toVolunteerId: B, today }, 'notFamily'],
  ])('%s', (_, f, expected) => {
    expect(transferRefusal(f)).toBe(expected);
  });

  it('never lets credits go along an unconfirmed relationship, nor to anyone under 60 but a spouse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RELATIONS),
        fc.constantFrom(...RELATION_STATUSES),
        fc.date({ min: new Date('1920-01-01'), max: new Date('2026-12-07'), noInvalidDate: true }),
        (relation, status, born) => {
          const birthDate = born.toISOString().slice(0, 10);
          const refusal = transferRefusal(facts(relation, status, birthDate));
          if (refusal === null) {
            expect(status).toBe('confirmed');
            if (relation !== 'spouse') expect(birthDate <= '1966-12-07').toBe(true);
          } else expect(status !== 'confirmed' || (relation !== 'spouse' && birthDate > '1966-12-07')).toBe(true);
        },
      ),
    );
  });
});

describe('an amount of credits', () => {
  it.each([
    [1, null],
    [0.01, null],
    [100_000, null],
    [0, 'positive'],
    [-1, 'positive'],
    [Number.NaN, 'positive'],
    [0.005, 'cents'],
    [1.234, 'cents'],
    [100_000.01, 'max'],
    [1e-9, 'cents'],
    [0.009, 'cents'],
    [0.1 + 0.2, 'cents'],
    [1e21, 'max'],
    [Number.POSITIVE_INFINITY, 'positive'],
    [Number.MAX_VALUE, 'max'],
    [Number.MIN_VALUE, 'cents'],
  ])('%s → %s', (amount, rule) => {
    expect(amountRule(amount)).toBe(rule);
  });

  it('passes only whole cents from 0.01 to the guard, which the ledger stores exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (amount) => {
        if (amountRule(amount) !== null) return;
        expect(amount).toBeGreaterThanOrEqual(0.01);
        expect(amount).toBeLessThanOrEqual(MAX_CREDITS_MOVED);
        expect(Number(amount.toFixed(2))).toBe(amount);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_CREDITS_MOVED * 100 }), (cents) => {
        expect(amountRule(Number((cents / 100).toFixed(2)))).toBeNull();
      }),
    );
  });
});
