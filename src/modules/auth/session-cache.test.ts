import { describe, expect, it } from 'vitest';
import { type CachedSession, SessionCache } from './session-cache.ts';

const entry = (tokenHash: string, accountId: string, cachedAt: number, expiresAt = cachedAt + 3_600_000): CachedSession => ({
  tokenHash,
  csrfToken: 'c',
  lastSeenAt: cachedAt,
  expiresAt,
  cachedAt,
  grants: [],
  account: { id: accountId } as CachedSession['account'],
});

describe('the session cache', () => {
  it('forgets an entry after its time to live, and a session at its expiry', () => {
    const cache = new SessionCache(10_000);
    cache.set(entry('a', 'x', 1_000));
    cache.set(entry('b', 'x', 1_000, 5_000));
    expect(cache.get('a', 10_999)?.tokenHash).toBe('a');
    expect(cache.get('a', 11_001)).toBeUndefined();
    expect(cache.get('b', 5_000)).toBeUndefined();
  });

  it('evicts by token and by account', () => {
    const cache = new SessionCache(10_000);
    cache.set(entry('a', 'x', 0));
    cache.set(entry('b', 'x', 0));
    cache.set(entry('c', 'y', 0));
    cache.forgetToken('c');
    expect(cache.get('c', 1)).toBeUndefined();
    cache.forgetAccount('x');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, undefined]);
  });

  it('stays within its size by dropping the oldest, and caches nothing with a zero time to live', () => {
    const cache = new SessionCache(10_000, 2);
    for (const t of ['a', 'b', 'c']) cache.set(entry(t, 'x', 0));
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)?.tokenHash).toBe('c');
    const off = new SessionCache(0);
    off.set(entry('a', 'x', 0));
    expect(off.get('a', 0)).toBeUndefined();
  });
});
