import { type AnyColumn, and, asc, count, desc, eq, ilike, inArray, like, lte, type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import {
  accounts,
  areaLineage,
  organizationMembers,
  organizations,
  sessions,
  skills,
  volunteerSources,
  volunteers,
} from '../../db/schema.ts';
import { levelOfCode } from '../../domain/areas/area-code.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type VolunteerRow = typeof volunteers.$inferSelect;
export type NewVolunteerRow = typeof volunteers.$inferInsert;

/** A volunteer belongs to an organization for scoping while the membership is active. */
export const memberOf = (organizationId: string) =>
  sql`exists (select 1 from organization_members m where m.volunteer_id = ${volunteers.id}
      and m.organization_id = ${organizationId} and m.status = 'active')`;

/**
 * Lives in the area or beneath it. For a city, district, street or community code this is a key
 * of the search index (the same rows as the prefix match: codes are 4, 6, 9 or 12 digits).
 */
export const inAreaSubtree = (areaCode: string) =>
  levelOfCode(areaCode)
    ? sql`${areaLineage(volunteers.areaCode)} @> array[${areaCode}]::text[]`
    : like(volunteers.areaCode, `${areaCode}%`);

/** The organizations a volunteer is an active member of (for scoping). */
const activeOrganizationIds = (volunteerId: AnyColumn | SQL.Aliased) =>
  sql<string[]>`coalesce((select array_agg(m.organization_id) from organization_members m
    where m.volunteer_id = ${volunteerId} and m.status = 'active'), '{}'::uuid[])`;

export async function nextVolunteerSequence(db: Executor): Promise<number> {
  const [row] = rowsOf<{ n: string }>(await db.execute(sql`select nextval('volunteer_no_seq')::text as n`));
  return Number(row.n);
}

export async function insertVolunteer(db: Executor, row: NewVolunteerRow): Promise<VolunteerRow> {
  const [inserted] = await db.insert(volunteers).values(row).returning();
  return inserted;
}

export async function updateVolunteer(db: Executor, id: string, patch: Partial<NewVolunteerRow>) {
  await db
    .update(volunteers)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(volunteers.id, id));
}

/** The volunteer with the organizations it is an active member of (for scoping). */
export async function findVolunteer(db: Executor, where: SQL) {
  const [row] = await db
    .select({ volunteer: volunteers, organizationIds: activeOrganizationIds(volunteers.id) })
    .from(volunteers)
    .where(where)
    .limit(1);
  return row;
}

/** The volunteer record an account signs in as, whatever its status (an account has one at most). */
export async function selfRecord(db: Executor, accountId: string) {
  const [row] = await db
    .select({
      id: volunteers.id,
      status: volunteers.status,
      areaCode: volunteers.areaCode,
      volunteerNo: volunteers.volunteerNo,
      name: volunteers.name,
    })
    .from(volunteers)
    .where(eq(volunteers.accountId, accountId));
  return row;
}

export const byId = (id: string) => eq(volunteers.id, id);
export const byAccount = (accountId: string) => eq(volunteers.accountId, accountId);
export const byVolunteerNo = (volunteerNo: string) => eq(volunteers.volunteerNo, volunteerNo);
export const byDocIndex = (docIndex: string) => eq(volunteers.docIndex, docIndex);
export const byPhoneIndex = (phoneIndex: string) => eq(volunteers.phoneIndex, phoneIndex);

export async function memberships(db: Executor, volunteerId: string) {
  return db
    .select({
      organizationId: organizationMembers.organizationId,
      organizationName: organizations.name,
      role: organizationMembers.role,
      status: organizationMembers.status,
      joinedAt: organizationMembers.joinedAt,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.volunteerId, volunteerId))
    .orderBy(desc(organizationMembers.createdAt));
}

export async function sourcesOf(db: Executor, volunteerId: string) {
  return db
    .select({
      source: volunteerSources.source,
      externalId: volunteerSources.externalId,
      firstSeenAt: volunteerSources.firstSeenAt,
      lastSeenAt: volunteerSources.lastSeenAt,
    })
    .from(volunteerSources)
    .where(eq(volunteerSources.volunteerId, volunteerId))
    .orderBy(asc(volunteerSources.firstSeenAt));
}

