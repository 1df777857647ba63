import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarOf } from '../records/working-days.ts';
import {
  type Criterion,
  eligibility,
  noticeEndsOn,
  noticeOver,
  objectionsOpen,
  rankNominees,
  roundIssues,
  scoreIssues,
  weightedMean,
} from './awards.ts';

// 2026 National Day: 1–7 October off (1, 2, 5, 6, 7 are weekdays); Sunday 27 September and
// Saturday 10 October are make-up working days (调休), as the State Council announced that year.
const NATIONAL_DAY = calendarOf({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
});

describe('the public notice runs five working days, the publication day counting when it is one', () => {
  it.each([
    ['Monday, an ordinary week', '2026-11-02', calendarOf(), '2026-11-06'],
    ['Friday: over the weekend', '2026-11-06', calendarOf(), '2026-11-12'],
    ['Saturday: from Monday', '2026-11-07', calendarOf(), '2026-11-13'],
    ['Monday 28 September, over the National Day holiday', '2026-09-28', NATIONAL_DAY, '2026-10-09'],
    ['Wednesday 30 September: the make-up Saturday counts', '2026-09-30', NATIONAL_DAY, '2026-10-12'],
    ['Sunday 27 September, a make-up working day itself', '2026-09-27', NATIONAL_DAY, '2026-10-08'],
  ])('%s', (_, published, calendar, last) => {
    expect(noticeEndsOn(published, calendar)).toBe(last);
  });

  it('takes objections through its last day and decides only after it', () => {
    expect([objectionsOpen('2026-10-09', '2026-10-09'), objectionsOpen('2026-10-10', '2026-10-09')]).toEqual([true, false]);
    expect([noticeOver('2026-10-09', '2026-10-09'), noticeOver('2026-10-10', '2026-10-09')]).toEqual([false, true]);
  });

  it('always holds exactly five working days, whatever the day and the holidays', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.uniqueArray(day, { maxLength: 40 }), (published, holidays) => {
        const isWorking = calendarOf({ holidays, workdays: [] });
        const last = noticeEndsOn(published, isWorking);
        let count = 0;
        for (let d = published; d <= last; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
          if (isWorking(d)) count++;
        expect(count).toBe(5);
        expect(isWorking(last)).toBe(true);
      }),
    );
  });
});

const criteria: Criterion[] = [
  { name: '时长', nameEn: 'Hours', weight: 3 },
  { name: '成效', nameEn: 'Impact', weight: 1 },
];

describe('the ranking is the mean over reviewers of each one’s weighted mean', () => {
  it('weights the criteria', () => {
    expect(weightedMean([9, 5], criteria)).toBe(8);
    expect(weightedMean([80, 100], criteria)).toBe(85);
  });

  it('ranks by score, equal scores share a rank, the earlier nomination first, the unscored last', () => {
    const ranked = rankNominees(
      [
        { id: 'unscored', sheets: [], nominatedAt: '2026-01-01' },
        { id: 'late', sheets: [[8, 8]], nominatedAt: '2026-03-01' },
        {
          id: 'two',
          sheets: [
            [9, 5],
            [7, 7],
          ],
          nominatedAt: '2026-02-01',
        },
        { id: 'early', sheets: [[8, 8]], nominatedAt: '2026-01-15' },
      ],
      criteria,
    );
    expect(ranked).toEqual([
      { id: 'early', score: 8, reviewers: 1, rank: 1 },
      { id: 'late', score: 8, reviewers: 1, rank: 1 },
      { id: 'two', score: 7.5, reviewers: 2, rank: 3 },
      { id: 'unscored', score: null, reviewers: 0, rank: null },
    ]);
  });

  it('keeps every score within the scale', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 6 }),
        (sheets) => {
          const [n] = rankNominees([{ id: 'x', sheets, nominatedAt: '2026-01-01' }], criteria);
          expect(n.score).toBeGreaterThanOrEqual(0);
          expect(n.score).toBeLessThanOrEqual(10);
        },
      ),
    );
  });

  it('refuses a sheet of the wrong length or out of the scale', () => {
    expect(scoreIssues([9], criteria, 10)).toEqual([{ field: 'scores', rule: 'perCriterion', params: { count: 2 } }]);
    expect(scoreIssues([101, 50], criteria, 100)).toEqual([{ field: 'scores.0', rule: 'range', params: { scale: 100 } }]);
    expect(scoreIssues([10, 0], criteria, 10)).toEqual([]);
  });
});

describe('eligibility', () => {
  it.each([
    ['volunteer with the hours, free', 'volunteer', 120, false, { eligible: true, because: [] }],
    ['volunteer just at the minimum', 'volunteer', 100, false, { eligible: true, because: [] }],
    ['volunteer below the minimum', 'volunteer', 99.5, false, { eligible: false, because: ['hours'] }],
    ['volunteer barred that day', 'volunteer', 500, true, { eligible: false, because: ['barred'] }],
    ['volunteer short and barred', 'volunteer', 10, true, { eligible: false, because: ['hours', 'barred'] }],
    ['organization (no hours, no sanction)', 'organization', 0, false, { eligible: true, because: [] }],
    ['project', 'project', 0, false, { eligible: true, because: [] }],
  ] as const)('%s', (_, type, hours, barred, answer) => {
    expect(eligibility({ type, hours, minHours: 100, barred })).toEqual(answer);
  });
});

describe('a round before it opens', () => {
  const good = {
    kind: 'volunteer' as const,
    year: 2026,
    titleZh: '2026年度最美志愿者',
    titleEn: 'Outstanding Volunteers 2026',
    quota: 10,
    minHours: 100,
    nominators: ['organizations' as const],
    nominationDeadline: '2026-12-31',
    scale: 100,
    criteria,
  };
  it('names each field and rule', () => {
    expect(roundIssues(good, '2026-12-07')).toEqual([]);
    expect(roundIssues({ ...good, year: 2025 }, '2026-12-07')).toEqual([]);
    expect(
      roundIssues(
        { ...good, year: 2027, titleZh: ' ', quota: 501, minHours: -1, criteria: [{ name: '', nameEn: 'x', weight: 0 }] },
        '2026-12-07',
      ),
    ).toEqual([
      { field: 'year', rule: 'range' },
      { field: 'titleZh', rule: 'minLength' },
      { field: 'quota', rule: 'range' },
      { field: 'minHours', rule: 'range' },
      { field: 'criteria.0.name', rule: 'required' },
      { field: 'criteria.0.weight', rule: 'range' },
    ]);
  });
});
