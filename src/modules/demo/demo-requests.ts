import type { RequestChannel, RequestUrgency, ServiceGuardRule } from '../../domain/requests/catalog.ts';
import type { DemoBeneficiary } from './demo-beneficiaries.ts';
import { type Lifecycle, type LifecycleOptions, lifecycle } from './demo-lifecycle.ts';
import { addDays, makeRng } from './demo-random.ts';
import { CATEGORIES, CHANNELS, DURATION, NOTES, OVER_SERVED, OVERRIDE_REASONS, URGENCIES } from './demo-request-catalog.ts';

/**
 * A year of requests for the demo beneficiaries: three to five each, none for the never-served,
 * bursts of foot washing, haircuts and cleaning for the over-served (what the over-service guard
 * warns about), a few duplicates merged into the request they repeat, some cancelled; each served
 * by an organization of its area and volunteers of that organization.
 */

export interface DemoRequest {
  beneficiary: DemoBeneficiary;
  categoryCode: string;
  channel: RequestChannel;
  urgency: RequestUrgency;
  headcount: number;
  createdAt: Date;
  windowStart: Date;
  windowEnd: Date;
  life: Lifecycle;
  organizationId: string | null;
  stationId: string | null;
  volunteerIds: string[];
  /** Taken by the demo operator on a logged call. */
  byOperator: boolean;
  createdBy: string | null;
  /** The open request this one repeated (same beneficiary, category and day). */
  duplicateOf: DemoRequest | null;
  guard: {
    event: 'guard_warned' | 'guard_overridden';
    rule: 'perDay' | 'perWeek';
    count: number;
    limit: number;
    reason: string | null;
  } | null;
  notes: string;
}

export interface Organization {
  id: string;
  members: string[];
}

export interface Servers {
  /** Organizations of each street and district (theirs or of an area inside it), with the volunteers who serve for them. */
  byStreet: Map<string, Organization[]>;
  byDistrict: Map<string, Organization[]>;
  /** The city's own organizations. */
  city: Organization[];
  allOrganizations: Organization[];
  /** Volunteers of each community: who serves where an organization has no members. */
  neighbours: Map<string, string[]>;
}

