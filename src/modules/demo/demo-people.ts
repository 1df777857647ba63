import type { AreaInput } from '../../domain/areas/area-rows.ts';
import { makeResidentId } from '../../domain/identity/index.ts';
import type { RegistrationInput } from '../../domain/volunteers/registration.ts';
import type { Profile } from '../volunteers/index.ts';
import { OCCUPATIONS, personName, stemOf, surnameOf, UNIVERSITIES } from './demo-names.ts';
import { availabilityFor, languagesFor, serviceCategoriesFor, skillsFor } from './demo-profile.ts';
import { addDays, cumulativePicker, increasingId, makeRng, type Rng, scatter } from './demo-random.ts';

/** The demo volunteer account's person: always index 0. */
export const DEMO_VOLUNTEER = { name: '张志愿', phone: '13800000001' };

export interface DemoSource {
  source: 'zyh' | 'zjvolunteer' | 'volunteer_china';
  externalId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface DemoPerson {
  index: number;
  communityIndex: number;
  age: number;
  student: boolean;
  input: RegistrationInput;
  profile: Profile;
  registeredVia: 'self' | 'import' | 'organization';
  registeredAt: Date;
  sources: DemoSource[];
}

export interface PeopleContext {
  today: string;
  /** The communities people live in, weighted by population. */
  communities: AreaInput[];
  /** Where the demo volunteer lives: the first community of the demo accounts' scopes. */
  demoCommunity: number;
  streetNames: Map<string, string>;
  /** Hangzhou's county codes: most people were born (and got their ID number) here. */
  districtCodes: string[];
  skills: { code: string; needsCertificate: boolean }[];
}

// Volunteers are mostly young and middle-aged adults; about 12 % are at school or college.
const AGE_BANDS: (readonly [readonly [number, number], number])[] = [
  [[8, 12], 2.5],
  [[13, 17], 4],
  [[18, 22], 8],
  [[23, 45], 55],
  [[46, 60], 18],
  [[61, 80], 12.5],
];
const OTHER_ZHEJIANG = '330203 330302 330402 330502 330602 330702 330802 330902 331002 331102'.split(' ');
const OTHER_PROVINCES = '340104 360102 410105 420106 430104 510107 320106 310104 110105 440106 350102 500103'.split(' ');
const MOBILE_PREFIXES = '130 133 135 136 137 138 139 150 151 158 159 177 180 186 187 188 189 199'.split(' ');
const SOURCES: (readonly [DemoSource['source'], number])[] = [
  ['zyh', 50],
  ['zjvolunteer', 35],
  ['volunteer_china', 15],
];
// Each platform numbers its volunteers its own way; numbers grow as a platform issues them.
const EXTERNAL_ID: Record<DemoSource['source'], (i: number) => string> = {
  zyh: (i) => String(increasingId(i, 3_300_000_000, 37)),
  zjvolunteer: (i) => `ZJ${increasingId(i, 100_000_000, 13)}`,
  volunteer_china: (i) => String(increasingId(i, 10_000_000, 23)),
};
const REGISTERED_VIA = [
  ['import', 55],
  ['self', 30],
  ['organization', 15],
] as const;
const EARLIEST_REGISTRATION = '2016-01-01';
const DAY = 86_400_000;

/** Mobile numbers are unique: the last 8 digits are a bijection of the index (index 0 → 00000001). */
const mobileOf = (prefix: string, i: number) => `${prefix}${String(scatter(i, 1e8, 61_234_567, 1)).padStart(8, '0')}`;

function birthDateFor(today: string, age: number, rng: Rng): string {
  const [y, m, d] = today.split('-').map(Number);
  // A birthday 1–364 days before today's date, `age` years back: the person is `age` today.
  return new Date(Date.UTC(y - age, m - 1, d - rng.int(1, 364))).toISOString().slice(0, 10);
}

/**
 * Generates the demo volunteers in order (call with 0, 1, 2 …): each with a registration as a
 * form would send it and the profile beyond it. Deterministic for a given date.
 */
export function peopleGenerator(ctx: PeopleContext) {
  const rng = makeRng(20_160_901); // the Charity Law came into force
  const pickCommunity = cumulativePicker(ctx.communities.map((c) => c.population));
  const birthplaces = [...ctx.districtCodes, ...OTHER_ZHEJIANG, ...OTHER_PROVINCES];
  const baseDay = Date.parse(`${addDays(ctx.today, -82 * 366)}T00:00:00Z`);
  const span = 82 * 366;
  // (birthplace, birth date, sex) → how many numbers are given out: the 3-digit sequence stays unique.
  const issued = new Uint16Array(birthplaces.length * span * 2);

  function residentId(birthplace: number, birthDate: string, male: boolean): string | undefined {
    const day = Math.round((Date.parse(`${birthDate}T00:00:00Z`) - baseDay) / DAY);
    const slot = (birthplace * span + day) * 2 + (male ? 1 : 0);
    const k = issued[slot]++;
    if (k >= 500) return undefined;
    // Odd sequence for men, even for women (GB 11643); scattered so numbers do not run 001, 003 …
    const seq = ((k * 37 + (day % 500)) % 500) * 2 + (male ? 1 : 0);
    return makeResidentId(birthplaces[birthplace], birthDate, String(seq).padStart(3, '0'));
  }

  function pickBirthplace(minor: boolean): number {
    const r = rng.next();
    const local = minor ? 0.85 : 0.65;
    if (r < local) return rng.int(0, ctx.districtCodes.length - 1);
    if (r < local + 0.2) return ctx.districtCodes.length + rng.int(0, OTHER_ZHEJIANG.length - 1);
    return ctx.districtCodes.length + OTHER_ZHEJIANG.length + rng.int(0, OTHER_PROVINCES.length - 1);
  }

  function sources(i: number, registeredAt: Date): DemoSource[] {
    const first = rng.weighted(SOURCES);
    const names = [first];
    // 30 % registered on a second platform too: the same person, one volunteer record.
    if (rng.chance(0.3)) names.push(rng.weighted(SOURCES.filter(([s]) => s !== first)));
    return names.map((source) => {
      const firstSeenAt = new Date(registeredAt.getTime() - rng.int(0, 400) * DAY);
      const lastSeenAt = new Date(firstSeenAt.getTime() + rng.next() * (Date.parse(ctx.today) - firstSeenAt.getTime()));
      return { source, externalId: EXTERNAL_ID[source](i), firstSeenAt, lastSeenAt };
    });
  }

  /** Who the person is: what their ID number says, their name, phone and, for a minor, a guardian. */
  function identity(i: number, demo: boolean) {
    const age = demo ? 32 : rng.int(...rng.weighted(AGE_BANDS));
    const male = demo || rng.chance(0.48);
    const birthplace = demo ? 0 : pickBirthplace(age < 18);
    let birthDate = birthDateFor(ctx.today, age, rng);
    let docNumber = residentId(birthplace, birthDate, male);
    while (!docNumber) {
      birthDate = birthDateFor(ctx.today, age, rng);
      docNumber = residentId(birthplace, birthDate, male);
    }
    const birthYear = Number(birthDate.slice(0, 4));
    const name = demo ? DEMO_VOLUNTEER.name : personName(rng, male ? 'male' : 'female', birthYear);
    const guardian =
      age < 18
        ? {
            name: personName(rng, rng.chance(0.6) ? 'male' : 'female', birthYear - 30, rng.chance(0.7) ? surnameOf(name) : undefined),
            phone: `${rng.pick(MOBILE_PREFIXES)}${String(scatter(i, 1e8, 48_271, 12_345)).padStart(8, '0')}`,
            consent: true,
          }
        : null;
    return { age, birthDate, docNumber, name, phone: mobileOf(demo ? '138' : rng.pick(MOBILE_PREFIXES), i), guardian };
  }

  /** Pupils and students by age (school named after their street), workers, retirees. */
  function schooling(age: number, communityCode: string, demo: boolean) {
    const schoolType: Profile['schoolType'] =
      age <= 12 ? 'primary' : age <= 17 ? 'secondary' : age <= 22 && rng.chance(0.7) ? 'college' : null;
    const street = stemOf(ctx.streetNames.get(communityCode.slice(0, 9)) ?? '杭州');
    const schoolName =
      schoolType === 'college'
        ? rng.pick(UNIVERSITIES)
        : schoolType && `杭州市${street}${schoolType === 'primary' ? '小学' : rng.pick(['中学', '初级中学', '高级中学'])}`;
    const retired = !demo && !schoolType && age >= 60 && rng.chance(0.7);
    const job = demo ? OCCUPATIONS[0] : schoolType || retired ? null : rng.weighted(OCCUPATIONS.map((o) => [o, o[1]] as const));
    const occupation = schoolType ? '学生' : retired ? '退休人员' : (job?.[0] ?? null);
    return { schoolType, schoolName: schoolName || null, retired, occupation, occupationSkill: job?.[2] ?? null };
  }

  return function person(i: number): DemoPerson {
    const demo = i === 0;
    const communityIndex = demo ? ctx.demoCommunity : pickCommunity(rng.next());
    const areaCode = ctx.communities[communityIndex].code;
    const { age, birthDate, docNumber, name, phone, guardian } = identity(i, demo);
    const { schoolType, schoolName, retired, occupation, occupationSkill } = schooling(age, areaCode, demo);
    const student = schoolType !== null;
    const profile: Profile = {
      politicalStatus: demo ? 'cpc_member' : politicalStatus(age, rng),
      education: education(age, schoolType, rng),
      occupation,
      schoolName,
      schoolType,
      skills: skillsFor(rng, ctx, { age, occupationSkill, demo }),
      availability: availabilityFor(rng, { student, retired, demo }),
      serviceCategories: serviceCategoriesFor(rng, { age, student, retired }),
    };
    profile.languages = languagesFor(rng, age, profile, demo);
    // Registered as an adult, or for minors from the age of 8, and not before the registry began.
    const earliest = [EARLIEST_REGISTRATION, addDays(birthDate, (age < 18 ? 8 : 18) * 365)].sort()[1];
    const days = Math.max(0, Math.round((Date.parse(ctx.today) - Date.parse(earliest)) / DAY) - 1);
    const registeredAt = new Date(Date.parse(`${earliest}T09:00:00+08:00`) + Math.floor(days * rng.next() ** 0.6) * DAY);
    const via = rng.weighted(REGISTERED_VIA);
    return {
      index: i,
      communityIndex,
      age,
      student,
      input: { name, docType: 'resident_id', docNumber, phone, areaCode, guardian, consent: true },
      profile,
      registeredVia: demo ? 'self' : via,
      registeredAt,
      sources: sources(i, registeredAt),
    };
  };
}

/** About 30 % party members (almost all over 18), 20 % league members (14–28), a few in democratic parties. */
function politicalStatus(age: number, rng: Rng): string {
  const r = rng.next();
  if (age < 14) return 'non_affiliated';
  if (age < 18) return r < 0.7 ? 'cyl_member' : 'non_affiliated';
  if (age < 28) return r < 0.78 ? 'cyl_member' : r < 0.86 ? 'cpc_member' : r < 0.89 ? 'cpc_probationary' : 'non_affiliated';
  // League membership ends at 28; a few have not yet left it.
  if (age < 31) return r < 0.12 ? 'cyl_member' : r < 0.45 ? 'cpc_member' : 'non_affiliated';
  return r < 0.4 ? 'cpc_member' : r < 0.415 ? 'democratic_party' : 'non_affiliated';
}

function education(age: number, schoolType: string | null, rng: Rng): string {
  if (schoolType === 'primary') return 'primary';
  if (schoolType === 'secondary') return age < 16 ? 'primary' : 'junior_secondary';
  if (schoolType === 'college') return 'senior_secondary';
  const older = age >= 55;
  return rng.weighted([
    ['primary', older ? 10 : 1],
    ['junior_secondary', older ? 30 : 8],
    ['senior_secondary', older ? 30 : 18],
    ['vocational', 18],
    ['bachelor', older ? 10 : 38],
    ['master', older ? 2 : 12],
    ['doctorate', older ? 0.5 : 2],
  ] as const);
}
