import type { VolunteerLanguage, VolunteerSkill } from '../../db/schema.ts';
import type { Profile } from '../volunteers/index.ts';
import { SERVICE_CATEGORIES } from './demo-names.ts';
import { addDays, type Rng } from './demo-random.ts';

/** What a volunteer can do, speaks and when they are free: drawn to look like a real registry. */

// Skills a school pupil may plausibly list; certified ones (first aid, driving …) need an adult.
const MINOR_SKILLS = new Set(['photography', 'event_service', 'it_support', 'elderly_care', 'tutoring', 'fire_safety', 'sign_language']);
// How often a skill is listed: event service and elder care are everyday, physicians and sign language rare.
const SKILL_WEIGHTS: Record<string, number> = {
  elderly_care: 3,
  event_service: 3,
  first_aid: 2,
  tutoring: 2,
  fire_safety: 2,
  photography: 2,
  it_support: 1.5,
  disability_support: 1.5,
  translation: 0.8,
  legal_aid: 0.8,
  emergency_rescue: 0.8,
  driving: 1,
  counseling: 0.5,
  nursing: 0.5,
  water_rescue: 0.3,
  physician: 0.2,
  lawyer: 0.2,
  sign_language: 0.15,
};

export function skillsFor(
  rng: Rng,
  ctx: { today: string; skills: { code: string; needsCertificate: boolean }[] },
  person: { age: number; occupationSkill: string | null; demo: boolean },
): VolunteerSkill[] {
  const allowed = (person.age < 18 ? ctx.skills.filter((s) => MINOR_SKILLS.has(s.code)) : ctx.skills).map(
    (s) => [s.code, SKILL_WEIGHTS[s.code] ?? 0.5] as const,
  );
  if (allowed.length === 0) return [];
  const codes = new Set<string>();
  if (person.demo) codes.add('first_aid');
  else {
    if (person.occupationSkill && rng.chance(0.7)) codes.add(person.occupationSkill);
    const wanted = rng.weighted([
      [0, 35],
      [1, 35],
      [2, 20],
      [3, 10],
    ] as const);
    for (let tries = 0; codes.size < wanted && tries < 6; tries++) codes.add(rng.weighted(allowed));
  }
  return [...codes]
    .map((code) => ctx.skills.find((s) => s.code === code))
    .filter((s) => s !== undefined)
    .map((s) =>
      s.needsCertificate
        ? {
            code: s.code,
            certificateNo: `ZJ${rng.int(2018, 2025)}${String(rng.int(0, 999_999)).padStart(6, '0')}`,
            expiresOn: addDays(ctx.today, rng.int(60, 1500)),
          }
        : { code: s.code },
    );
}

/** About 15 % speak English, a few Japanese, Korean or Chinese Sign Language. */
export function languagesFor(rng: Rng, age: number, profile: Profile, demo: boolean): VolunteerLanguage[] {
  if (demo) return [{ code: 'en', level: 'working' }];
  const languages: VolunteerLanguage[] = [];
  const level = () =>
    rng.weighted([
      ['basic', 40],
      ['working', 35],
      ['fluent', 25],
    ] as const);
  if (rng.chance(age <= 45 ? 0.18 : 0.06)) languages.push({ code: 'en', level: level() });
  if (rng.chance(0.015)) languages.push({ code: 'ja', level: level() });
  if (rng.chance(0.01)) languages.push({ code: 'ko', level: level() });
  if (rng.chance(0.004) || profile.skills?.some((s) => s.code === 'sign_language')) languages.push({ code: 'csl', level: 'working' });
  return languages;
}

// 21 bits: day d (Monday 0 … Sunday 6) × slot s (morning, afternoon, evening) is bit d*3+s.
function mask(rng: Rng, chanceOf: (day: number, slot: number) => number): number {
  let bits = 0;
  for (let day = 0; day < 7; day++) for (let slot = 0; slot < 3; slot++) if (rng.chance(chanceOf(day, slot))) bits |= 1 << (day * 3 + slot);
  return bits;
}

/** Weekends for most; pupils at weekends, retirees on weekdays, workers at weekends and some evenings. */
export function availabilityFor(rng: Rng, person: { student: boolean; retired: boolean; demo: boolean }): number {
  const weekend = (day: number) => day >= 5;
  if (person.demo) return mask(rng, (day, slot) => (weekend(day) && slot < 2 ? 1 : 0));
  if (rng.chance(0.04)) return 0;
  if (person.student) return mask(rng, (day, slot) => (weekend(day) ? (slot < 2 ? 0.85 : 0.3) : slot === 2 ? 0.15 : 0.03));
  if (person.retired) return mask(rng, (day, slot) => (slot === 2 ? 0.1 : weekend(day) ? 0.4 : 0.7));
  return mask(rng, (day, slot) => (weekend(day) ? (slot < 2 ? 0.8 : 0.35) : slot === 2 ? 0.3 : 0.04));
}

export function serviceCategoriesFor(rng: Rng, person: { age: number; student: boolean; retired: boolean }): string[] {
  const favourites = person.student
    ? ['education', 'event', 'environment']
    : person.retired
      ? ['elderly', 'community', 'culture']
      : SERVICE_CATEGORIES;
  const chosen = new Set<string>([rng.pick(favourites)]);
  const more = rng.int(0, 2);
  for (let i = 0; i < more; i++) chosen.add(rng.pick(SERVICE_CATEGORIES));
  return [...chosen];
}