export interface RequestContext {
  today: string;
  now: Date;
  /**
   * `volunteerId|China date` of the shifts the serving volunteers hold already; each request staffed
   * adds its own. The demo keeps one shift a day each (a request becomes a shift too).
   */
  busy: Set<string>;
  categories: Map<string, { maxVolunteers: number; guard: ServiceGuardRule | null }>;
  servers: Servers;
  demo: {
    organizationId: string;
    street: string;
    operatorAccountId: string | null;
    stationId: string;
    stationAccountId: string | null;
    communityAccountId: string | null;
    community: string;
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A moment on a China date at hh:mm. */
const at = (date: string, hh: number, mm = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + (hh * 60 + mm) * MINUTE);
const chinaDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function requestGenerator(ctx: RequestContext) {
  const rng = makeRng(20_241_205); // International Volunteer Day
  const yearAgo = addDays(ctx.today, -365);

  /** An organization of the street, else of the district, else of the city (a few districts have none in a scaled-down city). */
  function organizationFor(areaCode: string) {
    const { byStreet, byDistrict, city, allOrganizations } = ctx.servers;
    const street = byStreet.get(areaCode.slice(0, 9)) ?? [];
    if (areaCode.startsWith(ctx.demo.street) && rng.chance(0.5))
      return street.find((o) => o.id === ctx.demo.organizationId) ?? rng.pick(street);
    const district = byDistrict.get(areaCode.slice(0, 6)) ?? [];
    return rng.pick(street.length > 0 ? street : district.length > 0 ? district : city.length > 0 ? city : allOrganizations);
  }

  function volunteersFor(org: { members: string[] } | undefined, areaCode: string, n: number, day: string) {
    const pool = org && org.members.length > 0 ? org.members : (ctx.servers.neighbours.get(areaCode) ?? []);
    const chosen = new Set<string>();
    for (let k = 0; k < n * 20 && chosen.size < Math.min(n, pool.length); k++) {
      const v = rng.pick(pool);
      if (!ctx.busy.has(`${v}|${day}`)) chosen.add(v);
    }
    for (const v of chosen) ctx.busy.add(`${v}|${day}`);
    return [...chosen];
  }

  /** When a request raised at `createdAt` is for: soon when urgent, a day or more ahead otherwise. */
  function windowFor(createdAt: Date, urgency: RequestUrgency, category: string): [Date, Date] {
    const minutes = DURATION[category] ?? 120;
    let start: Date;
    if (urgency === 'critical') start = new Date(createdAt.getTime() + rng.int(30, 90) * MINUTE);
    else if (urgency === 'urgent') start = new Date(createdAt.getTime() + rng.int(60, 240) * MINUTE);
    else start = at(addDays(chinaDate(createdAt), urgency === 'low' ? rng.int(3, 7) : rng.int(1, 3)), rng.pick([9, 10, 14, 15]));
    return [start, new Date(start.getTime() + minutes * MINUTE)];
  }

  /** A moment of a working day (8:00–20:00), never after now. */
  function createdOn(date: string): Date {
    const t = at(date, 8, rng.int(0, 12 * 60));
    return t < ctx.now ? t : new Date(ctx.now.getTime() - rng.int(5, 240) * MINUTE);
  }

  function make(
    b: DemoBeneficiary,
    o: {
      categoryCode: string;
      createdAt: Date;
      channel?: RequestChannel;
      urgency?: RequestUrgency;
      window?: [Date, Date];
      byOperator?: boolean;
    },
    life: Partial<LifecycleOptions> = {},
  ): DemoRequest {
    const urgency = o.urgency ?? rng.weighted(URGENCIES);
    const canCall = b.phone !== null || b.contactPhone !== null;
    let channel = o.channel ?? (b.accountId ? 'app' : rng.weighted(CHANNELS[b.kind]));
    if (channel === 'hotline' && !canCall) channel = 'walk_in';
    const [windowStart, windowEnd] = o.window ?? windowFor(o.createdAt, urgency, o.categoryCode);
    const lived = lifecycle(rng, {
      createdAt: o.createdAt,
      windowStart,
      windowEnd,
      urgency,
      now: ctx.now,
      cancel: rng.chance(0.06),
      ...life,
    });
    const category = ctx.categories.get(o.categoryCode);
    const headcount = Math.min(category?.maxVolunteers ?? 1, o.categoryCode === 'cleaning' && rng.chance(0.4) ? 2 : 1);
    const org = lived.steps.triagedAt ? organizationFor(b.areaCode) : undefined;
    const byOperator = channel === 'hotline' && (o.byOperator ?? rng.chance(0.3));
    const station = channel === 'walk_in' ? b.stationId : null;
    const demo = ctx.demo;
    const createdBy = b.accountId
      ? b.accountId
      : byOperator
        ? demo.operatorAccountId
        : station === demo.stationId
          ? demo.stationAccountId
          : channel === 'walk_in' && b.areaCode === demo.community
            ? demo.communityAccountId
            : null;
    return {
      beneficiary: b,
      categoryCode: o.categoryCode,
      channel,
      urgency,
      headcount,
      createdAt: o.createdAt,
      windowStart,
      windowEnd,
      life: lived,
      organizationId: org?.id ?? null,
      stationId: station,
      volunteerIds: lived.steps.assignedAt ? volunteersFor(org, b.areaCode, headcount, chinaDate(windowStart)) : [],
      byOperator,
      createdBy,
      duplicateOf: null,
      guard: null,
      notes: NOTES[o.categoryCode] ?? '',
    };
  }

  /** A second request for the same need on the same day, merged into the first while it is still open. */
  function duplicate(first: DemoRequest): DemoRequest | null {
    const createdAt = new Date(first.createdAt.getTime() + rng.int(20, 90) * MINUTE);
    const stillOpen = (first.life.steps.doneAt ?? first.life.steps.cancelledAt ?? ctx.now) > createdAt;
    if (createdAt >= ctx.now || !stillOpen || chinaDate(createdAt) !== chinaDate(first.createdAt)) return null;
    const life = lifecycle(rng, {
      createdAt,
      windowStart: first.windowStart,
      windowEnd: first.windowEnd,
      urgency: first.urgency,
      now: ctx.now,
      stallAt: 'new',
    });
    return {
      ...first,
      createdAt,
      channel: 'hotline',
      byOperator: false,
      createdBy: null,
      life: { ...life, status: 'merged', escalations: [] },
      organizationId: null,
      stationId: null,
      volunteerIds: [],
      duplicateOf: first,
      guard: null,
    };
  }

  /** One beneficiary's year. */
  function forBeneficiary(b: DemoBeneficiary): DemoRequest[] {
    if (b.profile === 'never' || b.accountId) return [];
    const from = [yearAgo, chinaDate(b.createdAt)].sort()[1];
    const span = Math.max(1, Math.round((Date.parse(ctx.today) - Date.parse(from)) / DAY));
    const out: DemoRequest[] = [];
    if (b.profile === 'over') out.push(...overServed(b, from, span));
    for (let n = rng.int(2, 6); n > 0; n--) {
      const r = make(b, { categoryCode: rng.weighted(CATEGORIES[b.kind]), createdAt: createdOn(addDays(from, rng.int(0, span))) });
      out.push(r);
      const dup = rng.chance(0.012) ? duplicate(r) : null;
      if (dup) out.push(dup);
    }
    return guarded(out);
  }

  /** Bursts of the same service from several organizations: twice a day some days, three or four times a week. */
  function overServed(b: DemoBeneficiary, from: string, span: number): DemoRequest[] {
    const out: DemoRequest[] = [];
    const kinds = [rng.weighted(OVER_SERVED), rng.weighted(OVER_SERVED)];
    for (let burst = rng.int(8, 12); burst > 0; burst--) {
      const week = rng.int(0, Math.max(0, span - 8));
      const categoryCode = rng.pick(kinds);
      for (let k = rng.int(2, 4); k > 0; k--) {
        const day = addDays(from, week + rng.int(1, 6));
        if (day > ctx.today) continue;
        const first = make(b, {
          categoryCode,
          urgency: 'normal',
          createdAt: createdOn(addDays(day, -1)),
          window: [at(day, 9), at(day, 10)],
        });
        out.push(first);
        // "一天洗多次脚": another organization comes the same afternoon, raised after the first was done.
        const second = at(day, 11, rng.int(0, 59));
        if (rng.chance(0.35) && second < ctx.now)
          out.push(make(b, { categoryCode, urgency: 'normal', createdAt: second, window: [at(day, 15), at(day, 16)] }));
      }
    }
    return out;
  }

  /** Marks each request that went past its category's limits (counted over the beneficiary's earlier services in the same day or week). */
  function guarded(requests: DemoRequest[]): DemoRequest[] {
    const sorted = [...requests].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const counted = (r: DemoRequest) => r.life.status !== 'cancelled' && r.life.status !== 'merged';
    sorted.forEach((r, i) => {
      const rule = ctx.categories.get(r.categoryCode)?.guard;
      if (!rule || !counted(r)) return;
      const earlier = sorted.slice(0, i).filter((e) => counted(e) && e.categoryCode === r.categoryCode);
      const day = earlier.filter((e) => chinaDate(e.windowStart) === chinaDate(r.windowStart)).length;
      const week = earlier.filter((e) => Math.abs(r.windowStart.getTime() - e.windowStart.getTime()) < 7 * DAY).length;
      const hit =
        rule.perDay !== undefined && day >= rule.perDay
          ? { rule: 'perDay' as const, count: day + 1, limit: rule.perDay }
          : rule.perWeek !== undefined && week >= rule.perWeek
            ? { rule: 'perWeek' as const, count: week + 1, limit: rule.perWeek }
            : null;
      if (!hit) return;
      const block = rule.mode === 'block';
      r.guard = { event: block ? 'guard_overridden' : 'guard_warned', ...hit, reason: block ? rng.pick(OVERRIDE_REASONS) : null };
    });
    return sorted;
  }

  return { forBeneficiary, make, createdOn, at };
}

export type RequestGenerator = ReturnType<typeof requestGenerator>;
export { chinaDate };
