import { describe, expect, it } from 'vitest';
import { chinaDate, chinaInstant, chinaTime, chinaWeekday, chinaWeekStart, occurrences, ruleIssues } from './schedule.ts';

describe('China time', () => {
  it('reads and writes instants in UTC+8 whatever the machine’s zone', () => {
    const at = chinaInstant('2026-12-05', '09:00');
    expect(at.toISOString()).toBe('2026-12-05T01:00:00.000Z');
    expect([chinaDate(at), chinaTime(at), chinaWeekday(at)]).toEqual(['2026-12-05', '09:00', 6]);
    // 00:30 in China is still the previous day in UTC.
    const late = chinaInstant('2026-12-07', '00:30');
    expect([chinaDate(late), chinaWeekday(late), chinaWeekStart(late)]).toEqual(['2026-12-07', 1, '2026-12-07']);
    expect(chinaWeekStart(at)).toBe('2026-11-30');
  });
});

describe('weekly series', () => {
  it('makes every Saturday 09:00–11:00 for 12 weeks', () => {
    const list = occurrences({ from: '2026-12-01', weekdays: [6], startTime: '09:00', endTime: '11:00', weeks: 12 });
    expect(list).toHaveLength(12);
    expect(list.map((o) => chinaDate(o.start)).slice(0, 3)).toEqual(['2026-12-05', '2026-12-12', '2026-12-19']);
    expect(list.every((o) => chinaWeekday(o.start) === 6 && chinaTime(o.start) === '09:00' && chinaTime(o.end) === '11:00')).toBe(true);
  });

  it('skips days before the first date and orders several weekdays', () => {
    const list = occurrences({ from: '2026-12-03', weekdays: [7, 2, 4], startTime: '19:00', endTime: '21:00', weeks: 2 });
    expect(list.map((o) => chinaDate(o.start))).toEqual(['2026-12-03', '2026-12-06', '2026-12-08', '2026-12-10', '2026-12-13']);
  });

  it('names each bad part of a rule', () => {
    expect(ruleIssues({ from: '2026-13-01', weekdays: [0], startTime: '11:00', endTime: '09:00', weeks: 0 })).toEqual([
      { field: 'from', rule: 'date' },
      { field: 'weekdays', rule: 'weekday' },
      { field: 'endTime', rule: 'after_start' },
      { field: 'weeks', rule: 'range' },
    ]);
    expect(ruleIssues({ from: '2026-12-01', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '10:00', weeks: 60 })).toEqual([
      { field: 'weeks', rule: 'range' },
    ]);
  });
});
