import { chinaDate, chinaWeekStart, hoursBetween } from '../activities/schedule.ts';
import { ageOn } from '../identity/index.ts';
import { LANGUAGE_LEVELS, type LanguageLevel } from '../volunteers/registration.ts';

/**
 * Who may take a position (条例 Art 15–17): the position's requirements, the person's age and
 * guardian's consent, insurance on the day, and the working-time limits over the shifts they
 * already hold. Every reason says exactly what is missing, so a volunteer knows what to do.
 */

export interface Requirements {
  skills: string[];
  languages: { code: string; minLevel: LanguageLevel }[];
  minAge: number | null;
  maxAge: number | null;
  /** Training courses that must be completed (Art 16). */
  courses: { id: string; name: string }[];
  minStars: number;
  insuranceRequired: boolean;
  minorsAllowed: boolean;
  /** A stricter daily cap for minors on this position, in hours. */
  minorDailyHours: number | null;
}

export interface Person {
  birthDate: string | null;
  skills: { code: string; expiresOn?: string | null }[];
  languages: { code: string; level: LanguageLevel }[];
  completedCourses: ReadonlySet<string>;
  stars: number;
  guardianConsent: boolean;
  /** Covered by a personal or the organization's group accident policy on the activity's day (Art 17). */
  insured: boolean;
}

export interface Shift {
  id: string;
  title: string;
  start: Date;
  end: Date;
}

/** Working-time limits: per city, overridable per project (a large event). */
export interface WorkloadLimits {
  dailyHours: number;
  restHours: number;
  weeklyHours: number;
  minorDailyHours: number;
  minorRestHours: number;
  minorWeeklyHours: number;
  /** Two shifts may overlap by this much (a handover) without counting as overlapping. */
  overlapGraceMinutes: number;
}

export const DEFAULT_LIMITS: WorkloadLimits = {
  dailyHours: 10,
  restHours: 11,
  weeklyHours: 48,
  minorDailyHours: 4,
  minorRestHours: 12,
  minorWeeklyHours: 20,
  overlapGraceMinutes: 0,
};

export type Reason =
  | { rule: 'skill'; skill: string }
  | { rule: 'skill_expired'; skill: string; expiresOn: string }
  | { rule: 'language'; language: string; minLevel: LanguageLevel }
  | { rule: 'min_age'; minAge: number; age: number }
  | { rule: 'max_age'; maxAge: number; age: number }
  | { rule: 'age_unknown' }
  | { rule: 'course'; course: string }
  | { rule: 'stars'; minStars: number; stars: number }
  | { rule: 'insurance' }
  | { rule: 'minors_not_allowed'; age: number }
  | { rule: 'guardian_consent'; age: number }
  | { rule: 'overlap'; shift: string; start: Date; end: Date }
  | { rule: 'daily_hours'; limit: number; hours: number }
  | { rule: 'rest'; limit: number; shift: string }
  | { rule: 'weekly_hours'; limit: number; hours: number };

const levelRank = (level: LanguageLevel) => LANGUAGE_LEVELS.indexOf(level);

export function requirementReasons(req: Requirements, person: Person, day: string): Reason[] {
  const reasons: Reason[] = [];
  for (const code of req.skills) {
    const held = person.skills.find((s) => s.code === code);
    if (!held) reasons.push({ rule: 'skill', skill: code });
    else if (held.expiresOn && held.expiresOn < day) reasons.push({ rule: 'skill_expired', skill: code, expiresOn: held.expiresOn });
  }
  for (const need of req.languages) {
    const held = person.languages.find((l) => l.code === need.code);
    if (!held || levelRank(held.level) < levelRank(need.minLevel))
      reasons.push({ rule: 'language', language: need.code, minLevel: need.minLevel });
  }
  const age = person.birthDate ? ageOn(person.birthDate, day) : null;
  if (age === null) {
    if (req.minAge !== null || req.maxAge !== null || !req.minorsAllowed) reasons.push({ rule: 'age_unknown' });
  } else {
    if (req.minAge !== null && age < req.minAge) reasons.push({ rule: 'min_age', minAge: req.minAge, age });
    if (req.maxAge !== null && age > req.maxAge) reasons.push({ rule: 'max_age', maxAge: req.maxAge, age });
    if (age < 18 && !req.minorsAllowed) reasons.push({ rule: 'minors_not_allowed', age });
    else if (age < 18 && !person.guardianConsent) reasons.push({ rule: 'guardian_consent', age });
  }
  for (const course of req.courses) if (!person.completedCourses.has(course.id)) reasons.push({ rule: 'course', course: course.name });
  if (person.stars < req.minStars) reasons.push({ rule: 'stars', minStars: req.minStars, stars: person.stars });
  if (req.insuranceRequired && !person.insured) reasons.push({ rule: 'insurance' });
  return reasons;
}

/**
 * The working-time rules against the shifts a person already holds: no overlap (beyond the
 * grace), at most so many hours a China day and a week (Monday to Sunday), and enough rest
 * between shifts on different days.
 */
export function workloadReasons(
  shift: Shift,
  held: readonly Shift[],
  limits: WorkloadLimits,
  minor: boolean,
  minorDailyHours?: number | null,
): Reason[] {
  const reasons: Reason[] = [];
  const grace = limits.overlapGraceMinutes * 60_000;
  const others = held.filter((h) => h.id !== shift.id);
  for (const h of others) {
    if (shift.start.getTime() < h.end.getTime() - grace && shift.end.getTime() > h.start.getTime() + grace) {
      reasons.push({ rule: 'overlap', shift: h.title, start: h.start, end: h.end });
    }
  }
  const dailyLimit = minor ? Math.min(limits.minorDailyHours, minorDailyHours ?? Number.POSITIVE_INFINITY) : limits.dailyHours;
  const day = chinaDate(shift.start);
  const dayHours = others
    .filter((h) => chinaDate(h.start) === day)
    .reduce((n, h) => n + hoursBetween(h.start, h.end), hoursBetween(shift.start, shift.end));
  if (dayHours > dailyLimit) reasons.push({ rule: 'daily_hours', limit: dailyLimit, hours: round(dayHours) });

  const restLimit = minor ? limits.minorRestHours : limits.restHours;
  for (const h of others) {
    if (chinaDate(h.start) === day) continue;
    const gap = h.end <= shift.start ? hoursBetween(h.end, shift.start) : hoursBetween(shift.end, h.start);
    if (gap >= 0 && gap < restLimit) reasons.push({ rule: 'rest', limit: restLimit, shift: h.title });
  }

  const weekLimit = minor ? limits.minorWeeklyHours : limits.weeklyHours;
  const week = chinaWeekStart(shift.start);
  const weekHours = others
    .filter((h) => chinaWeekStart(h.start) === week)
    .reduce((n, h) => n + hoursBetween(h.start, h.end), hoursBetween(shift.start, shift.end));
  if (weekHours > weekLimit) reasons.push({ rule: 'weekly_hours', limit: weekLimit, hours: round(weekHours) });
  return reasons;
}

const round = (hours: number) => Math.round(hours * 100) / 100;
