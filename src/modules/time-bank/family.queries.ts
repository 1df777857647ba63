import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { Relation, RelationStatus } from '../../domain/time-bank/family.ts';

/** Family relationships, transfers and the community pools (family.service.ts, pool.service.ts). */

/** The registry person an ID number's blind index finds (the relative must be one: only they hold an account). */
export async function personByDocIndex(db: Executor, docIndex: string) {
  const [row] = rowsOf<{ id: string; name: string; area_code: string; status: string }>(
    await db.execute(sql`select id, name, area_code, status from volunteers where doc_index = ${docIndex} limit 1`),
  );
  return row;
}

/** A registry person by their public volunteer number (a pool grant's recipient). */
export async function personByNumber(db: Executor, volunteerNo: string) {
  const [row] = rowsOf<{ id: string; name: string; area_code: string; status: string; account_id: string | null }>(
    await db.execute(sql`select id, name, area_code, status, account_id from volunteers where volunteer_no = ${volunteerNo} limit 1`),
  );
  return row;
}

export interface NewRelation {
  volunteerId: string;
  relativeId: string;
  relation: Relation;
  relativeName: string;
  docCipher: string;
  docKeyVersion: number;
  docIndex: string;
  docMasked: string;
  relativeBirthDate: string;
  areaCode: string;
}

export async function insertRelation(tx: Executor, r: NewRelation) {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into family_relations (volunteer_id, relative_id, relation, relative_name, doc_cipher,
        doc_key_version, doc_index, doc_masked, relative_birth_date, area_code)
      values (${r.volunteerId}, ${r.relativeId}, ${r.relation}, ${r.relativeName}, ${r.docCipher}, ${r.docKeyVersion},
        ${r.docIndex}, ${r.docMasked}, ${r.relativeBirthDate}, ${r.areaCode})
      returning id`),
  );
  return row.id;
}

export interface RelationRow {
  id: string;
  volunteer_id: string;
  volunteer_name: string;
  volunteer_no: string;
  relative_id: string;
  relation: Relation;
  relative_name: string;
  doc_masked: string;
  relative_birth_date: string;
  area_code: string;
  status: RelationStatus;
  remark: string | null;
  decided_at: string | null;
  end_reason: string | null;
  ended_at: string | null;
  created_at: string;
}

const relationColumns = sql`f.id, f.volunteer_id, v.name as volunteer_name, v.volunteer_no, f.relative_id, f.relation, f.relative_name,
  f.doc_masked, f.relative_birth_date::text as relative_birth_date, f.area_code, f.status, f.remark,
  f.decided_at::text as decided_at, f.end_reason, f.ended_at::text as ended_at, f.created_at::text as created_at`;

export async function relationsOf(db: Executor, volunteerId: string) {
  return rowsOf<RelationRow>(
    await db.execute(sql`select ${relationColumns} from family_relations f join volunteers v on v.id = f.volunteer_id
      where f.volunteer_id = ${volunteerId} order by f.created_at desc, f.id`),
  );
}

export async function relationById(db: Executor, id: string, lock = false) {
  const [row] = rowsOf<RelationRow>(
    await db.execute(sql`select ${relationColumns} from family_relations f join volunteers v on v.id = f.volunteer_id
      where f.id = ${id} ${lock ? sql`for update of f` : sql``}`),
  );
  return row;
}

/** Relationships the office reviews: those of its area (scope), of a status, oldest first. */
export async function relationsToReview(
  db: Executor,
  scope: ReturnType<typeof sql>,
  status: RelationStatus,
  limit: number,
  offset: number,
) {
  const rows = rowsOf<RelationRow & { total: string }>(
    await db.execute(sql`select ${relationColumns}, count(*) over ()::text as total
      from family_relations f join volunteers v on v.id = f.volunteer_id
      where f.status = ${status} and ${scope}
      order by f.created_at, f.id limit ${limit} offset ${offset}`),
  );
  return { total: Number(rows[0]?.total ?? 0), rows };
}

export async function decideRelation(tx: Executor, id: string, status: RelationStatus, remark: string, by: string) {
  await tx.execute(sql`update family_relations set status = ${status}, remark = ${remark}, decided_by = ${by}, decided_at = now()
    where id = ${id}`);
}

/** Ends (by the volunteer) or revokes (by an office) a live relationship: kept, with who, when and why. */
export async function endRelation(tx: Executor, id: string, status: 'ended' | 'revoked', reason: string | null, by: string) {
  await tx.execute(sql`update family_relations set status = ${status}, end_reason = ${reason}, ended_by = ${by}, ended_at = now()
    where id = ${id}`);
}

/** The volunteer's live (pending or confirmed) spouse, if any: one at a time. */
export async function liveSpouseOf(db: Executor, volunteerId: string) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from family_relations
      where volunteer_id = ${volunteerId} and relation = 'spouse' and status in ('pending', 'confirmed') limit 1`),
  );
  return row?.id;
}

