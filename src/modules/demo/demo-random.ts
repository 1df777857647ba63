import { seededRandom } from './demo-city.ts';

/** The seeded generator with the helpers every demo generator needs. */
export interface Rng {
  next(): number;
  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the items, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

export function makeRng(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
  };
}

/** Picks indexes in proportion to their weights (a population, say) by binary search. */
export function cumulativePicker(weights: readonly number[]): (r: number) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cumulative.push(sum);
  }
  return (r) => {
    const target = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** MurmurHash3's finalizer: a bijection of 32-bit numbers that scatters neighbours. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * A version-4 UUID that is a function of (namespace, index), so rows can point at each other
 * before any is written. The first word is namespace and index: ids of one namespace never
 * collide and follow the insert order, so the primary key grows at its right edge (like
 * UUIDv7) instead of splitting pages all over a million-row index.
 */
export function demoUuid(namespace: number, index: number): string {
  const a = ((namespace << 28) | index) >>> 0;
  const b = fmix32(a + 0x9e3779b9);
  const c = fmix32(b ^ index);
  const d = fmix32(c + 0x6d2b79f5);
  const [hb, hc, hd] = [hex8(b), hex8(c), hex8(d)];
  return `${hex8(a)}-${hb.slice(0, 4)}-4${hb.slice(5, 8)}-${'89ab'[c & 3]}${hc.slice(1, 4)}-${hc.slice(4)}${hd}`;
}

/** A number that grows with the index, with a little scatter (distinct for distinct indexes): ids a platform issued over time. */
export function increasingId(index: number, start: number, step: number): number {
  return start + index * step + (fmix32(index ^ start) % step);
}

/**
 * A bijection of [0, modulus): distinct indexes give distinct numbers (phone tails, external
 * ids) that do not look sequential. `multiplier` must be coprime with `modulus`.
 */
export function scatter(index: number, modulus: number, multiplier: number, offset: number): number {
  return Number((BigInt(index) * BigInt(multiplier) + BigInt(offset)) % BigInt(modulus));
}

/** ISO date `days` after (or before) a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A moment on a date, in China's working day (8:00–20:00, UTC+8). */
export function momentOn(isoDate: string, rng: Rng): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`) + rng.int(8 * 60, 20 * 60) * 60_000);
}
