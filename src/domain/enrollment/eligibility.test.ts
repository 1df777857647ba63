import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaInstant } from '../activities/schedule.ts';
import { DEFAULT_LIMITS, type Person, type Requirements, requirementReasons, type Shift, workloadReasons } from './eligibility.ts';

const open: Requirements = {
  skills: [],
  languages: [],
  minAge: null,
  maxAge: null,
  courses: [],
  minStars: 0,
  insuranceRequired: false,
  minorsAllowed: false,
  minorDailyHours: null,
};
const adult: Person = {
  birthDate: '1990-05-01',
  skills: [],
  languages: [],
  completedCourses: new Set(),
  stars: 0,
  guardianConsent: false,
  insured: false,
};
const DAY = '2026-12-05';
const rules = (req: Partial<Requirements>, person: Partial<Person> = {}) =>
  requirementReasons({ ...open, ...req }, { ...adult, ...person }, DAY).map((r) => r.rule);

describe('position requirements', () => {
  it('lets anyone take a position without requirements', () => {
    expect(rules({})).toEqual([]);
  });

  it('says which skill, language level, course, star level or insurance is missing', () => {
    const req: Partial<Requirements> = {
      skills: ['first_aid'],
      languages: [{ code: 'en', minLevel: 'fluent' }],
      courses: [{ id: 'c1', name: '急救培训' }],
      minStars: 2,
      insuranceRequired: true,
    };
    expect(requirementReasons({ ...open, ...req }, { ...adult, languages: [{ code: 'en', level: 'working' }] }, DAY)).toEqual([
      { rule: 'skill', skill: 'first_aid' },
      { rule: 'language', language: 'en', minLevel: 'fluent' },
      { rule: 'course', course: '急救培训' },
      { rule: 'stars', minStars: 2, stars: 0 },
      { rule: 'insurance' },
    ]);
    const qualified: Partial<Person> = {
      skills: [{ code: 'first_aid', expiresOn: '2027-01-01' }],
      languages: [{ code: 'en', level: 'native' }],
      completedCourses: new Set(['c1']),
      stars: 3,
      insured: true,
    };
    expect(rules(req, qualified)).toEqual([]);
    expect(rules(req, { ...qualified, skills: [{ code: 'first_aid', expiresOn: '2026-12-01' }] })).toEqual(['skill_expired']);
  });

  it('checks age on the activity’s day; minors need the position to allow them and a guardian’s consent', () => {
    const fifteen = { birthDate: '2011-06-01' };
    expect(rules({}, fifteen)).toEqual(['minors_not_allowed']);
    expect(requirementReasons({ ...open, minorsAllowed: true }, { ...adult, ...fifteen }, DAY)).toEqual([
      { rule: 'guardian_consent', age: 15 },
    ]);
    expect(rules({ minorsAllowed: true }, { ...fifteen, guardianConsent: true })).toEqual([]);
    expect(rules({ minAge: 18, maxAge: 30 }, { birthDate: '1960-01-01' })).toEqual(['max_age']);
    // The 18th birthday on the activity's day counts.
    expect(rules({}, { birthDate: '2008-12-05' })).toEqual([]);
    expect(rules({ minAge: 16 }, { birthDate: null })).toEqual(['age_unknown']);
  });

  it('never finds a reason against someone who meets every requirement (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 70 }), fc.integer({ min: 0, max: 5 }), (age, stars) => {
        const birthDate = `${2026 - age - 1}-01-01`;
        expect(rules({ minAge: 18, maxAge: 75, minStars: stars }, { birthDate, stars })).toEqual([]);
      }),
    );
  });
});

const shift = (id: string, date: string, from: string, to: string): Shift => ({
  id,
  title: id,
  start: chinaInstant(date, from),
  end: chinaInstant(date, to),
});

describe('working-time limits', () => {
  const saturday = shift('new', '2026-12-05', '09:00', '11:00');

  it('refuses an overlapping shift, naming it, and allows a handover within the grace', () => {
    const held = [shift('图书馆', '2026-12-05', '10:30', '12:00')];
    expect(workloadReasons(saturday, held, DEFAULT_LIMITS, false)).toEqual([
      { rule: 'overlap', shift: '图书馆', start: held[0].start, end: held[0].end },
    ]);
    expect(workloadReasons(saturday, held, { ...DEFAULT_LIMITS, overlapGraceMinutes: 30 }, false)).toEqual([]);
    expect(workloadReasons(saturday, [shift('a', '2026-12-05', '11:00', '12:00')], DEFAULT_LIMITS, false)).toEqual([]);
  });

  it('caps hours a day and a week, stricter for minors', () => {
    const sameDay = [shift('a', '2026-12-05', '12:00', '20:30')];
    expect(workloadReasons(saturday, sameDay, DEFAULT_LIMITS, false).map((r) => r.rule)).toEqual(['daily_hours']);
    expect(workloadReasons(saturday, [], DEFAULT_LIMITS, true)).toEqual([]);
    expect(workloadReasons(shift('long', '2026-12-05', '09:00', '14:00'), [], DEFAULT_LIMITS, true).map((r) => r.rule)).toEqual([
      'daily_hours',
    ]);
    expect(workloadReasons(saturday, [], DEFAULT_LIMITS, true, 1.5)).toEqual([{ rule: 'daily_hours', limit: 1.5, hours: 2 }]);
    // Monday to Friday 9 h a day = 45 h; Saturday's 2 h stay under 48, 5 h do not.
    const week = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((d) => shift(d, d, '08:00', '17:00'));
    expect(workloadReasons(saturday, week, DEFAULT_LIMITS, false)).toEqual([]);
    expect(workloadReasons(shift('x', '2026-12-05', '09:00', '14:00'), week, DEFAULT_LIMITS, false)).toEqual([
      { rule: 'weekly_hours', limit: 48, hours: 50 },
    ]);
  });

  it('needs the rest between a late shift and an early one the next day', () => {
    const late = [shift('夜班', '2026-12-04', '18:00', '23:30')];
    expect(workloadReasons(shift('早班', '2026-12-05', '07:00', '09:00'), late, DEFAULT_LIMITS, false)).toEqual([
      { rule: 'rest', limit: 11, shift: '夜班' },
    ]);
    expect(workloadReasons(shift('早班', '2026-12-05', '10:30', '12:00'), late, DEFAULT_LIMITS, false)).toEqual([]);
  });
});
