import { makeUscc } from '../../domain/identity/index.ts';
import type { AreaBook, VolunteerPool } from './demo-census.ts';
import { CATEGORY_NAMES, COMPANIES, GOVERNMENT_UNITS, ROADS, SERVICE_CATEGORIES, stemOf, TEAM_THEMES, UNIVERSITIES } from './demo-names.ts';
import { addDays, demoUuid, makeRng, momentOn, type Rng, scatter } from './demo-random.ts';

type Kind = 'registered' | 'filed' | 'unit';
type UnitType = 'company' | 'school' | 'government' | 'other';
type Status = 'pending' | 'active' | 'suspended';

export interface DemoOrganization {
  index: number;
  id: string;
  name: string;
  kind: Kind;
  uscc: string | null;
  unitType: UnitType | null;
  parentId: string | null;
  areaCode: string;
  status: Status;
  joinMode: 'open' | 'approval' | 'invitation';
  hasPartyBranch: boolean;
  hasLeagueBranch: boolean;
  serviceCategories: string[];
  leader: number;
  address: string;
  description: string;
  createdAt: Date;
  events: { from: Status | null; to: Status; reason: string | null; actorLabel: string; at: Date }[];
}

export interface DemoMember {
  volunteer: number;
  role: 'leader' | 'admin' | 'member';
  status: 'active' | 'applied' | 'left';
  joinedAt: Date | null;
  endedAt: Date | null;
}

export const DEMO_ORGANIZATION = { name: '西湖义工队', members: 40 };

export interface OrganizationContext {
  today: string;
  book: AreaBook;
  pool: VolunteerPool;
  demoOrganizationId: string;
}

const firstDate = '2012-01-01';
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Registered associations at the city and districts, teams filed at streets and communities, unit teams. */
function placeAndName(rng: Rng, ctx: OrganizationContext, kind: Kind, unitType: UnitType | null) {
  const { book } = ctx;
  const district = rng.pick(book.districts);
  const street = rng.pick(book.childrenOf(district.code));
  const community = rng.pick(book.childrenOf(street.code));
  const theme = rng.pick(TEAM_THEMES);
  if (kind === 'registered') {
    const atCity = rng.chance(0.08);
    const area = atCity ? book.city : district;
    const suffix = rng.pick(['志愿者协会', '志愿服务中心', '公益服务中心']);
    return { areaCode: area.code, name: `${atCity ? '杭州市' : district.name}${theme}${suffix}` };
  }
  if (kind === 'filed') {
    const area = rng.chance(0.6) ? community : street;
    return { areaCode: area.code, name: `${stemOf(area.name)}${theme}志愿服务队` };
  }
  const name =
    unitType === 'school'
      ? rng.chance(0.4)
        ? `${rng.pick(UNIVERSITIES)}青年志愿者协会${rng.chance(0.5) ? `${stemOf(street.name)}服务队` : ''}`
        : `杭州市${stemOf(street.name)}${rng.pick(['中学', '小学', '职业高级中学'])}志愿服务队`
      : unitType === 'company'
        ? `${rng.pick(COMPANIES)}${stemOf(street.name)}志愿服务队`
        : unitType === 'government'
          ? `${district.name}${rng.pick(GOVERNMENT_UNITS)}党员志愿服务队`
          : `${stemOf(street.name)}${rng.pick(['社区卫生服务中心', '图书馆', '文化站', '养老院'])}志愿服务队`;
  return { areaCode: unitType === 'government' ? district.code : street.code, name };
}

/** A street or community inside an area: where a sub-team (filed at one of them) works. */
function subArea(rng: Rng, book: AreaBook, code: string): string {
  if (code.length === 12) return code;
  if (code.length === 9) return rng.pick(book.childrenOf(code)).code;
  const district = code.length === 6 ? code : rng.pick(book.districts).code;
  return rng.pick(book.childrenOf(district)).code;
}

const ORDINALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** '清波助残志愿服务队' the second time is '清波助残第二志愿服务队'. */
function uniqueName(seen: Map<string, number>, base: string): string {
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  if (n === 1) return base;
  const ordinal = `第${ORDINALS[n] ?? n}`;
  const numbered = base.replace(/(志愿服务队|志愿者协会|志愿服务中心|公益服务中心|服务队|分队)$/, `${ordinal}$1`);
  return numbered === base ? `${base}（${ordinal}）` : numbered;
}

