import { and, asc, count, eq, ilike, inArray, like, or, type SQL, sql } from 'drizzle-orm';
import { type Executor, prepared } from '../../db/client.ts';
import { areas } from '../../db/schema.ts';
import type { AreaInput, AreaRowInput } from '../../domain/areas/area-rows.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type AreaRow = typeof areas.$inferSelect;

const childCount = sql<number>`(select count(*) from areas c where c.parent_code = "areas"."code")::int`.as('child_count');

export const areaColumns = {
  code: areas.code,
  name: areas.name,
  nameEn: areas.nameEn,
  level: areas.level,
  parentCode: areas.parentCode,
  population: areas.population,
  lat: areas.lat,
  lng: areas.lng,
};

/**
 * An area and its ancestors in one round trip, ancestors first; the child count is computed for
 * the area itself only. Undefined when the area does not exist.
 */
export async function findAreaWithAncestors(db: Executor, code: string, ancestorCodes: string[]) {
  const statement = prepared(db, 'area_with_ancestors', (d) =>
    d
      .select({
        ...areaColumns,
        childCount: sql<number>`(case when "areas"."code" = ${sql.placeholder('code')}
          then (select count(*) from areas c where c.parent_code = "areas"."code") else 0 end)::int`,
      })
      .from(areas)
      .where(sql`"areas"."code" = any(${sql.placeholder('codes')}::text[])`)
      .orderBy(asc(sql`length("areas"."code")`))
      .prepare('area_with_ancestors'),
  );
  const rows = await statement.execute({ code, codes: [...ancestorCodes, code] });
  const area = rows.find((r) => r.code === code);
  if (!area) return undefined;
  return { ...area, ancestors: rows.filter((r) => r.code !== code).map(({ childCount: _, ...rest }) => rest) };
}

export async function findArea(db: Executor, code: string) {
  const [row] = await db
    .select({ ...areaColumns, childCount })
    .from(areas)
    .where(eq(areas.code, code));
  return row;
}

export async function findAreasByCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select(areaColumns)
    .from(areas)
    .where(inArray(areas.code, codes))
    .orderBy(asc(sql`length(${areas.code})`));
}

export interface AreaListFilter {
  parent?: string;
  within?: string;
  level?: AreaRow['level'];
  q?: string;
  page: number;
  pageSize: number;
}

export async function listAreas(db: Executor, actor: Actor, filter: AreaListFilter) {
  const escaped = filter.q?.replace(/[%_\\]/g, '\\$&');
  const conditions: (SQL | undefined)[] = [
    scopeFilter(actor, 'area.read', { areaCode: areas.code }),
    filter.parent ? eq(areas.parentCode, filter.parent) : undefined,
    filter.within ? like(areas.code, `${filter.within}%`) : undefined,
    filter.level ? eq(areas.level, filter.level) : undefined,
    escaped ? or(ilike(areas.name, `%${escaped}%`), ilike(areas.nameEn, `%${escaped}%`), like(areas.code, `${escaped}%`)) : undefined,
  ];
  const where = and(...conditions);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({ ...areaColumns, childCount })
      .from(areas)
      .where(where)
      .orderBy(asc(areas.code))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(areas).where(where),
  ]);
  return { items, total };
}

/** Which of these codes exist already. */
export async function existingCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 5000) {
    const rows = await db
      .select({ code: areas.code })
      .from(areas)
      .where(inArray(areas.code, codes.slice(i, i + 5000)));
    for (const r of rows) found.add(r.code);
  }
  return found;
}

/** Writes complete areas, replacing any that exist (the demo generator and tests). */
export async function upsertAreas(db: Executor, inputs: AreaInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 1000) {
    await db
      .insert(areas)
      .values(inputs.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: areas.code,
        set: {
          name: sql`excluded.name`,
          nameEn: sql`excluded.name_en`,
          population: sql`excluded.population`,
          lat: sql`excluded.lat`,
          lng: sql`excluded.lng`,
          updatedAt: sql`now()`,
        },
      });
  }
}

/**
 * Writes a checked list in order, parents first: new areas are inserted (population 0 when not
 * given); existing ones take the values given and keep the ones not given.
 */
export async function mergeAreas(db: Executor, inputs: AreaRowInput[], existing: Set<string>): Promise<void> {
  const fresh = inputs.filter((i) => !existing.has(i.code)).map((i) => ({ ...i, population: i.population ?? 0 }));
  for (let i = 0; i < fresh.length; i += 1000) await db.insert(areas).values(fresh.slice(i, i + 1000));
  const known = inputs.filter((i) => existing.has(i.code));
  for (let i = 0; i < known.length; i += 5000) {
    const chunk = known.slice(i, i + 5000);
    const column = <K extends keyof AreaRowInput>(key: K) => sql.param(chunk.map((c) => c[key]));
    await db.execute(sql`
      UPDATE areas AS a SET
        name = v.name,
        name_en = coalesce(v.name_en, a.name_en),
        population = coalesce(v.population, a.population),
        lat = coalesce(v.lat, a.lat),
        lng = coalesce(v.lng, a.lng),
        updated_at = now()
      FROM unnest(${column('code')}::text[], ${column('name')}::text[], ${column('nameEn')}::text[],
                  ${column('population')}::int[], ${column('lat')}::float8[], ${column('lng')}::float8[])
        AS v(code, name, name_en, population, lat, lng)
      WHERE a.code = v.code`);
  }
}

export async function insertArea(db: Executor, input: AreaRowInput) {
  await db.insert(areas).values({ ...input, population: input.population ?? 0 });
}

export async function updateArea(
  db: Executor,
  code: string,
  patch: Partial<Pick<AreaRow, 'name' | 'nameEn' | 'population' | 'lat' | 'lng'>>,
) {
  await db
    .update(areas)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(areas.code, code));
}
