import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/auth/roles.ts';

export interface Crowd {
  areaCode: string;
  n: number;
  /** Their reach position: around this point, within ~100 m. */
  lat?: number;
  lng?: number;
  skills?: string[];
  optIn?: boolean;
  status?: 'active' | 'suspended';
}

/**
 * Many volunteers at once, set-based (for the emergency tests and bench): adults, each with an
 * account of their own (so they can answer) and a reach row (position, opt-in). Answers them as actors.
 */
export async function buildCrowd(db: Executor, c: Crowd): Promise<(Actor & { volunteerId: string })[]> {
  const skills = JSON.stringify((c.skills ?? []).map((code) => ({ code })));
  const rows = rowsOf<{ volunteer_id: string; account_id: string }>(
    await db.execute(sql`with acc as (
        insert into accounts (username, display_name, password_hash)
        select 'em' || replace(gen_random_uuid()::text, '-', ''), '应急志愿者', 'x' from generate_series(1, ${c.n}) returning id),
      vol as (
        insert into volunteers (volunteer_no, account_id, name, area_code, birth_date, consent_at, registered_via, skills, phone_masked, status)
        select 'EM' || replace(gen_random_uuid()::text, '-', ''), acc.id, '应急志愿者', ${c.areaCode}, '1990-05-01', now(), 'office',
          ${skills}::jsonb, '139****0000', ${c.status ?? 'active'}
        from acc returning id, account_id),
      reach as (
        insert into volunteer_reach (volunteer_id, lat, lng, emergency_opt_in)
        select id, ${c.lat ?? 30.2} + (random() - 0.5) * 0.001, ${c.lng ?? 120.1} + (random() - 0.5) * 0.001, ${c.optIn ?? true}
        from vol returning volunteer_id)
      select vol.id as volunteer_id, vol.account_id from vol`),
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    volunteerId: r.volunteer_id,
    displayName: '应急志愿者',
    grants: [{ role: 'volunteer' as const }],
  }));
}
