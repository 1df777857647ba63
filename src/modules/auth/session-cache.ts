import type { Grant } from '../../domain/auth/roles.ts';
import type { Invalidations } from '../../platform/invalidation.ts';
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
 * session up again and again. A change (sign-out, revoke-all, password, settings, an account
 * disabled or its roles changed) evicts at once on every server: through `invalidations` when the
 * cache is given them, on this server only otherwise; `ttlMs` bounds what a lost message costs.
 */
export class SessionCache {
  private readonly cache: TtlCache<string, CachedSession>;

  constructor(
    ttlMs = 10_000,
    maxEntries = 50_000,
    private readonly invalidations?: Invalidations,
  ) {
    this.cache = new TtlCache(ttlMs, maxEntries, (session, now) => now >= session.expiresAt);
    invalidations?.on('session', (tokenHash) => this.cache.delete(tokenHash));
    invalidations?.on('account', (accountId) => this.cache.deleteWhere((session) => session.account.id === accountId));
    invalidations?.onGap(() => this.cache.clear());
  }

  get(tokenHash: string, now = Date.now()) {
    return this.cache.get(tokenHash, now);
  }

  set(entry: CachedSession, now = Date.now()) {
    this.cache.set(entry.tokenHash, entry, now);
  }

  /** Forgets a session here at once and on every other server (the promise never rejects). */
  forgetToken(tokenHash: string): Promise<void> {
    this.cache.delete(tokenHash);
    return this.invalidations?.publish('session', tokenHash) ?? Promise.resolve();
  }

  /** Forgets every session of an account here at once and on every other server (never rejects). */
  forgetAccount(accountId: string): Promise<void> {
    this.cache.deleteWhere((session) => session.account.id === accountId);
    return this.invalidations?.publish('account', accountId) ?? Promise.resolve();
  }
}
