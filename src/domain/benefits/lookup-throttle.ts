/**
 * A partner's staff look things up by numbers that can be guessed: 10-digit codes, and volunteer
 * numbers (sequential) against a star-based advantage. Each account's misses are counted — a code
 * not found, a person not eligible — and past LOOKUP_MISSES within LOOKUP_WINDOW_MS of the first,
 * every further lookup of that kind is refused until the window has passed (a right one too, or
 * guessing would go on unseen). A clerk's honest mistakes stay far below the limit.
 */
export const LOOKUP_MISSES = { code: 10, advantage: 20 } as const;
export type LookupPurpose = keyof typeof LOOKUP_MISSES;
export const LOOKUP_WINDOW_MS = 10 * 60_000;

/** An account's lookups counted in the current window, this one included. */
export interface LookupTries {
  tries: number;
  since: Date;
}

/** Seconds the account must wait before this kind of lookup again; 0 when this one may go ahead. */
export function lookupRetryAfter(purpose: LookupPurpose, counted: LookupTries, now: Date): number {
  if (counted.tries <= LOOKUP_MISSES[purpose]) return 0;
  return Math.max(1, Math.ceil((counted.since.getTime() + LOOKUP_WINDOW_MS - now.getTime()) / 1000));
}