/**
 * Serialises one volunteer's recordings (the rate limit's count, then its insert) across servers: a row
 * lock on their registry record, held to the end of the transaction.
 */
export async function lockVolunteer(tx: Executor, volunteerId: string) {
  await tx.execute(sql`select id from volunteers where id = ${volunteerId} for update`);
}

/** How many relationships this account recorded or tried to in the last 24 hours (by the audit log: failures count too). */
export async function recordAttemptsSince(db: Executor, accountId: string) {
  const [row] = rowsOf<{ n: string }>(
    await db.execute(sql`select count(*)::text as n from audit_log where actor_id = ${accountId}
      and action in ('timeBank.family.record', 'timeBank.family.recordRefused') and at > now() - interval '1 day'`),
  );
  return Number(row.n);
}

export async function insertTransfer(
  tx: Executor,
  t: { relationId: string; from: string; to: string; amount: string; day: string; relativeAge: number },
) {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into time_credit_transfers (relation_id, from_volunteer_id, to_volunteer_id, amount, day, relative_age)
      values (${t.relationId}, ${t.from}, ${t.to}, ${t.amount}, ${t.day}, ${t.relativeAge}) returning id`),
  );
  return row.id;
}

export async function insertPoolMove(
  tx: Executor,
  m: { kind: 'donation' | 'pool_grant'; poolAreaCode: string; volunteerId: string; amount: string; reason?: string; by?: string },
) {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into time_credit_pool_moves (kind, pool_area_code, volunteer_id, amount, reason, granted_by)
      values (${m.kind}, ${m.poolAreaCode}, ${m.volunteerId}, ${m.amount}, ${m.reason ?? null}, ${m.by ?? null}) returning id`),
  );
  return row.id;
}

/** The community pools under an area prefix, with their balance and what went in and out. */
export async function poolsUnder(db: Executor, scope: ReturnType<typeof sql>) {
  return rowsOf<{ area_code: string; name: string; balance: string; donated: string; granted: string }>(
    await db.execute(sql`select ar.code as area_code, ar.name, coalesce(a.balance, 0)::text as balance,
        coalesce((select sum(p.amount) from time_credit_pool_moves p where p.pool_area_code = ar.code and p.kind = 'donation'), 0)::text as donated,
        coalesce((select sum(p.amount) from time_credit_pool_moves p where p.pool_area_code = ar.code and p.kind = 'pool_grant'), 0)::text as granted
      from areas ar left join ledger_accounts a on a.currency = 'time_credit' and a.kind = 'pool' and a.pool_area = ar.code
      where length(ar.code) = 12 and ${scope}
      order by coalesce(a.balance, 0) desc, ar.code limit 200`),
  );
}

/** The latest grants out of each of these pools (five each, newest first): who, how much, why. */
export async function latestGrants(db: Executor, poolAreaCodes: string[]) {
  return rowsOf<{
    id: string;
    pool_area_code: string;
    volunteer_name: string;
    volunteer_no: string;
    amount: string;
    reason: string;
    created_at: string;
  }>(
    await db.execute(sql`select * from (
        select p.id, p.pool_area_code, v.name as volunteer_name, v.volunteer_no, p.amount::text as amount, p.reason,
          p.created_at::text as created_at, row_number() over (partition by p.pool_area_code order by p.created_at desc, p.id) as n
        from time_credit_pool_moves p join volunteers v on v.id = p.volunteer_id
        where p.kind = 'pool_grant' and p.pool_area_code in (select value from json_array_elements_text(${JSON.stringify(poolAreaCodes)}::json))
      ) g where g.n <= 5 order by g.created_at desc`),
  );
}

export async function balanceOf(db: Executor, accountId: string) {
  const [row] = rowsOf<{ balance: string }>(
    await db.execute(sql`select balance::text as balance from ledger_accounts where id = ${accountId}`),
  );
  return row?.balance;
}

/** "In this area's subtree" for scopeFilter: a relationship by the volunteer's area, a pool by its community. */
export const relationInArea = (code: string) => sql`f.area_code like ${`${code}%`}`;
export const poolInArea = (code: string) => sql`ar.code like ${`${code}%`}`;
