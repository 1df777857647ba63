import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** What the demo's time bank family and pools are made of (time-bank-demo.ts). */

export async function familyCount(db: Executor) {
  const [row] = rowsOf<{ n: string }>(await db.execute(sql`select count(*)::text as n from family_relations`));
  return Number(row.n);
}

/** The demo volunteer (by account) and two people of their community with resident IDs: one 60+, one adult under 60. */
export async function demoFamily(db: Executor, accountId: string, today: string) {
  const [me] = rowsOf<{ id: string; area_code: string }>(
    await db.execute(sql`select id, area_code from volunteers where account_id = ${accountId} limit 1`),
  );
  if (!me) return undefined;
  const person = (older: boolean) => sql`select id, name, birth_date::text as birth_date, doc_cipher, doc_key_version, doc_index, doc_masked
    from volunteers where area_code = ${me.area_code} and id <> ${me.id} and doc_type = 'resident_id' and doc_cipher is not null
      and status = 'active' and birth_date ${older ? sql`<=` : sql`>`} (${today}::date - interval '60 years')
      and birth_date <= (${today}::date - interval '25 years')
    order by id limit 1`;
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
  const [adult] = rowsOf<Person>(await db.execute(person(false)));
  return { me, elder, adult };
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
