import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** A volunteer's typed-code count (attendance.code-tries.ts): one row per person, a fixed window from its first try. */

/**
 * Counts one try, in one statement (so a burst of parallel guesses cannot outrun the count):
 * a window that began before `windowStart` is over, and the count starts again at `now`.
 */
export async function countCodeTry(db: Executor, volunteerId: string, now: Date, windowStart: Date) {
  const [row] = rowsOf<{ tries: number; since: string | Date }>(
    await db.execute(sql`insert into checkin_code_tries (volunteer_id, tries, since) values (${volunteerId}, 1, ${now})
      on conflict (volunteer_id) do update set
        tries = case when checkin_code_tries.since <= ${windowStart} then 1 else checkin_code_tries.tries + 1 end,
        since = case when checkin_code_tries.since <= ${windowStart} then excluded.since else checkin_code_tries.since end
      returning tries, since`),
  );
  return { tries: Number(row.tries), since: new Date(row.since) };
}

/** Takes back a try that proved to be a right code. */
export async function uncountCodeTry(db: Executor, volunteerId: string) {
  await db.execute(sql`update checkin_code_tries set tries = greatest(tries - 1, 0) where volunteer_id = ${volunteerId}`);
}
