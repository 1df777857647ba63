import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barEndsOn, barredFromAwards, type SanctionTerm, sanctionIssues } from './sanctions.ts';

const term = (id: string, startsOn: string, barYears: number, revokedOn: string | null = null): SanctionTerm => ({
  id,
  startsOn,
  barYears,
  revokedOn,
});

describe('barredFromAwards', () => {
  const twoYears = term('a', '2025-03-10', 2);
  it.each([
    ['no sanction', [], '2026-01-01', { barred: false }],
    ['the day before the start', [twoYears], '2025-03-09', { barred: false }],
    ['the first day', [twoYears], '2025-03-10', { barred: true, until: '2027-03-10', sanctionIds: ['a'] }],
    ['the last day', [twoYears], '2027-03-09', { barred: true, until: '2027-03-10', sanctionIds: ['a'] }],
    ['the day the bar ends', [twoYears], '2027-03-10', { barred: false }],
    ['one year', [term('b', '2025-03-10', 1)], '2026-03-10', { barred: false }],
    ['three years', [term('c', '2025-03-10', 3)], '2028-03-09', { barred: true, until: '2028-03-10', sanctionIds: ['c'] }],
    [
      'before its revocation',
      [term('d', '2025-03-10', 2, '2025-06-01')],
      '2025-05-31',
      { barred: true, until: '2025-06-01', sanctionIds: ['d'] },
    ],
    ['from its revocation on', [term('d', '2025-03-10', 2, '2025-06-01')], '2025-06-01', { barred: false }],
    ['revoked the day it started', [term('e', '2025-03-10', 2, '2025-03-10')], '2025-03-10', { barred: false }],
    ['revoked after it ended anyway', [term('f', '2025-03-10', 1, '2027-01-01')], '2026-03-10', { barred: false }],
    [
      'two overlapping: until the later',
      [term('g', '2025-01-01', 1), term('h', '2025-06-01', 3)],
      '2025-07-01',
      { barred: true, until: '2028-06-01', sanctionIds: ['g', 'h'] },
    ],
    ['one over, one to come', [term('i', '2022-01-01', 1), term('j', '2026-01-01', 1)], '2025-07-01', { barred: false }],
    [
      'from 29 February: through 28 February',
      [term('k', '2024-02-29', 1)],
      '2025-02-28',
      { barred: true, until: '2025-03-01', sanctionIds: ['k'] },
    ],
    ['from 29 February: free on 1 March', [term('k', '2024-02-29', 1)], '2025-03-01', { barred: false }],
  ] as const)('%s', (_name, sanctions, onDate, expected) => {
    expect(barredFromAwards(sanctions, onDate)).toEqual(expected);
  });

  const day = fc
    .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  it('a revocation never lengthens a bar, and no bar outlasts its years', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 3 }), day, fc.option(day, { nil: null }), (start, years, on, revoked) => {
        const plain = barredFromAwards([term('x', start, years)], on);
        const revokedToo = barredFromAwards([term('x', start, years, revoked)], on);
        if (revokedToo.barred) expect(plain.barred).toBe(true);
        if (plain.barred) expect(on < barEndsOn(start, years)).toBe(true);
      }),
    );
  });
});

describe('sanctionIssues', () => {
  const ok = { kind: 'falsified_hours', reason: '虚报服务时长 40 小时', barYears: 2, startsOn: '2026-12-01' };
  it.each([
    ['a sound entry', ok, []],
    ['an unknown kind', { ...ok, kind: 'late' }, [{ field: 'kind', rule: 'oneOf' }]],
    ['a reason of a word', { ...ok, reason: ' 虚报 ' }, [{ field: 'reason', rule: 'minLength' }]],
    ['no years', { ...ok, barYears: 0 }, [{ field: 'barYears', rule: 'range' }]],
    ['four years', { ...ok, barYears: 4 }, [{ field: 'barYears', rule: 'range' }]],
    ['a year and a half', { ...ok, barYears: 1.5 }, [{ field: 'barYears', rule: 'range' }]],
    ['a start tomorrow', { ...ok, startsOn: '2026-12-08' }, [{ field: 'startsOn', rule: 'notFuture' }]],
    ['a start today', { ...ok, startsOn: '2026-12-07' }, []],
  ])('%s', (_name, input, expected) => {
    expect(sanctionIssues(input, '2026-12-07')).toEqual(expected);
  });
});
