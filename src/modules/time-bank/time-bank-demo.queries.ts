import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { Sealed } from '../../platform/pii.ts';

/** What the demo's time bank family and pools are made of (time-bank-demo.ts). */

export async function familyCount(db: Executor) {
  const [row] = rowsOf<{ n: string }>(await db.execute(sql`select count(*)::text as n from family_relations`));
  return Number(row.n);
}

/** The demo volunteer (by account) and people of their community with resident IDs: one 60+, two adults under 60. */
export async function demoFamily(db: Executor, accountId: string, today: string) {
  const [me] = rowsOf<{ id: string; area_code: string }>(
    await db.execute(sql`select id, area_code from volunteers where account_id = ${accountId} limit 1`),
  );
  if (!me) return undefined;
  const person = (older: boolean) => sql`select id, name, birth_date::text as birth_date, doc_cipher, doc_key_version, doc_index, doc_masked
    from volunteers where area_code = ${me.area_code} and id <> ${me.id} and doc_type = 'resident_id' and doc_cipher is not null
      and status = 'active' and birth_date ${older ? sql`<=` : sql`>`} (${today}::date - interval '60 years')
      and birth_date <= (${today}::date - interval '25 years')
    order by id limit ${older ? 1 : 2}`;
  type Person = {
    id: string;
    name: string;
    birth_date: string;
    doc_cipher: string;
    doc_key_version: number;
    doc_index: string;
    doc_masked: string;
  };
  const [elder] = rowsOf<Person>(await db.execute(person(true)));
  // Two adults under 60: the spouse to check, and a sibling the office confirmed and then revoked.
  const [adult, sibling] = rowsOf<Person>(await db.execute(person(false)));
  return { me, elder, adult, sibling };
}

export async function accountIdByUsername(db: Executor, username: string) {
  const [row] = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts where username = ${username} limit 1`));
  return row?.id;
}

/** A donor per community: the volunteer holding the most credits there (at least 4). */
export async function donors(db: Executor, limit: number) {
  return rowsOf<{ volunteer_id: string; area_code: string; balance: string }>(
    await db.execute(sql`select distinct on (a.area_code) a.owner_id as volunteer_id, a.area_code, a.balance::text as balance
      from ledger_accounts a
      where a.currency = 'time_credit' and a.kind = 'volunteer' and a.balance >= 4 and length(a.area_code) = 12
      order by a.area_code, a.balance desc, a.owner_id limit ${limit}`),
  );
}

/**
 * A served request of the demo volunteer's community for the demo's service paid in credits: done (not yet
 * closed) in the last week, its shift's records all confirmed, served by others, worth at most `most` credits.
 */
export async function servedRequestFor(db: Executor, me: { id: string; area_code: string }, rate: number, most: number) {
  const [row] = rowsOf<{ id: string; activity_id: string; hours: string; created_at: string }>(
    await db.execute(sql`select q.id, q.activity_id, round((extract(epoch from q.window_end - q.window_start) / 3600 * q.headcount)::numeric, 2)::text as hours,
        q.created_at::text as created_at
      from service_requests q
      where q.area_code = ${me.area_code} and q.status in ('done', 'rated') and q.activity_id is not null
        and q.window_end > now() - interval '7 days' and q.window_end < now()
        and round((extract(epoch from q.window_end - q.window_start) / 3600 * q.headcount)::numeric, 2) * ${rate} between 0.01 and ${most}
        and exists (select 1 from service_records r where r.activity_id = q.activity_id and r.status = 'confirmed')
        and not exists (select 1 from service_records r where r.activity_id = q.activity_id
          and (r.status <> 'confirmed' or r.volunteer_id = ${me.id}))
        and not exists (select 1 from time_credit_holds h where h.request_id = q.id)
      order by q.window_end desc, q.id limit 1`),
  );
  return row;
}

export async function confirmedRecordsOf(db: Executor, activityId: string) {
  return rowsOf<{ id: string; hours: string; decided_at: string }>(
    await db.execute(sql`select id, (credit_hours + added_hours)::text as hours, coalesce(decided_at, created_at)::text as decided_at
      from service_records where activity_id = ${activityId} and status = 'confirmed' order by decided_at, id`),
  );
}

/**
 * The demo volunteer as a beneficiary of their own (their account), reachable by their own phone as the
 * registry holds it, and the request made theirs, raised in the app. Review 2026-12: nothing of the
 * request's former person reaches the demo login — no address copied, and the request's own place,
 * position, notes and rating comment (theirs) cleared.
 */
/** The demo volunteer's own home, made up for the demo: sealed and masked the way every demo beneficiary's is. */
export interface DemoHome {
  address: Sealed;
  addressMasked: string;
  placeMasked: string;
}

export async function areaNamesOf(db: Executor, communityCode: string) {
  const [row] = rowsOf<{ street: string; community: string }>(
    await db.execute(sql`select s.name as street, c.name as community from areas c join areas s on s.code = left(c.code, 9)
      where c.code = ${communityCode}`),
  );
  return row;
}

/**
 * The request becomes the demo volunteer's own: a beneficiary record of theirs (their name and phone, their own
 * made-up home) and the request's place that home. Nothing of the request's former person stays on it.
 */
export async function makeRequestOwn(db: Executor, requestId: string, volunteerId: string, home: DemoHome) {
  const [b] = rowsOf<{ id: string; account_id: string }>(
    await db.execute(sql`insert into beneficiaries (name, kind, birth_year, area_code, phone_cipher, phone_key_version, phone_index,
        phone_masked, address_cipher, address_key_version, address_masked, consent_at, consent_by, account_id, created_by)
      select v.name, 'other', null, q.area_code, v.phone_cipher, v.phone_key_version, v.phone_index, v.phone_masked,
        ${home.address.cipher}, ${home.address.keyVersion}, ${home.addressMasked}, q.created_at, 'self', v.account_id, v.account_id
      from volunteers v, service_requests q
      where v.id = ${volunteerId} and q.id = ${requestId} and v.account_id is not null and v.phone_cipher is not null
      on conflict do nothing returning id, account_id`),
  );
  if (!b) return false;
  await db.execute(
    sql`update service_requests set beneficiary_id = ${b.id}, created_by = ${b.account_id}, channel = 'app',
      place_cipher = ${home.address.cipher}, place_key_version = ${home.address.keyVersion}, place_masked = ${home.placeMasked},
      notes = '', rating_comment = null where id = ${requestId}`,
  );
  // Its shift shows volunteers the same road the request does.
  await db.execute(
    sql`update activities set address = ${home.placeMasked} where id = (select activity_id from service_requests where id = ${requestId})`,
  );
  return true;
}

/** The demo's hold dated when its request was raised, as the hook would have written it. */
export async function dateHold(db: Executor, holdId: string, at: string) {
  await db.execute(sql`update time_credit_holds set created_at = ${at}::timestamptz where id = ${holdId}`);
}
