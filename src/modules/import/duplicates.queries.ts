import { and, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Executor, rowsOf } from '../../db/client.ts';
import { duplicateCandidates, type MergeMoves, volunteerMerges, volunteers } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

const a = alias(volunteers, 'a');
const b = alias(volunteers, 'b');

const side = (v: typeof a | typeof b) => ({
  id: v.id,
  volunteerNo: v.volunteerNo,
  name: v.name,
  sex: v.sex,
  birthDate: v.birthDate,
  docMasked: v.docMasked,
  phoneMasked: v.phoneMasked,
  areaCode: v.areaCode,
  registeredVia: v.registeredVia,
  status: v.status,
  hasAccount: sql<boolean>`${v.accountId} is not null`,
  createdAt: v.createdAt,
  sources: sql<
    string[]
  >`coalesce((select array_agg(s.source || ':' || s.external_id order by s.first_seen_at) from volunteer_sources s where s.volunteer_id = ${v.id}), '{}')`,
});

/** The pairs in one state of the queue that the actor may merge (volunteer.merge's reach), newest first. */
export async function listCandidates(db: Executor, actor: Actor, status: 'open' | 'merged' | 'kept_apart', page: number, pageSize: number) {
  const scope = scopeFilter(actor, 'volunteer.merge', { areaCode: duplicateCandidates.areaCode });
  const where = and(eq(duplicateCandidates.status, status), scope);
  const rows = await db
    .select({
      id: duplicateCandidates.id,
      status: duplicateCandidates.status,
      reason: duplicateCandidates.reason,
      createdAt: duplicateCandidates.createdAt,
      decidedBy: duplicateCandidates.decidedBy,
      decidedAt: duplicateCandidates.decidedAt,
      record: side(a),
      other: side(b),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(duplicateCandidates)
    .innerJoin(a, eq(a.id, duplicateCandidates.volunteerId))
    .innerJoin(b, eq(b.id, duplicateCandidates.otherId))
    .where(where)
    .orderBy(desc(duplicateCandidates.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

export async function lockCandidate(db: Executor, id: string) {
  const [row] = rowsOf<{ id: string; volunteer_id: string; other_id: string; status: string; area_code: string }>(
    await db.execute(sql`select id, volunteer_id, other_id, status, area_code from duplicate_candidates where id = ${id} for update`),
  );
  return row;
}

export async function decideCandidate(db: Executor, id: string, status: 'open' | 'merged' | 'kept_apart', by: string | null) {
  await db
    .update(duplicateCandidates)
    .set({ status, decidedBy: by, decidedAt: by ? new Date() : null })
    .where(eq(duplicateCandidates.id, id));
}

/** Both records of a pair, locked for the merge or its undoing. */
export async function lockVolunteers(db: Executor, ids: string[]) {
  return db
    .select()
    .from(volunteers)
    .where(sql`${volunteers.id} = any(${sql.param(ids)}::uuid[])`)
    .for('update');
}

/** Moves the merged record's platform links to the survivor; returns the links moved. */
export async function moveLinks(db: Executor, from: string, to: string, only?: { source: string; externalId: string }[]) {
  const filter = only
    ? sql`and (source, external_id) in (select * from unnest(${sql.param(only.map((l) => l.source))}::text[], ${sql.param(only.map((l) => l.externalId))}::text[]))`
    : sql``;
  return rowsOf<{ source: string; externalId: string }>(
    await db.execute(sql`update volunteer_sources set volunteer_id = ${to} where volunteer_id = ${from} ${filter}
      returning source, external_id as "externalId"`),
  );
}

/** Moves memberships the survivor does not already have; returns their organizations. */
export async function moveMemberships(db: Executor, from: string, to: string, only?: string[]) {
  const filter = only ? sql`and organization_id = any(${sql.param(only)}::uuid[])` : sql``;
  const rows = rowsOf<{ organization_id: string }>(
    await db.execute(sql`update organization_members set volunteer_id = ${to}
      where volunteer_id = ${from} ${filter}
        and organization_id not in (select organization_id from organization_members where volunteer_id = ${to})
      returning organization_id`),
  );
  return rows.map((r) => r.organization_id);
}

export async function setVolunteer(db: Executor, id: string, patch: Partial<typeof volunteers.$inferInsert>) {
  await db
    .update(volunteers)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(volunteers.id, id));
}

export async function insertMerge(
  db: Executor,
  row: { survivorId: string; mergedId: string; candidateId: string | null; moves: MergeMoves; actorLabel: string },
) {
  const [inserted] = await db.insert(volunteerMerges).values(row).returning();
  return inserted;
}

export async function lockMerge(db: Executor, id: string) {
  const [row] = await db.select().from(volunteerMerges).where(eq(volunteerMerges.id, id)).for('update');
  return row;
}

export async function markUndone(db: Executor, id: string, by: string) {
  await db.update(volunteerMerges).set({ undoneBy: by, undoneAt: new Date() }).where(eq(volunteerMerges.id, id));
}

export async function mergesOf(db: Executor, volunteerId: string) {
  return db
    .select({
      id: volunteerMerges.id,
      survivorId: volunteerMerges.survivorId,
      mergedId: volunteerMerges.mergedId,
      survivorNo: a.volunteerNo,
      mergedNo: b.volunteerNo,
      actorLabel: volunteerMerges.actorLabel,
      at: volunteerMerges.at,
      undoneBy: volunteerMerges.undoneBy,
      undoneAt: volunteerMerges.undoneAt,
      moves: volunteerMerges.moves,
    })
    .from(volunteerMerges)
    .innerJoin(a, eq(a.id, volunteerMerges.survivorId))
    .innerJoin(b, eq(b.id, volunteerMerges.mergedId))
    .where(or(eq(volunteerMerges.survivorId, volunteerId), eq(volunteerMerges.mergedId, volunteerId)))
    .orderBy(desc(volunteerMerges.at));
}
