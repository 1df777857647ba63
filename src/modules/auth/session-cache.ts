import type { Grant } from '../../domain/auth/roles.ts';
import type { AccountRow } from './auth.queries.ts';

export interface CachedSession {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: number;
  expiresAt: number;
  account: AccountRow;
  grants: Grant[];
  cachedAt: number;
}

/**
 * Live sessions recently read from the database, so a burst of requests does not look the same
 * session up again and again. Changes made through this server (sign-out, revoke-all, password,
 * settings) evict at once; changes made through another server are seen within `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 50_000,
  ) {}

  get(tokenHash: string, now = Date.now()): CachedSession | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (now - entry.cachedAt > this.ttlMs || now >= entry.expiresAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(entry: CachedSession) {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(entry.tokenHash, entry);
  }

  forgetToken(tokenHash: string) {
    this.entries.delete(tokenHash);
  }

  forgetAccount(accountId: string) {
    for (const [key, entry] of this.entries) if (entry.account.id === accountId) this.entries.delete(key);
  }
}