export async function knownSkillCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: skills.code }).from(skills).where(inArray(skills.code, codes));
  return new Set(rows.map((r) => r.code));
}

export interface VolunteerSearch {
  q?: string;
  volunteerNo?: string;
  skills?: string[];
  languages?: string[];
  politicalStatus?: string[];
  minAge?: number;
  maxAge?: number;
  availability?: number;
  within?: string;
  organizationId?: string;
  status?: VolunteerRow['status'];
  today: string;
  sort: 'name' | 'volunteerNo' | 'birthDate' | 'createdAt';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** Birth-date bounds for an age range on a day, so the search uses plain date comparisons. */
function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/**
 * A search counts its matches up to this many and then says "more than": an exact count of a
 * broad search (everyone in a district) reads every matching row, hundreds of milliseconds.
 */
export const SEARCH_COUNT_CAP = 10_000;

function searchCondition(actor: Actor, f: VolunteerSearch) {
  return and(
    scopeFilter(actor, 'volunteer.read', { areaCode: inAreaSubtree, organizationId: memberOf, accountId: volunteers.accountId }),
    f.status ? eq(volunteers.status, f.status) : sql`${volunteers.status} <> 'merged'`,
    f.q ? ilike(volunteers.name, `%${escapeLike(f.q)}%`) : undefined,
    f.volunteerNo ? eq(volunteers.volunteerNo, f.volunteerNo) : undefined,
    ...(f.skills ?? []).map((code) => sql`${volunteers.skills} @> ${JSON.stringify([{ code }])}::jsonb`),
    ...(f.languages ?? []).map((code) => sql`${volunteers.languages} @> ${JSON.stringify([{ code }])}::jsonb`),
    f.politicalStatus?.length ? inArray(volunteers.politicalStatus, f.politicalStatus) : undefined,
    // Age a..b on `today`: born after (today − (b+1) years) and on or before (today − a years).
    f.minAge !== undefined ? lte(volunteers.birthDate, yearsBefore(f.today, f.minAge)) : undefined,
    f.maxAge !== undefined ? sql`${volunteers.birthDate} > ${yearsBefore(f.today, f.maxAge + 1)}` : undefined,
    f.availability ? sql`(${volunteers.availability} & ${f.availability}) <> 0` : undefined,
    f.within ? inAreaSubtree(f.within) : undefined,
    f.organizationId ? memberOf(f.organizationId) : undefined,
  );
}

type Sortable = Record<'id' | 'name' | 'volunteerNo' | 'birthDate' | 'createdAt', AnyColumn>;

/** The order asked for, ties broken by id so that pages never overlap. */
function orderOf(t: Sortable, f: VolunteerSearch) {
  const column = { name: t.name, volunteerNo: t.volunteerNo, birthDate: t.birthDate, createdAt: t.createdAt }[f.sort];
  return [f.order === 'asc' ? asc(column) : desc(column), asc(t.id)];
}

/** Up to `limit` matching rows, with what a result shows and sorts by: the first found, or the first in order. */
function matches(db: Executor, where: SQL | undefined, limit: number, inOrder?: VolunteerSearch) {
  const query = db
    .select({
      id: volunteers.id,
      volunteerNo: volunteers.volunteerNo,
      name: volunteers.name,
      sex: volunteers.sex,
      birthDate: volunteers.birthDate,
      areaCode: volunteers.areaCode,
      phoneMasked: volunteers.phoneMasked,
      politicalStatus: volunteers.politicalStatus,
      skills: volunteers.skills,
      languages: volunteers.languages,
      status: volunteers.status,
      accountId: volunteers.accountId,
      createdAt: volunteers.createdAt,
    })
    .from(volunteers)
    .where(where)
    .$dynamic();
  if (inOrder) query.orderBy(...orderOf(volunteers, inOrder));
  return query.limit(limit).as('matches');
}

/**
 * The page asked for out of the matches, and how many matches there are (a window over all of
 * them, before the page is cut). Organizations are looked up for the page's rows only.
 */
function pageOf(db: Executor, m: ReturnType<typeof matches>, f: VolunteerSearch) {
  return db
    .select({
      id: m.id,
      volunteerNo: m.volunteerNo,
      name: m.name,
      sex: m.sex,
      birthDate: m.birthDate,
      areaCode: m.areaCode,
      phoneMasked: m.phoneMasked,
      politicalStatus: m.politicalStatus,
      skills: m.skills,
      languages: m.languages,
      status: m.status,
      accountId: m.accountId,
      organizationIds: activeOrganizationIds(m.id),
      found: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(m)
    .orderBy(...orderOf(m, f))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
}

const withoutFound = <T extends { found: number }>({ found: _, ...item }: T) => item;

/**
 * Admin search: skills, languages and the area subtree (the policy's and the one asked for) are
 * keys of one GIN index, so PostgreSQL intersects them there and reads only the matching rows,
 * once: up to `countCap` + 1 of them are counted and paged in the same statement.
 */
export async function searchVolunteers(db: Executor, actor: Actor, f: VolunteerSearch, countCap = SEARCH_COUNT_CAP) {
  const where = searchCondition(actor, f);
  const rows = await pageOf(db, matches(db, where, countCap + 1), f);
  const found = rows[0]?.found ?? 0;
  if (found > countCap) {
    // More than the cap match, and the window saw an arbitrary cap + 1 of them: take the page from
    // the first matches in order instead (an index on the sort column finds those at once).
    const page = await pageOf(db, matches(db, where, f.page * f.pageSize, f), f);
    return { items: page.map(withoutFound), total: countCap, totalCapped: true };
  }
  if (rows.length === 0 && f.page > 1) {
    // A page past the last match says nothing of how many there are: count them.
    const [{ n }] = await db.select({ n: count() }).from(matches(db, where, countCap + 1));
    return { items: [], total: Math.min(n, countCap), totalCapped: n > countCap };
  }
  return { items: rows.map(withoutFound), total: found, totalCapped: false };
}

export async function addActiveMember(db: Executor, organizationId: string, volunteerId: string) {
  await db
    .insert(organizationMembers)
    .values({ organizationId, volunteerId, role: 'member', status: 'active', joinedAt: new Date() })
    .onConflictDoUpdate({
      target: [organizationMembers.organizationId, organizationMembers.volunteerId],
      set: { status: 'active', joinedAt: sql`now()`, endedAt: null, updatedAt: sql`now()` },
    });
}

/** Erases who the person is; the row and its volunteer number stay for the records that cite it. */
export async function anonymize(db: Executor, id: string) {
  await db
    .update(volunteers)
    .set({
      name: '已注销',
      docCipher: null,
      docKeyVersion: null,
      docIndex: null,
      docMasked: null,
      phoneCipher: null,
      phoneKeyVersion: null,
      phoneIndex: null,
      phoneMasked: null,
      namePhoneIndex: null,
      guardianName: null,
      guardianPhoneCipher: null,
      guardianPhoneKeyVersion: null,
      guardianPhoneMasked: null,
      occupation: null,
      schoolName: null,
      skills: [],
      languages: [],
      serviceCategories: [],
      availability: 0,
      status: 'deregistered',
      deregisteredAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(volunteers.id, id));
}

export async function endMemberships(db: Executor, volunteerId: string) {
  await db
    .update(organizationMembers)
    .set({ status: 'left', endedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(organizationMembers.volunteerId, volunteerId), inArray(organizationMembers.status, ['active', 'applied', 'invited'])));
}

/** A deregistered volunteer's account can no longer sign in; its sessions go with it. */
export async function disableAccount(db: Executor, accountId: string) {
  // The phone is freed for a later registration; a username keeps the row's one required login.
  await db
    .update(accounts)
    .set({ status: 'disabled', username: `deregistered.${accountId}`, phoneIndex: null, phoneCipher: null, phoneKeyVersion: null })
    .where(eq(accounts.id, accountId));
  await db.delete(sessions).where(eq(sessions.accountId, accountId));
}
