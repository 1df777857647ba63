import type { Executor } from '../../db/client.ts';
import { accounts, roleGrants } from '../../db/schema.ts';

export async function insertAccount(db: Executor, values: typeof accounts.$inferInsert) {
  const [row] = await db.insert(accounts).values(values).returning({ id: accounts.id });
  return row;
}

export async function insertGrants(db: Executor, grants: (typeof roleGrants.$inferInsert)[]) {
  await db.insert(roleGrants).values(grants);
}
