import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { requestCategories, serviceRequests, skills } from '../../db/schema.ts';

export type RequestCategory = Omit<typeof requestCategories.$inferSelect, never>;
export type CategoryInput = Omit<RequestCategory, 'builtin'>;

/** The catalog, in force first, then by place and code. */
export const listCategories = (db: Executor) =>
  db.select().from(requestCategories).orderBy(desc(requestCategories.active), asc(requestCategories.sort), asc(requestCategories.code));

export async function knownSkillCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await db.select({ code: skills.code }).from(skills).where(inArray(skills.code, codes));
  return new Set(rows.map((r) => r.code));
}

export async function upsertCategories(db: Executor, items: CategoryInput[]) {
  if (items.length === 0) return;
  await db
    .insert(requestCategories)
    .values(items.map((item) => ({ ...item, builtin: false })))
    .onConflictDoUpdate({
      target: requestCategories.code,
      // builtin is never changed by an edit: the migration's categories stay builtin.
      set: {
        nameZh: sql`excluded.name_zh`,
        nameEn: sql`excluded.name_en`,
        maxVolunteers: sql`excluded.max_volunteers`,
        guard: sql`excluded.guard`,
        defaultSkills: sql`excluded.default_skills`,
        active: sql`excluded.active`,
        sort: sql`excluded.sort`,
      },
    });
}

/**
 * Categories left out of the catalog: the city's own that no request ever used are deleted; builtin
 * ones and those requests cite are retired. Returns the codes deleted and retired.
 */
export async function removeCategoriesExcept(db: Executor, keep: string[]) {
  const used = sql`exists (select 1 from ${serviceRequests} r where r.category_code = ${requestCategories.code})`;
  const outside = keep.length ? notInArray(requestCategories.code, keep) : sql`true`;
  const deleted = await db
    .delete(requestCategories)
    .where(and(outside, eq(requestCategories.builtin, false), sql`not ${used}`))
    .returning({ code: requestCategories.code });
  const retired = await db
    .update(requestCategories)
    .set({ active: false })
    .where(and(outside, eq(requestCategories.active, true)))
    .returning({ code: requestCategories.code });
  return { deleted: deleted.map((r) => r.code), retired: retired.map((r) => r.code) };
}
