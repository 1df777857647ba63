import type { Executor } from '../../db/client.ts';
import { skills } from '../../db/schema.ts';

export type NewSkill = typeof skills.$inferInsert;

export const listSkills = (db: Executor) => db.select().from(skills).orderBy(skills.category, skills.code);

/** The new skill, or undefined when its code is taken. */
export async function insertSkill(db: Executor, skill: NewSkill) {
  const [row] = await db.insert(skills).values(skill).onConflictDoNothing().returning();
  return row;
}
