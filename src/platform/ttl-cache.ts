/**
 * Each entry lives between this share of the time to live and all of it, at random: entries
 * cached together (a thousand volunteers signing in at an event's start) do not all expire
 * together and send a thousand lookups to the database in the same moment.
 */
const SHORTEST = 0.75;

/**
 * A bounded in-process cache whose entries expire within `ttlMs` (or earlier when `isStale` says
 * so). For data that many requests read and few change: the server that changes it evicts at
 * once; other servers see the change within `ttlMs`.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
    private readonly isStale: (value: V, now: number) => boolean = () => false,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now > entry.expiresAt || this.isStale(entry.value, now)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()) {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: now + this.ttlMs * (SHORTEST + (1 - SHORTEST) * Math.random()) });
  }

  delete(key: K) {
    this.entries.delete(key);
  }

  deleteWhere(predicate: (value: V) => boolean) {
    for (const [key, entry] of this.entries) if (predicate(entry.value)) this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }
}
