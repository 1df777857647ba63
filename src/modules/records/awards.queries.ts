import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { recordAwards } from '../../db/schema.ts';

/** Awards on a volunteer's record (awards.ts). */

export type AwardOnRecord = typeof recordAwards.$inferSelect;

export async function insertAward(db: Executor, values: typeof recordAwards.$inferInsert) {
  const [row] = await db.insert(recordAwards).values(values).onConflictDoNothing({ target: recordAwards.sourceId }).returning();
  return row;
}

/** A volunteer's awards standing (not withdrawn), oldest first. */
export async function awardsStanding(db: Executor, volunteerId: string) {
  return db
    .select()
    .from(recordAwards)
    .where(and(eq(recordAwards.volunteerId, volunteerId), isNull(recordAwards.withdrawnAt)))
    .orderBy(asc(recordAwards.grantedOn), asc(recordAwards.title));
}
