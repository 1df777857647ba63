import type { Grant } from '../../domain/auth/roles.ts';
import { TtlCache } from '../../platform/ttl-cache.ts';
import type { AccountRow } from './auth.queries.ts';

export interface CachedSession {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: number;
  expiresAt: number;
  account: AccountRow;
  grants: Grant[];
}

/**
 * Live sessions recently read from the database, so a burst of requests does not look the same
 * session up again and again. Changes made through this server (sign-out, revoke-all, password,
 * settings) evict at once; changes made through another server are seen within `ttlMs`.
 */
export class SessionCache {
  private readonly cache: TtlCache<string, CachedSession>;

  constructor(ttlMs = 10_000, maxEntries = 50_000) {
    this.cache = new TtlCache(ttlMs, maxEntries, (session, now) => now >= session.expiresAt);
  }

  get(tokenHash: string, now = Date.now()) {
    return this.cache.get(tokenHash, now);
  }

  set(entry: CachedSession, now = Date.now()) {
    this.cache.set(entry.tokenHash, entry, now);
  }

  forgetToken(tokenHash: string) {
    this.cache.delete(tokenHash);
  }

  forgetAccount(accountId: string) {
    this.cache.deleteWhere((session) => session.account.id === accountId);
  }
}
