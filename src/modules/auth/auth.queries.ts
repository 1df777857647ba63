import { and, eq, gt, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { accounts, roleGrants, sessions, signInThrottle } from '../../db/schema.ts';
import type { Grant, Role } from '../../domain/auth/roles.ts';

export type AccountRow = typeof accounts.$inferSelect;

export async function findAccountByLogin(db: Executor, login: { phoneIndex?: string; username?: string }): Promise<AccountRow | undefined> {
  const where = login.phoneIndex
    ? eq(accounts.phoneIndex, login.phoneIndex)
    : sql`lower(${accounts.username}) = lower(${login.username ?? ''})`;
  const [row] = await db.select().from(accounts).where(where).limit(1);
  return row;
}

export async function findAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

export async function grantsOf(db: Executor, accountId: string): Promise<Grant[]> {
  const rows = await db
    .select({
      role: roleGrants.role,
      areaCode: roleGrants.areaCode,
      organizationId: roleGrants.organizationId,
      stationId: roleGrants.stationId,
    })
    .from(roleGrants)
    .where(eq(roleGrants.accountId, accountId))
    .orderBy(roleGrants.createdAt);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/**
 * The live session of a token hash with its account and grants in one round trip, or undefined
 * when expired or the account is disabled.
 */
export async function findLiveSession(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      session: sessions,
      account: accounts,
      grants: sql<Grant[]>`coalesce((
        select json_agg(json_build_object('role', g.role, 'areaCode', g.area_code,
          'organizationId', g.organization_id, 'stationId', g.station_id) order by g.created_at)
        from role_grants g where g.account_id = "accounts"."id"), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), eq(accounts.status, 'active')))
    .limit(1);
  return row;
}

export async function insertSession(db: Executor, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

export async function touchSession(db: Executor, tokenHash: string) {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of an account, or every one but `keep`. Returns how many ended. */
export async function deleteSessionsOf(db: Executor, accountId: string, keep?: string): Promise<number> {
  const where = keep ? and(eq(sessions.accountId, accountId), sql`${sessions.tokenHash} <> ${keep}`) : eq(sessions.accountId, accountId);
  const rows = await db.delete(sessions).where(where).returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/**
 * Counts a sign-in attempt for an identifier before its password is checked, in one statement,
 * so parallel guesses are all counted: a window older than `windowMinutes` starts afresh.
 * Returns the attempts in the window (this one included) and how long a lock still runs.
 */
export async function countAttempt(db: Executor, identifierHash: string, windowMinutes: number) {
  const window = sql`make_interval(mins => ${windowMinutes})`;
  const result = await db.execute(sql`
    INSERT INTO sign_in_throttle AS t (identifier_hash, failures, window_start)
    VALUES (${identifierHash}, 1, now())
    ON CONFLICT (identifier_hash) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - ${window} AND coalesce(t.locked_until, now()) <= now()
        THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - ${window} AND coalesce(t.locked_until, now()) <= now()
        THEN now() ELSE t.window_start END
    RETURNING failures AS attempts,
      greatest(0, extract(epoch from (t.locked_until - now())))::float8 AS "lockedSeconds"`);
  return rowsOf<{ attempts: number; lockedSeconds: number | null }>(result)[0];
}

/** Locks the identifier for the window: too many attempts failed. */
export async function lock(db: Executor, identifierHash: string, windowMinutes: number) {
  await db.execute(sql`UPDATE sign_in_throttle SET locked_until = now() + make_interval(mins => ${windowMinutes})
    WHERE identifier_hash = ${identifierHash}`);
}

export async function clearFailures(db: Executor, identifierHash: string) {
  await db.delete(signInThrottle).where(eq(signInThrottle.identifierHash, identifierHash));
}

export async function updatePassword(db: Executor, accountId: string, passwordHash: string) {
  await db.update(accounts).set({ passwordHash, passwordChangedAt: sql`now()` }).where(eq(accounts.id, accountId));
}

export async function updateLocale(db: Executor, accountId: string, locale: 'zh-CN' | 'en-US') {
  await db.update(accounts).set({ locale }).where(eq(accounts.id, accountId));
}
