import { and, eq, gt, sql } from 'drizzle-orm';
import { type Db, type Executor, rowsOf } from '../../db/client.ts';
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
 * Counts a sign-in attempt of a throttle key before its password is checked, the row locked so
 * parallel guesses are counted one after another. The first `allowed` attempts of a window go
 * through; from the `allowed`-th on, each attempt makes the next one wait, a minute at first and
 * twice as long each time, up to `windowMinutes`. An attempt made while a wait runs is refused and lengthens it.
 * Answers whether this attempt must wait, and how many seconds.
 */
const FIRST_WAIT_SECONDS = 60;

export async function countAttempt(db: Db, key: string, allowed: number, windowMinutes: number) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO sign_in_throttle (identifier_hash, failures, window_start)
      VALUES (${key}, 0, now()) ON CONFLICT (identifier_hash) DO NOTHING`);
    const [row] = rowsOf<{ failures: number; stale: boolean; waiting: number }>(
      await tx.execute(sql`SELECT failures, window_start < now() - make_interval(mins => ${windowMinutes}) AS stale,
          greatest(0, coalesce(extract(epoch from (locked_until - now())), 0))::float8 AS waiting
        FROM sign_in_throttle WHERE identifier_hash = ${key} FOR UPDATE`),
    );
    const fresh = row.stale && row.waiting <= 0;
    const attempts = (fresh ? 0 : row.failures) + 1;
    const delay = attempts >= allowed ? Math.min(windowMinutes * 60, FIRST_WAIT_SECONDS * 2 ** (attempts - allowed)) : 0;
    await tx.execute(sql`UPDATE sign_in_throttle SET failures = ${attempts},
        window_start = CASE WHEN ${fresh} THEN now() ELSE window_start END,
        locked_until = CASE WHEN ${delay} > 0
          THEN greatest(coalesce(locked_until, now()), now() + make_interval(secs => ${delay})) ELSE locked_until END
      WHERE identifier_hash = ${key}`);
    return { waitSeconds: row.waiting > 0 ? Math.ceil(Math.max(row.waiting, delay)) : 0 };
  });
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
