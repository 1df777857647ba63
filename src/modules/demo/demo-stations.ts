import type { AreaBook } from './demo-census.ts';
import { personName, ROADS, stemOf } from './demo-names.ts';
import type { DemoOrganization } from './demo-organizations.ts';
import { addDays, cumulativePicker, demoUuid, makeRng, momentOn } from './demo-random.ts';

type Kind = 'u_station' | 'leifeng_home' | 'service_station' | 'youth_v_station';

export interface DemoStation {
  id: string;
  name: string;
  kind: Kind;
  areaCode: string;
  lat: number;
  lng: number;
  address: string;
  floorArea: number;
  openingHours: string;
  hostOrganizationId: string;
  status: 'open' | 'closed';
  createdAt: Date;
  inspections: { inspectedOn: string; inspectorName: string; itemsMet: string[]; notes: string | null }[];
}

const OPENING_HOURS = [
  '周一至周五 9:00-17:00',
  '周一至周日 8:30-17:30',
  '周二至周日 9:00-16:30',
  '周六、周日 9:00-17:00',
  '周一至周五 8:30-11:30，13:30-17:00',
  '每天 7:00-21:00',
];
const KIND_NAMES: Record<Kind, (community: string, street: string) => string> = {
  u_station: (community) => `${stemOf(community)}志愿服务U站`,
  leifeng_home: (community) => `${stemOf(community)}雷锋之家`,
  service_station: (community) => `${community}志愿服务站`,
  youth_v_station: (_, street) => `${stemOf(street)}青年V站`,
};

export interface StationContext {
  today: string;
  book: AreaBook;
  organizations: DemoOrganization[];
  demoStationId: string;
  /** The first community: the station keeper's station is there. */
  demoCommunity: string;
  standards: { code: string; nameZh: string }[];
}

/** The active organization closest to an area (same community, street, then district), else the demo one. */
function hostFinder(organizations: DemoOrganization[]) {
  const byArea = new Map<string, DemoOrganization[]>();
  for (const o of organizations) {
    if (o.status !== 'active') continue;
    const list = byArea.get(o.areaCode) ?? [];
    list.push(o);
    byArea.set(o.areaCode, list);
  }
  return (code: string, r: number) => {
    for (const prefix of [code, code.slice(0, 9), code.slice(0, 6)]) {
      const list = byArea.get(prefix);
      if (list) return list[Math.floor(r * list.length)];
    }
    return organizations[0];
  };
}

/**
 * Service stations near their community's centre, hosted by a nearby organization; about half
 * were inspected and met every standard, a quarter met some. Index 0 is the demo station.
 */
export function generateStations(ctx: StationContext, count: number): DemoStation[] {
  const rng = makeRng(19_630_305); // 向雷锋同志学习
  const communities = ctx.book.communities;
  const pickCommunity = cumulativePicker(communities.map((c) => c.population));
  const hostNear = hostFinder(ctx.organizations);
  const names = new Map<string, number>();
  const stations: DemoStation[] = [];
  for (let i = 0; i < count; i++) {
    const demo = i === 0;
    const community = demo ? (ctx.book.byCode.get(ctx.demoCommunity) ?? communities[0]) : communities[pickCommunity(rng.next())];
    const kind: Kind = demo
      ? 'u_station'
      : rng.weighted([
          ['u_station', 30],
          ['leifeng_home', 20],
          ['service_station', 35],
          ['youth_v_station', 15],
        ] as const);
    let name = KIND_NAMES[kind](community.name, ctx.book.name(community.code.slice(0, 9)));
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen) name = `${name}（${seen + 1}号）`;
    const created = addDays('2016-03-05', rng.int(0, 2500));
    const district = ctx.book.name(community.code.slice(0, 6));
    const roll = demo ? 0 : rng.next();
    const inspections: DemoStation['inspections'] = [];
    const inspector = () => `${district}文明办 ${personName(rng, rng.chance(0.5) ? 'male' : 'female', 1980)}`;
    if (roll < 0.75) {
      const all = roll < 0.5;
      const met = all ? ctx.standards : ctx.standards.filter(() => rng.chance(0.6));
      const missing = ctx.standards.filter((s) => !met.includes(s));
      if (all && rng.chance(0.3)) {
        // Met everything at the second visit, after putting right what the first one found.
        const first = ctx.standards.slice(0, -2);
        inspections.push({
          inspectedOn: addDays(ctx.today, -rng.int(300, 420)),
          inspectorName: inspector(),
          itemsMet: first.map((s) => s.code),
          notes: '服务台账不完整，需限期整改',
        });
      }
      inspections.push({
        inspectedOn: addDays(ctx.today, -rng.int(10, 280)),
        inspectorName: inspector(),
        itemsMet: met.map((s) => s.code),
        notes: missing.length ? `待整改：${missing.map((s) => s.nameZh).join('、')}` : null,
      });
    }
    stations.push({
      id: demo ? ctx.demoStationId : demoUuid(3, i),
      name,
      kind,
      areaCode: community.code,
      lat: Math.round(((community.lat ?? 30.27) + (rng.next() - 0.5) * 0.008) * 1e6) / 1e6,
      lng: Math.round(((community.lng ?? 120.15) + (rng.next() - 0.5) * 0.008) * 1e6) / 1e6,
      address: `${ctx.book.fullName(community.code)}${rng.pick(ROADS)}${rng.int(1, 399)}号`,
      floorArea: demo ? 60 : Math.round(20 + 280 * rng.next() ** 1.8),
      openingHours: demo ? OPENING_HOURS[0] : rng.pick(OPENING_HOURS),
      hostOrganizationId: demo ? ctx.organizations[0].id : hostNear(community.code, rng.next()).id,
      status: !demo && rng.chance(0.03) ? 'closed' : 'open',
      createdAt: momentOn(created, rng),
      inspections,
    });
  }
  return stations;
}
