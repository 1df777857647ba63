import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** The statements of the masked-place repair (place-remask.ts): a page of sealed places, and the fixes. */

export interface SealedPlace {
  id: string;
  cipher: string;
  keyVersion: number;
  masked: string | null;
  areaName: string;
}

/** Requests with a sealed place after `after` (by id), `limit` of them, with their area's name. */
export async function sealedPlaces(db: Executor, after: string | null, limit: number) {
  return rowsOf<SealedPlace>(
    await db.execute(sql`select s.id, s.place_cipher as cipher, coalesce(s.place_key_version, 1)::int as "keyVersion",
        s.place_masked as masked, coalesce(a.name, '') as "areaName"
      from service_requests s left join areas a on a.code = s.area_code
      where s.place_cipher is not null ${after ? sql`and s.id > ${after}::uuid` : sql``}
      order by s.id limit ${limit}`),
  );
}

/**
 * The new masks (where the place is still the one they were worked out from), and the same on the request's shift where the activity still shows the old one
 * (ensureShift copied it there; an address an organizer changed since is left alone). Answers how
 * many shifts were changed.
 */
export async function saveMasks(
  db: Executor,
  fixes: { id: string; cipher: string; masked: string; old: string | null }[],
): Promise<number> {
  if (fixes.length === 0) return 0;
  const values = sql.join(
    fixes.map((f) => sql`(${f.id}::uuid, ${f.cipher}::text, ${f.masked}::text, ${f.old}::text)`),
    sql`, `,
  );
  await db.execute(sql`update service_requests s set place_masked = v.masked, updated_at = now()
    from (values ${values}) v(id, cipher, masked, old) where s.id = v.id and s.place_cipher = v.cipher`);
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`with changed as (
      update activities a set address = v.masked, updated_at = now()
      from (values ${values}) v(id, cipher, masked, old) join service_requests s on s.id = v.id
      where a.id = s.activity_id and a.address is not distinct from coalesce(v.old, '—')
      returning 1)
    select count(*)::int as n from changed`),
  );
  return row.n;
}
