import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/client.ts';
import type { Session } from '../factories.ts';

let n = 0;

/**
 * A confirmed service record of `hours` (check-in/out on an activity `daysAgo` days ago) for the
 * volunteer, made and confirmed through the API by the organization's admin.
 */
export async function confirmedRecord(
  db: Db,
  organizer: Session,
  w: { orgId: string; volunteerId: string; areaCode: string },
  o: { hours: number; category?: string; risk?: 'low' | 'medium' | 'high'; daysAgo?: number },
): Promise<string> {
  n++;
  const [p] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into projects (organization_id, title, category_code, area_code, status, risk_level)
      values (${w.orgId}, ${`积分项目${n}`}, ${o.category ?? 'elderly'}, ${w.areaCode}, 'running', ${o.risk ?? 'low'}) returning id`),
  );
  const days = o.daysAgo ?? 2;
  const start = sql`(date_trunc('day', now() at time zone 'Asia/Shanghai') - make_interval(days => ${days}) + interval '8 hours') at time zone 'Asia/Shanghai'`;
  const [a] = rowsOf<{ id: string; starts_at: string }>(
    await db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, apply_deadline, cancel_deadline)
      values (${p.id}, ${`助老活动${n}`}, ${start}, ${start} + interval '10 hours', '活动室', ${start}, ${start} - interval '1 day')
      returning id, starts_at::text`),
  );
  const [pos] = rowsOf<{ id: string }>(
    await db.execute(
      sql`insert into positions (activity_id, name, headcount, accepted_count) values (${a.id}, '陪伴员', 3, 1) returning id`,
    ),
  );
  const [e] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into enrollments (position_id, activity_id, volunteer_id, status)
      values (${pos.id}, ${a.id}, ${w.volunteerId}, 'accepted') returning id`),
  );
  const at = new Date(a.starts_at);
  const made = await organizer.request({
    method: 'POST',
    url: '/api/records',
    payload: { enrollmentId: e.id, checkInAt: at.toISOString(), checkOutAt: new Date(at.getTime() + o.hours * 3_600_000).toISOString() },
  });
  if (made.statusCode !== 201) throw new Error(made.body);
  const confirmed = await organizer.request({ method: 'POST', url: `/api/records/${made.json().id}/confirm` });
  if (confirmed.statusCode !== 200) throw new Error(confirmed.body);
  return made.json().id;
}