/** Status history: every organization applied; most were approved; one was suspended later. */
function history(rng: Rng, ctx: OrganizationContext, o: Pick<DemoOrganization, 'status' | 'areaCode' | 'createdAt'>, applicant: string) {
  const events: DemoOrganization['events'] = [{ from: null, to: 'pending', reason: null, actorLabel: applicant, at: o.createdAt }];
  if (o.status === 'pending') return events;
  const office = ctx.book.office(o.areaCode);
  const approved = new Date(o.createdAt.getTime() + rng.int(1, 20) * 86_400_000);
  events.push({ from: 'pending', to: 'active', reason: null, actorLabel: office, at: approved });
  if (o.status === 'suspended') {
    const at = new Date(approved.getTime() + (Date.parse(ctx.today) - approved.getTime()) * 0.8);
    events.push({ from: 'active', to: 'suspended', reason: '年度检查未通过，暂停活动，限期整改', actorLabel: office, at });
  }
  return events;
}

const KINDS = [
  ['filed', 50],
  ['unit', 30],
  ['registered', 20],
] as const;
const UNIT_TYPES = [
  ['school', 35],
  ['company', 30],
  ['government', 25],
  ['other', 10],
] as const;
const JOIN_MODES = [
  ['open', 40],
  ['approval', 50],
  ['invitation', 10],
] as const;

/** A 统一社会信用代码 of a social organization (5 = civil affairs; 1 association, 2 private non-enterprise, 3 foundation). */
function usccFor(rng: Rng, j: number, areaCode: string): string {
  const orgCode = `MJ${String(scatter(j, 1e7, 1_234_567, 89)).padStart(7, '0')}`;
  return makeUscc(`5${rng.pick(['1', '2', '3'])}${areaCode.slice(0, 6).padEnd(6, '0')}${orgCode}`);
}

/** Kind, unit type, area and a name not yet taken; a sub-team works in one street or community of its parent's area. */
function placeOrganization(rng: Rng, ctx: OrganizationContext, names: Map<string, number>, parent: DemoOrganization | null) {
  let kind: Kind = rng.weighted(KINDS);
  let unitType: UnitType | null = kind === 'unit' ? rng.weighted(UNIT_TYPES) : null;
  let { areaCode, name } = placeAndName(rng, ctx, kind, unitType);
  // Names are unique in a city's register: draw again, and number the team as a last resort.
  for (let tries = 0; names.has(name) && tries < 4; tries++) ({ areaCode, name } = placeAndName(rng, ctx, kind, unitType));
  if (parent) {
    kind = parent.kind === 'unit' ? 'unit' : 'filed';
    unitType = parent.unitType;
    areaCode = subArea(rng, ctx.book, parent.areaCode);
    const where = areaCode === parent.areaCode ? rng.pick(['青年', '党员', '巾帼', '银龄']) : stemOf(ctx.book.name(areaCode));
    name = `${parent.name}${where}分队`;
  }
  return { kind, unitType, areaCode, name: uniqueName(names, name) };
}

/**
 * The demo organizations, deterministic: index 0 is 西湖义工队 (the org admin's), one is
 * suspended, about 2 % are applications still pending, about 10 % are sub-teams.
 */
