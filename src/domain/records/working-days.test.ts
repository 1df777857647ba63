import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf, NO_CALENDAR, recordDeadline } from './working-days.ts';

describe('working days (Art 11: records within 10 working days)', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday → Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday → Monday
    expect(recordDeadline('2026-12-05')).toBe('2026-12-18'); // a Saturday activity: two full weeks
    expect(recordDeadline('2026-12-07')).toBe('2026-12-21');
  });
});

describe('the city’s work calendar', () => {
  // National Day 2026 as an example: Thu 1 – Wed 7 October off, Sat 10 October worked in exchange.
  const nationalDay = calendarOf({
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
    workdays: ['2026-10-10'],
  });

  it('skips public holidays and counts make-up weekend days', () => {
    expect(nationalDay('2026-10-01')).toBe(false);
    expect(nationalDay('2026-10-03')).toBe(false); // a Saturday, as ever
    expect(nationalDay('2026-10-10')).toBe(true); // a Saturday worked in exchange
    expect(nationalDay('2026-10-08')).toBe(true);
    expect(addWorkingDays('2026-09-30', 1, nationalDay)).toBe('2026-10-08');
    // 30 Sep: 8, 9, 10 (Sat, worked), 12–16, 19, 20 → the tenth working day is 20 October.
    expect(recordDeadline('2026-09-30', nationalDay)).toBe('2026-10-20');
    expect(recordDeadline('2026-09-30')).toBe('2026-10-14'); // without the calendar: six days early
  });

  it('is Monday to Friday when the city has entered nothing', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        const weekday = d.getUTCDay();
        expect(calendarOf()(day)).toBe(weekday >= 1 && weekday <= 5);
        expect(calendarOf(NO_CALENDAR)(day)).toBe(weekday >= 1 && weekday <= 5);
      }),
    );
  });
});
