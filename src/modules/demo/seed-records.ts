import { sql } from 'drizzle-orm';
import { type Db, type Executor, rowsOf } from '../../db/client.ts';
import { LedgerLoader } from '../records/index.ts';

/**
 * Service records for the demo's past activities, so every records page has something to show:
 * accepted people checked in and out for the activity's time (credit hours, whole half-hours);
 * records older than three weeks are mostly confirmed into the ledger, a few rejected and a few
 * still pending past the Art 11 deadline; the last three weeks' are mostly waiting for the
 * organizer. Choices hang off a hash of the enrollment id, so a reload gives the same city.
 * People with a demo login are left out: what they see starts from what they do themselves.
 */
const LEDGER_BATCH = 20_000;

export function seedRecords(db: Db): Promise<{ records: number; confirmed: number }> {
  return db.transaction((tx) => seedPastRecords(tx));
}

/** seedRecords in the caller's transaction (the demo city's history loads them with its indexes built afterwards). */
export async function seedPastRecords(tx: Executor): Promise<{ records: number; confirmed: number }> {
  const pick = sql`(('x' || substr(md5(e.id::text), 1, 8))::bit(32)::bigint % 100)`;
  const inserted = rowsOf<{ n: number }>(
    await tx.execute(sql`with made as (
      insert into service_records (volunteer_id, activity_id, enrollment_id, project_id, organization_id, activity_title,
        service_date, place, content, category_code, person_in_charge, check_in_at, check_out_at, channel,
        credit_hours, status, decided_at, reject_reason, created_at)
      select e.volunteer_id, a.id, e.id, p.id, p.organization_id, a.title,
        (a.starts_at at time zone 'Asia/Shanghai')::date, coalesce(a.address, ''), p.title, p.category_code, o.contact_name,
        a.starts_at, a.ends_at, 'code',
        least(24, floor(extract(epoch from a.ends_at - a.starts_at) / 1800) / 2),
        case when a.ends_at < now() - interval '21 days'
               then case when ${pick} < 96 then 'confirmed' when ${pick} < 98 then 'rejected' else 'pending' end
             else case when ${pick} < 25 then 'confirmed' else 'pending' end end,
        case when a.ends_at < now() - interval '21 days' and ${pick} < 98 or a.ends_at >= now() - interval '21 days' and ${pick} < 25
             then a.ends_at + interval '2 days' end,
        case when a.ends_at < now() - interval '21 days' and ${pick} between 96 and 97 then '未按时到岗，服务时长不予认定' end,
        a.ends_at
      from enrollments e
      join activities a on a.id = e.activity_id
      join projects p on p.id = a.project_id
      join organizations o on o.id = p.organization_id
      join volunteers v on v.id = e.volunteer_id
      where e.status = 'accepted' and a.status = 'scheduled' and a.ends_at < now() and v.account_id is null
      on conflict do nothing
      returning 1)
    select count(*)::int as n from made`),
  );
  const confirmed = rowsOf<{ id: string; volunteer_id: string; hours: string; at: string }>(
    await tx.execute(sql`select r.id, r.volunteer_id, r.credit_hours::text as hours,
        to_char(r.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
      from service_records r
      where r.status = 'confirmed' and r.credit_hours > 0
        and not exists (select 1 from ledger_entries l where l.record_id = r.id)
      order by r.decided_at, r.id`),
  );
  const ledger = await LedgerLoader.open(tx, LEDGER_BATCH);
  for (const r of confirmed)
    if (ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'credit', hours: r.hours, at: r.at })) await ledger.flush();
  await ledger.drain();
  return { records: inserted[0].n, confirmed: confirmed.length };
}