export function generateOrganizations(ctx: OrganizationContext, count: number): DemoOrganization[] {
  const rng = makeRng(20_080_512); // volunteers came in their thousands after the Wenchuan earthquake
  const suspended = Math.max(1, Math.floor(count / 3));
  const orgs: DemoOrganization[] = [];
  const parents: DemoOrganization[] = [];
  const names = new Map<string, number>([[DEMO_ORGANIZATION.name, 1]]);
  for (let j = 0; j < count; j++) {
    const demo = j === 0;
    const status: Status = demo ? 'active' : j === suspended ? 'suspended' : rng.chance(0.02) ? 'pending' : 'active';
    const parent = !demo && j !== suspended && parents.length > 5 && rng.chance(0.1) ? rng.pick(parents) : null;
    const place = demo
      ? { kind: 'filed' as const, unitType: null, areaCode: ctx.book.streets[0].code, name: DEMO_ORGANIZATION.name }
      : placeOrganization(rng, ctx, names, parent);
    const { areaCode, name } = place;
    const leader = ctx.pool.pick(rng, ctx.pool.size(areaCode) > 0 ? areaCode : ctx.book.city.code, (v) => ctx.pool.census.age[v] >= 25);
    const latest = addDays(ctx.today, -41);
    const since = parent ? [addDays(parent.createdAt.toISOString().slice(0, 10), rng.int(30, 400)), latest].sort()[0] : firstDate;
    const created =
      status === 'pending'
        ? addDays(ctx.today, -rng.int(1, 30))
        : addDays(since, rng.int(0, Math.max(0, daysBetween(since, ctx.today) - 40)));
    const categories = demo
      ? ['community', 'elderly', 'environment']
      : [...new Set([rng.pick(SERVICE_CATEGORIES), rng.pick(SERVICE_CATEGORIES)])];
    const work = demo ? '西湖景区文明引导、助老和环保' : categories.map((c) => CATEGORY_NAMES[c]).join('、');
    const org: DemoOrganization = {
      ...place,
      index: j,
      id: demo ? ctx.demoOrganizationId : demoUuid(2, j),
      uscc: place.kind === 'registered' ? usccFor(rng, j, areaCode) : null,
      parentId: parent?.id ?? null,
      status,
      joinMode: demo ? 'approval' : rng.weighted(JOIN_MODES),
      hasPartyBranch: demo || rng.chance(0.7),
      hasLeagueBranch: rng.chance(place.unitType === 'school' ? 0.8 : 0.25),
      serviceCategories: categories,
      leader,
      address: `${ctx.book.fullName(areaCode)}${rng.pick(ROADS)}${rng.int(1, 399)}号`,
      description: `${name}成立于${created.slice(0, 4)}年，常年开展${work}等志愿服务。`,
      createdAt: momentOn(created, rng),
      events: [],
    };
    org.events = history(rng, ctx, org, ctx.pool.census.names[leader]);
    orgs.push(org);
    if (status === 'active' && !parent) parents.push(org);
  }
  return orgs;
}

/**
 * Members of one organization, 5–80 (most teams are small), living mostly in its area: a
 * leader, a couple of admins, members; a few applications and departures. Pending
 * organizations have only their applicant. Seeded per organization, so order does not matter.
 */
export function membersOf(ctx: OrganizationContext, o: DemoOrganization, demoVolunteer: number | null): DemoMember[] {
  const rng = makeRng(1_000_003 + o.index);
  const since = o.events.find((e) => e.to === 'active')?.at ?? o.createdAt;
  const joined = () => new Date(since.getTime() + rng.next() * (Date.parse(ctx.today) - since.getTime()));
  const members: DemoMember[] = [{ volunteer: o.leader, role: 'leader', status: 'active', joinedAt: since, endedAt: null }];
  if (o.status === 'pending') return members;
  const size = o.index === 0 ? DEMO_ORGANIZATION.members : 5 + Math.floor(75 * rng.next() ** 2.2);
  const seen = new Set([o.leader]);
  if (demoVolunteer !== null && !seen.has(demoVolunteer)) {
    seen.add(demoVolunteer);
    members.push({ volunteer: demoVolunteer, role: 'member', status: 'active', joinedAt: joined(), endedAt: null });
  }
  // Members come from the organization's area, widened until it has enough volunteers.
  let area = o.areaCode;
  while (area.length > 4 && ctx.pool.size(area) < size * 3)
    area = area.length === 12 ? area.slice(0, 9) : area.slice(0, area.length === 9 ? 6 : 4);
  const prefer = o.unitType === 'school' ? (v: number) => ctx.pool.census.student[v] === 1 : (v: number) => ctx.pool.census.age[v] >= 16;
  for (let tries = 0; members.length < size && tries < size * 4; tries++) {
    const v = ctx.pool.pick(rng, rng.chance(0.9) ? area : ctx.book.city.code, prefer);
    if (seen.has(v)) continue;
    seen.add(v);
    const role = members.length <= 2 && rng.chance(0.6) ? 'admin' : 'member';
    const r = rng.next();
    const status =
      role === 'member' && o.joinMode === 'approval' && r < 0.05 ? 'applied' : role === 'member' && r > 0.95 ? 'left' : 'active';
    const joinedAt = status === 'applied' ? null : joined();
    const endedAt =
      status === 'left' && joinedAt ? new Date(joinedAt.getTime() + rng.next() * (Date.parse(ctx.today) - joinedAt.getTime())) : null;
    members.push({ volunteer: v, role, status, joinedAt, endedAt });
  }
  return members;
}
