import { describe, expect, it } from 'vitest';
import { addDays, chinaDayStart, isValidPeriod, lastDays, mondayOf, periodBounds } from './report-period.ts';

describe('report periods', () => {
  it.each([
    ['2026-12-07', '2026-12-07'], // a Monday
    ['2026-12-13', '2026-12-07'], // the Sunday after
    ['2026-12-09', '2026-12-07'],
    ['2027-01-01', '2026-12-28'], // a week across the new year
  ])('the ISO week of %s starts on %s', (day, monday) => expect(mondayOf(day)).toBe(monday));

  it('defaults to the last 30 days, today included', () => {
    expect(lastDays('2026-12-07')).toEqual({ from: '2026-11-08', until: '2026-12-07' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('begins a China day at 16:00 UTC the day before', () => {
    expect(chinaDayStart('2026-12-07').toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });

  it('reads whole weeks around the period for the weekly rule', () => {
    const b = periodBounds({ from: '2026-12-09', until: '2026-12-10' });
    expect(b.start.toISOString()).toBe('2026-12-08T16:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-12-10T16:00:00.000Z');
    expect(b.weeksStart.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(b.weeksEnd.toISOString()).toBe('2026-12-13T16:00:00.000Z');
  });

  it.each([
    [{ from: '2026-12-01', until: '2026-12-01' }, true],
    [{ from: '2026-12-02', until: '2026-12-01' }, false],
    [{ from: '2025-12-01', until: '2026-11-30' }, true],
    [{ from: '2025-12-01', until: '2026-12-02' }, false],
  ])('%o is a valid period: %s', (period, valid) => expect(isValidPeriod(period)).toBe(valid));
});
