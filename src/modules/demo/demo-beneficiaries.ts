import type { BeneficiaryKind } from '../../domain/requests/catalog.ts';
import { personName, ROADS, surnameOf } from './demo-names.ts';
import { demoUuid, makeRng, type Rng, scatter } from './demo-random.ts';

/**
 * The demo city's beneficiaries (服务对象): about one for every 50 volunteers of a community, at
 * least 200 in the city, mostly older people living alone. Deterministic: the same city every seed.
 */

export interface DemoCommunity {
  code: string;
  name: string;
  street: string;
  lat: number;
  lng: number;
  volunteers: number;
}

/** How much a beneficiary is served over the year: never (the guard report's "registered but never served"), as usual, or over-served. */
export type ServiceProfile = 'never' | 'regular' | 'over';

export interface DemoBeneficiary {
  index: number;
  id: string;
  name: string;
  kind: BeneficiaryKind;
  birthYear: number;
  areaCode: string;
  lat: number;
  lng: number;
  address: string;
  addressMasked: string;
  phone: string | null;
  contactName: string | null;
  contactRelation: string | null;
  contactPhone: string | null;
  notes: string | null;
  consentBy: 'self' | 'guardian' | 'office';
  createdAt: Date;
  accountId: string | null;
  stationId: string | null;
  createdBy: string | null;
  profile: ServiceProfile;
}

export interface BeneficiaryContext {
  today: string;
  communities: DemoCommunity[];
  /** Stations by community: a walk-in registered there is looked after by its keeper. */
  stationsByCommunity: Map<string, string>;
  /** The demo accounts' community and station, and the accounts that register people there. */
  demo: {
    community: string;
    stationId: string;
    residentAccountId: string | null;
    communityAccountId: string | null;
    stationAccountId: string | null;
  };
}

const KINDS: (readonly [BeneficiaryKind, number])[] = [
  ['elderly_alone', 35],
  ['elderly', 30],
  ['disabled', 12],
  ['family_in_need', 10],
  ['child_in_care', 8],
  ['other', 5],
];
const AGES: Record<BeneficiaryKind, [number, number]> = {
  elderly_alone: [65, 96],
  elderly: [62, 92],
  disabled: [18, 80],
  child_in_care: [4, 15],
  family_in_need: [30, 62],
  other: [25, 85],
};
/** How likely each kind has a mobile of their own, and a family contact. */
const REACH: Record<BeneficiaryKind, [number, number]> = {
  elderly_alone: [0.55, 0.85],
  elderly: [0.65, 0.9],
  disabled: [0.7, 0.8],
  child_in_care: [0, 1],
  family_in_need: [0.95, 0.3],
  other: [0.9, 0.4],
};
const RELATIONS: Record<BeneficiaryKind, string[]> = {
  elderly_alone: ['儿子', '女儿', '侄子', '邻居', '外甥女'],
  elderly: ['儿子', '女儿', '老伴', '儿媳'],
  disabled: ['母亲', '父亲', '配偶', '姐姐'],
  child_in_care: ['祖母', '祖父', '母亲', '社工'],
  family_in_need: ['配偶', '兄弟'],
  other: ['亲属', '邻居'],
};
// Care notes are sensitive personal information (PIPL Art 28): sealed, never on a request.
const NOTES = [
  '独居，耳背，敲门请用力',
  '行动不便，使用助行器',
  '轻度认知障碍，上门前请先联系家属',
  '糖尿病，饮食需注意',
  '轮椅出行，楼道无电梯',
  '视力较差，需读信读药方',
];
// Prefixes no demo volunteer's mobile uses, so a caller's number finds a beneficiary and never a volunteer.
const MOBILE_PREFIXES = '131 132 155 156 166 173 176 181 185 191'.split(' ');
export const RESIDENT_PHONE = '19800000001';

/** Unique mobiles: the last 8 digits are a bijection of the number (own phones 0…, contacts 50 000 000…). */
const mobile = (rng: Rng, n: number) => `${rng.pick(MOBILE_PREFIXES)}${String(scatter(n, 1e8, 70_368_761, 4_242)).padStart(8, '0')}`;
const DAY = 86_400_000;

function jitter(rng: Rng, value: number, degrees: number) {
  return Math.round((value + (rng.next() - 0.5) * 2 * degrees) * 1e6) / 1e6;
}

/** How many beneficiaries each community gets: one per 50 volunteers, scaled up so the city has at least 200. */
export function beneficiaryCounts(communities: DemoCommunity[], demoCommunity: string): number[] {
  const volunteers = communities.reduce((sum, c) => sum + c.volunteers, 0);
  const rate = Math.max(1 / 50, 200 / Math.max(1, volunteers));
  // Rounded on the running total, so a city of small communities still gets its share; the demo
  // accounts' community has enough people that its office, station and keeper have work.
  let running = 0;
  return communities.map((c) => {
    const before = Math.round(running);
    running += c.volunteers * rate;
    return Math.max(c.code === demoCommunity ? 12 : 0, Math.round(running) - before);
  });
}

