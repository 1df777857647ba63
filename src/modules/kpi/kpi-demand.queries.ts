import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { DemandInputs } from '../../domain/kpi/demand.ts';

/**
 * The demand KPIs' counts for one area subtree (`within` = `code%`, on the request's own area) and
 * one period [start, end): exact aggregates over service_requests and request_assignments.
 * Definitions: src/domain/kpi/demand.ts.
 */
export async function demandInputsOf(db: Executor, within: string, start: Date, end: Date): Promise<DemandInputs> {
  const from = start.toISOString();
  const until = end.toISOString();
  const [due] = rowsOf<{
    due: number;
    in_time: number;
    headcount: number;
    filled: number;
    assigned: number;
    median: number | string | null;
  }>(
    await db.execute(sql`
      with due as (
        select r.id, r.headcount, r.created_at, r.assigned_at, r.assign_due_at,
          (select count(*) from request_assignments ra where ra.request_id = r.id)::int as volunteers
        from service_requests r
        where r.area_code like ${within} and r.status not in ('cancelled', 'merged')
          and r.assign_due_at >= ${from}::timestamptz and r.assign_due_at < ${until}::timestamptz
      )
      select count(*)::int as due,
        count(*) filter (where assigned_at is not null and assigned_at <= assign_due_at)::int as in_time,
        coalesce(sum(headcount), 0)::int as headcount,
        coalesce(sum(least(volunteers, headcount)), 0)::int as filled,
        count(assigned_at)::int as assigned,
        percentile_cont(0.5) within group (order by extract(epoch from assigned_at - created_at) / 60)
          filter (where assigned_at is not null) as median
      from due`),
  );
  const [served] = rowsOf<{ served: number; beneficiaries: number; rated: number; rating_sum: number }>(
    await db.execute(sql`
      select count(*)::int as served, count(distinct r.beneficiary_id)::int as beneficiaries,
        count(r.rating)::int as rated, coalesce(sum(r.rating), 0)::int as rating_sum
      from service_requests r
      where r.area_code like ${within} and r.status in ('done', 'rated', 'closed')
        and r.window_start >= ${from}::timestamptz and r.window_start < ${until}::timestamptz`),
  );
  return {
    due: due.due,
    assignedInTime: due.in_time,
    headcount: due.headcount,
    filled: due.filled,
    assigned: due.assigned,
    medianMinutesToAssign: due.median === null ? null : Number(due.median),
    served: served.served,
    beneficiariesServed: served.beneficiaries,
    rated: served.rated,
    ratingSum: served.rating_sum,
  };
}
