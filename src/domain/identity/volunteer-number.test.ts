import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammDigit, formatVolunteerNo, isValidVolunteerNo, normalizeVolunteerNo } from './volunteer-number.ts';

const cityCode = fc.stringMatching(/^\d{4}$/);
const sequence = fc.integer({ min: 0, max: 99_999_999 });
const volunteerNo = fc.tuple(cityCode, sequence).map(([city, seq]) => formatVolunteerNo(city, seq));
// The 13 digits after 'V' are positions 1–13 of the string.
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

describe('dammDigit', () => {
  it.each([
    // Damm's worked example.
    ['572', 4],
    ['5724', 0],
    ['', 0],
    ['330100000001', 7],
  ])('%j → %d', (digits, check) => {
    expect(dammDigit(digits)).toBe(check);
  });
});

describe('formatVolunteerNo', () => {
  it.each([
    ['3301', 1, 'V3301000000017'],
    ['3301', 123456, 'V3301001234562'],
    ['0000', 0, 'V0000000000000'],
    ['9999', 99_999_999, `V999999999999${dammDigit('999999999999')}`],
  ])('%s #%d → %s', (city, seq, expected) => {
    expect(formatVolunteerNo(city, seq)).toBe(expected);
  });

  it.each([
    ['330', 1],
    ['33011', 1],
    ['33a1', 1],
    ['3301', -1],
    ['3301', 100_000_000],
    ['3301', 1.5],
    ['3301', Number.NaN],
  ])('refuses city %j with sequence %d', (city, seq) => {
    expect(() => formatVolunteerNo(city, seq)).toThrow(RangeError);
  });

  it('always makes a valid number that normalizes to itself', () => {
    fc.assert(
      fc.property(volunteerNo, (no) => {
        expect(no).toMatch(/^V\d{13}$/);
        expect(normalizeVolunteerNo(no)).toBe(no);
        expect(normalizeVolunteerNo(` ${no.toLowerCase().slice(0, 5)} ${no.slice(5)} `)).toBe(no);
      }),
    );
  });
});

describe('isValidVolunteerNo / normalizeVolunteerNo', () => {
  it.each([
    ['V3301000000017', 'V3301000000017'],
    ['v3301000000017', 'V3301000000017'],
    [' V 3301 0000 0001 7 ', 'V3301000000017'],
    ['ｖ３３０１０００００００１７', 'V3301000000017'],
    ['V3301000000018', undefined],
    ['V330100000017', undefined],
    ['V33010000000170', undefined],
    ['3301000000017', undefined],
    ['X3301000000017', undefined],
    ['V-3301-00000001-7', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeVolunteerNo(input)).toBe(expected);
    expect(isValidVolunteerNo(input)).toBe(expected !== undefined);
  });

  it('catches every single-digit error (Damm)', () => {
    fc.assert(
      fc.property(volunteerNo, fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 9 }), (no, i, shift) => {
        const wrong = String((Number(no[i]) + shift) % 10);
        expect(isValidVolunteerNo(replaceAt(no, i, wrong))).toBe(false);
      }),
    );
  });

  it('catches every swap of two different neighbouring digits (Damm)', () => {
    fc.assert(
      fc.property(volunteerNo, fc.integer({ min: 1, max: 12 }), (no, i) => {
        fc.pre(no[i] !== no[i + 1]);
        expect(isValidVolunteerNo(no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2))).toBe(false);
      }),
    );
  });

  it('catches every single-digit error and neighbour swap, checked exhaustively on one number', () => {
    const no = formatVolunteerNo('3301', 9_081_726);
    for (let i = 1; i <= 13; i++) {
      for (let d = 0; d <= 9; d++) if (String(d) !== no[i]) expect(isValidVolunteerNo(replaceAt(no, i, String(d)))).toBe(false);
      if (i < 13 && no[i] !== no[i + 1]) expect(isValidVolunteerNo(no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2))).toBe(false);
    }
  });
});
