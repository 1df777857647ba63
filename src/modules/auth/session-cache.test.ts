import { describe, expect, it } from 'vitest';
import { type CachedSession, SessionCache } from './session-cache.ts';

const entry = (tokenHash: string, accountId: string, at: number, expiresAt = at + 3_600_000): CachedSession => ({
  tokenHash,
  csrfToken: 'c',
  lastSeenAt: at,
  expiresAt,
  grants: [],
  account: { id: accountId } as CachedSession['account'],
});
const put = (cache: SessionCache, e: CachedSession) => cache.set(e, e.lastSeenAt);

describe('the session cache', () => {
  it('forgets an entry within its time to live (not before three quarters of it), and a session at its expiry', () => {
    const cache = new SessionCache(10_000);
    put(cache, entry('a', 'x', 1_000));
    put(cache, entry('b', 'x', 1_000, 5_000));
    expect(cache.get('a', 8_500)?.tokenHash).toBe('a');
    expect(cache.get('a', 11_001)).toBeUndefined();
    expect(cache.get('b', 5_000)).toBeUndefined();
  });

  it('evicts by token and by account', () => {
    const cache = new SessionCache(10_000);
    put(cache, entry('a', 'x', 0));
    put(cache, entry('b', 'x', 0));
    put(cache, entry('c', 'y', 0));
    cache.forgetToken('c');
    expect(cache.get('c', 1)).toBeUndefined();
    cache.forgetAccount('x');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, undefined]);
  });

  it('stays within its size by dropping the oldest, and caches nothing with a zero time to live', () => {
    const cache = new SessionCache(10_000, 2);
    for (const t of ['a', 'b', 'c']) put(cache, entry(t, 'x', 0));
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)?.tokenHash).toBe('c');
    const off = new SessionCache(0);
    put(off, entry('a', 'x', 0));
    expect(off.get('a', 0)).toBeUndefined();
  });
});

describe('entries cached together', () => {
  it('expire spread over the last quarter of their time to live, not all at once', () => {
    const cache = new SessionCache(10_000);
    for (let i = 0; i < 400; i++) put(cache, entry(`t${i}`, 'x', 0));
    const alive = (at: number) => Array.from({ length: 400 }, (_, i) => cache.get(`t${i}`, at)).filter(Boolean).length;
    expect(alive(7_500)).toBe(400);
    const at9 = alive(9_000);
    expect(at9).toBeGreaterThan(50);
    expect(at9).toBeLessThan(350);
    expect(alive(10_001)).toBe(0);
  });
});
