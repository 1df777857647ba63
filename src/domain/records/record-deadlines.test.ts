import { describe, expect, it } from 'vitest';
import { countDeadlines } from './record-deadlines.ts';

// 2026-12-03 is a Thursday; 10 working days after Monday 2026-11-16 is Monday 2026-11-30.
describe('counting pending records against the Art 11 deadline', () => {
  const today = '2026-12-03';
  it.each([
    { serviceDate: '2026-11-16', overdue: 3, dueSoon: 0, next: null }, // deadline 11-30, passed
    { serviceDate: '2026-11-19', overdue: 0, dueSoon: 3, next: '2026-12-03' }, // deadline today: still in time
    { serviceDate: '2026-11-23', overdue: 0, dueSoon: 3, next: '2026-12-07' }, // two working days on (Fri, Mon)
    { serviceDate: '2026-11-24', overdue: 0, dueSoon: 0, next: '2026-12-08' }, // three working days on
  ])('an activity on $serviceDate', ({ serviceDate, overdue, dueSoon, next }) => {
    expect(countDeadlines([{ serviceDate, n: 3 }], today)).toEqual({ overdue, dueSoon, nextDeadline: next });
  });

  it('adds up several dates and keeps the earliest deadline still in time', () => {
    const rows = [
      { serviceDate: '2026-12-01', n: 1 },
      { serviceDate: '2026-11-10', n: 2 },
      { serviceDate: '2026-11-20', n: 4 },
    ];
    expect(countDeadlines(rows, today)).toEqual({ overdue: 2, dueSoon: 4, nextDeadline: '2026-12-04' });
  });
});
