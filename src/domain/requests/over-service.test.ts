import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaWeekOf, guardFindings, guardRange } from './over-service.ts';

const at = (iso: string) => new Date(iso);

describe('chinaWeekOf', () => {
  it.each([
    ['2026-12-07T00:00:00+08:00', '2026-12-07'], // a Monday
    ['2026-12-13T23:59:59+08:00', '2026-12-07'], // the Sunday after
    ['2026-12-13T16:30:00Z', '2026-12-14'], // 00:30 on Monday in China
    ['2026-12-06T12:00:00+08:00', '2026-11-30'],
  ])('%s → %s', (instant, monday) => {
    expect(chinaWeekOf(at(instant))).toBe(monday);
  });

  it('guardRange spans the China week of the instant', () => {
    const { from, to } = guardRange(at('2026-12-09T10:00:00+08:00'));
    expect(from.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-13T16:00:00.000Z');
  });
});

describe('guardFindings (洗脚 at most once a day, twice a week)', () => {
  const footWash = { perDay: 1, perWeek: 2, mode: 'block' as const };
  it.each([
    ['no rule', null, [], []],
    ['the first of the week', footWash, [], []],
    ['a second on another day of the week', footWash, ['2026-12-07T09:00:00+08:00'], []],
    ['a second the same day', footWash, ['2026-12-08T08:00:00+08:00'], [{ rule: 'perDay', count: 2, limit: 1, period: '2026-12-08' }]],
    [
      'a third in the week',
      footWash,
      ['2026-12-07T09:00:00+08:00', '2026-12-09T09:00:00+08:00'],
      [{ rule: 'perWeek', count: 3, limit: 2, period: '2026-12-07' }],
    ],
    ['one of the week before does not count', footWash, ['2026-12-06T09:00:00+08:00', '2026-12-05T09:00:00+08:00'], []],
    [
      // 23:30 UTC on the 7th is 07:30 on the 8th in China: the same China day as the candidate.
      'days are China days',
      { perDay: 1, mode: 'warn' as const },
      ['2026-12-07T23:30:00Z'],
      [{ rule: 'perDay', count: 2, limit: 1, period: '2026-12-08' }],
    ],
  ])('%s', (_, rule, others, expected) => {
    expect(guardFindings(rule, others.map(at), at('2026-12-08T15:00:00+08:00'))).toEqual(expected);
  });

  const instant = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-01-01') }).map((ms) => new Date(ms));
  const rule = fc.record({
    perDay: fc.integer({ min: 1, max: 4 }),
    perWeek: fc.integer({ min: 1, max: 10 }),
    mode: fc.constant('warn' as const),
  });

  it('one more service never takes a finding away, and counts only grow', () => {
    fc.assert(
      fc.property(rule, fc.array(instant, { maxLength: 12 }), instant, instant, (r, others, extra, candidate) => {
        const before = guardFindings(r, others, candidate);
        const after = guardFindings(r, [...others, extra], candidate);
        for (const f of before) {
          const same = after.find((g) => g.rule === f.rule);
          expect(same?.count).toBeGreaterThanOrEqual(f.count);
        }
      }),
    );
  });

  it('a finding exactly when the services of the period (the candidate included) exceed the limit', () => {
    fc.assert(
      fc.property(rule, fc.array(instant, { maxLength: 12 }), instant, (r, others, candidate) => {
        const findings = guardFindings(r, others, candidate);
        const sameWeek = others.filter((d) => chinaWeekOf(d) === chinaWeekOf(candidate)).length + 1;
        expect(findings.some((f) => f.rule === 'perWeek')).toBe(sameWeek > r.perWeek);
        for (const f of findings) expect(f.count).toBeGreaterThan(f.limit);
      }),
    );
  });
});
