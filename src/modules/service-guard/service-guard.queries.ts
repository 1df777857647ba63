import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { BeneficiaryKind, ServiceGuardRule } from '../../domain/requests/catalog.ts';

/**
 * The over-service report's SQL. A service is a request neither cancelled nor merged, counted on its
 * window_start's China day and ISO week (the rule the guard applies when a request is taken).
 * Beneficiaries belong to the area by their own area_code (`within` is a LIKE pattern `code%`).
 */

const CHINA_DAY = sql`(r.window_start at time zone 'Asia/Shanghai')::date`;
const COUNTED = sql`r.status not in ('cancelled', 'merged')`;
/** Served: the service took place (done, then rated and closed). */
const SERVED = sql`r.status in ('done', 'rated', 'closed')`;

export interface Bounds {
  start: Date;
  end: Date;
  weeksStart: Date;
  weeksEnd: Date;
}

export interface ManyServicesRow {
  beneficiaryId: string;
  name: string;
  kind: BeneficiaryKind;
  areaCode: string;
  areaName: string;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  guard: ServiceGuardRule | null;
  services: number;
  maxPerDay: number;
  maxPerWeek: number;
  lastOn: string;
  exceeded: boolean;
}

/**
 * Services per beneficiary and category in the period, with the busiest China day in the period
 * and the busiest ISO week touching it; `exceeded` when either went past the category's rule.
 */
export async function manyServices(db: Executor, within: string, b: Bounds, minServices: number, limit: number) {
  const from = b.start.toISOString();
  const end = b.end.toISOString();
  const inPeriod = sql`d.day >= (${from}::timestamptz at time zone 'Asia/Shanghai')::date
    and d.day < (${end}::timestamptz at time zone 'Asia/Shanghai')::date`;
  return rowsOf<ManyServicesRow>(
    await db.execute(sql`
      with svc as (
        select r.beneficiary_id, r.category_code, ${CHINA_DAY} as day
        from service_requests r join beneficiaries b on b.id = r.beneficiary_id
        where b.area_code like ${within} and ${COUNTED}
          and r.window_start >= ${b.weeksStart.toISOString()}::timestamptz and r.window_start < ${b.weeksEnd.toISOString()}::timestamptz
      ),
      days as (select beneficiary_id, category_code, day, count(*)::int as n from svc group by 1, 2, 3),
      weeks as (
        select beneficiary_id, category_code, date_trunc('week', day)::date as week, count(*)::int as n from svc group by 1, 2, 3
      ),
      per as (
        select d.beneficiary_id, d.category_code,
          coalesce(sum(d.n) filter (where ${inPeriod}), 0)::int as services,
          coalesce(max(d.n) filter (where ${inPeriod}), 0)::int as max_per_day,
          (select max(w.n) from weeks w where w.beneficiary_id = d.beneficiary_id and w.category_code = d.category_code)::int as max_per_week,
          max(d.day) filter (where ${inPeriod})::text as last_on
        from days d group by 1, 2
      ),
      flagged as (
        select p.*, c.guard, c.name_zh, c.name_en,
          coalesce(p.max_per_day > (c.guard->>'perDay')::int, false)
            or coalesce(p.max_per_week > (c.guard->>'perWeek')::int, false) as exceeded
        from per p join request_categories c on c.code = p.category_code
        where p.services > 0
      )
      select f.beneficiary_id as "beneficiaryId", b.name, b.kind, b.area_code as "areaCode", a.name as "areaName",
        f.category_code as "categoryCode", f.name_zh as "categoryNameZh", f.name_en as "categoryNameEn", f.guard,
        f.services, f.max_per_day as "maxPerDay", f.max_per_week as "maxPerWeek", f.last_on as "lastOn", f.exceeded
      from flagged f join beneficiaries b on b.id = f.beneficiary_id join areas a on a.code = b.area_code
      where f.exceeded or f.services >= ${minServices}
      order by f.exceeded desc, f.services desc, b.name collate "C", f.category_code
      limit ${limit}`),
  );
}

export interface NeverServedRow {
  beneficiaryId: string;
  name: string;
  kind: BeneficiaryKind;
  areaCode: string;
  areaName: string;
  registeredOn: string;
  /** The China day of the last service ever, or null when never served. */
  lastServedOn: string | null;
  /** Requests raised in the period that are still open or were cancelled (someone asked, nobody came). */
  openRequests: number;
}

/** Active beneficiaries registered before the period ended and not served in it: never served first. */
export async function notServed(db: Executor, within: string, b: Bounds, limit: number) {
  const start = b.start.toISOString();
  const end = b.end.toISOString();
  return rowsOf<NeverServedRow>(
    await db.execute(sql`
      select b.id as "beneficiaryId", b.name, b.kind, b.area_code as "areaCode", a.name as "areaName",
        (b.created_at at time zone 'Asia/Shanghai')::date::text as "registeredOn",
        (select max(${CHINA_DAY}) from service_requests r where r.beneficiary_id = b.id and ${SERVED})::text as "lastServedOn",
        (select count(*) from service_requests r where r.beneficiary_id = b.id and r.status not in ('done', 'rated', 'closed', 'merged')
          and r.window_start >= ${start}::timestamptz and r.window_start < ${end}::timestamptz)::int as "openRequests"
      from beneficiaries b join areas a on a.code = b.area_code
      where b.area_code like ${within} and b.status = 'active' and b.created_at < ${end}::timestamptz
        and not exists (select 1 from service_requests r where r.beneficiary_id = b.id and ${SERVED}
          and r.window_start >= ${start}::timestamptz and r.window_start < ${end}::timestamptz)
      order by 7 nulls first, b.created_at, b.name collate "C"
      limit ${limit}`),
  );
}

export interface GuardEventRow {
  at: string;
  kind: 'guard_warned' | 'guard_overridden';
  requestId: string;
  requestNo: string;
  categoryCode: string;
  beneficiaryId: string;
  name: string;
  actorName: string | null;
  params: Record<string, string | number | boolean | null>;
}

/** The guard's warnings and overrides (with the reason given) on requests of the area's beneficiaries, newest first. */
export async function guardEvents(db: Executor, within: string, b: Bounds, limit: number) {
  const rows = rowsOf<GuardEventRow & { at: string | Date }>(
    await db.execute(sql`
      select e.at, e.kind, r.id as "requestId", r.request_no as "requestNo", r.category_code as "categoryCode",
        b.id as "beneficiaryId", b.name, acc.display_name as "actorName", e.params
      from request_events e
      join service_requests r on r.id = e.request_id
      join beneficiaries b on b.id = r.beneficiary_id
      left join accounts acc on acc.id = e.actor_account_id
      where b.area_code like ${within} and e.kind in ('guard_warned', 'guard_overridden')
        and e.at >= ${b.start.toISOString()}::timestamptz and e.at < ${b.end.toISOString()}::timestamptz
      order by e.at desc
      limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