export function generateBeneficiaries(ctx: BeneficiaryContext): DemoBeneficiary[] {
  const rng = makeRng(20_200_701); // the Zhejiang volunteer service regulations took effect
  const year = Number(ctx.today.slice(0, 4));
  const todayAt = Date.parse(`${ctx.today}T09:00:00+08:00`);
  const counts = beneficiaryCounts(ctx.communities, ctx.demo.community);
  const people: DemoBeneficiary[] = [];
  ctx.communities.forEach((c, ci) => {
    for (let k = 0; k < counts[ci]; k++) {
      const i = people.length;
      const demoCommunity = c.code === ctx.demo.community;
      const kind = rng.weighted(KINDS);
      const birthYear = year - rng.int(...AGES[kind]);
      const male = rng.chance(0.45);
      const name = personName(rng, male ? 'male' : 'female', birthYear);
      const [ownPhone, contact] = REACH[kind];
      const hasContact = rng.chance(contact);
      const building = rng.int(1, 30);
      // At a station: the demo station's first six, a fifth of the people of other communities with one.
      const station = demoCommunity && k < 6 ? ctx.demo.stationId : rng.chance(0.2) ? (ctx.stationsByCommunity.get(c.code) ?? null) : null;
      // Most registered a year or more ago; a fifth during the year (their requests start then).
      const daysAgo = rng.chance(0.8) ? rng.int(370, 730) : rng.int(20, 365);
      people.push({
        index: i,
        id: demoUuid(11, i),
        name,
        kind,
        birthYear,
        areaCode: c.code,
        lat: jitter(rng, c.lat, 0.007),
        lng: jitter(rng, c.lng, 0.008),
        address: `杭州市${c.street}${c.name}${rng.pick(ROADS)}${rng.int(1, 399)}号${building}幢${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`,
        addressMasked: `${c.street} · ${c.name} ${building} 幢`,
        phone: rng.chance(ownPhone) ? mobile(rng, i) : null,
        contactName: hasContact ? personName(rng, rng.chance(0.5) ? 'male' : 'female', birthYear + 28, surnameOf(name)) : null,
        contactRelation: hasContact ? rng.pick(RELATIONS[kind]) : null,
        contactPhone: hasContact ? mobile(rng, 50_000_000 + i) : null,
        notes: rng.chance(0.4) ? rng.pick(NOTES) : null,
        consentBy:
          kind === 'child_in_care' ? 'guardian' : rng.chance(0.2) ? 'office' : hasContact && rng.chance(0.15) ? 'guardian' : 'self',
        createdAt: new Date(todayAt - daysAgo * DAY + rng.int(0, 8 * 60) * 60_000),
        accountId: null,
        stationId: station,
        createdBy: station === ctx.demo.stationId ? ctx.demo.stationAccountId : demoCommunity ? ctx.demo.communityAccountId : null,
        // Spread evenly through the city: one in ten never served, one in twenty-five over-served.
        profile: i % 10 === 3 ? 'never' : i % 25 === 7 ? 'over' : 'regular',
      });
    }
  });
  const home = ctx.communities.find((c) => c.code === ctx.demo.community);
  if (home && ctx.demo.residentAccountId) people.push(residentBeneficiary(rng, people.length, home, ctx, year, todayAt));
  return people;
}

/** The demo resident (李居民) uses the phone page themselves: their own record, linked to their account. */
function residentBeneficiary(
  rng: Rng,
  i: number,
  c: DemoCommunity,
  ctx: BeneficiaryContext,
  year: number,
  todayAt: number,
): DemoBeneficiary {
  return {
    index: i,
    id: demoUuid(11, i),
    name: '李居民',
    kind: 'elderly',
    birthYear: year - 71,
    areaCode: c.code,
    lat: jitter(rng, c.lat, 0.004),
    lng: jitter(rng, c.lng, 0.004),
    address: `杭州市${c.street}${c.name}${ROADS[0]}88号6幢2单元501室`,
    addressMasked: `${c.street} · ${c.name} 6 幢`,
    phone: RESIDENT_PHONE,
    contactName: '李晓梅',
    contactRelation: '女儿',
    contactPhone: mobile(rng, 50_000_000 + i),
    notes: null,
    consentBy: 'self',
    createdAt: new Date(todayAt - 400 * DAY),
    accountId: ctx.demo.residentAccountId,
    stationId: null,
    createdBy: ctx.demo.residentAccountId,
    profile: 'regular',
  };
}
