/**
 * A partner's staff look things up by numbers that can be guessed: 10-digit codes, and volunteer
 * numbers (sequential) against a star-based advantage. Each account's misses are counted — a code
 * not found, a person not eligible — and past LOOKUP_MISSES within LOOKUP_WINDOW_MS of the first,
 * every further lookup of that kind is refused until the window has passed (a right one too, or
 * guessing would go on unseen). A clerk's honest mistakes stay far below the limit.
 *
 * An advantage check that answers "eligible" is not free either: with an offer open to everyone it
 * names each active person behind a number (masked), and with a narrower second offer hits and misses
 * tell stars or area. So every check counts, whatever it answers: ACCOUNT_CHECKS per account in the
 * same window, and PARTNER_CHECKS per day over all of a partner's accounts (more clerk accounts buy
 * no more guesses). A gate checking people as they come stays well below both.
 */
export const LOOKUP_MISSES = { code: 10, advantage: 20 } as const;
export const ACCOUNT_CHECKS = 120;
export const PARTNER_CHECKS = 600;
export type LookupPurpose = keyof typeof LOOKUP_MISSES | 'check';
export const LOOKUP_WINDOW_MS = 10 * 60_000;
export const PARTNER_WINDOW_MS = 24 * 3_600_000;

/** An account's (or a partner's) lookups counted in the current window, this one included. */
export interface LookupTries {
  tries: number;
  since: Date;
}

const LIMITS: Record<LookupPurpose | 'partner', { limit: number; windowMs: number }> = {
  code: { limit: LOOKUP_MISSES.code, windowMs: LOOKUP_WINDOW_MS },
  advantage: { limit: LOOKUP_MISSES.advantage, windowMs: LOOKUP_WINDOW_MS },
  check: { limit: ACCOUNT_CHECKS, windowMs: LOOKUP_WINDOW_MS },
  partner: { limit: PARTNER_CHECKS, windowMs: PARTNER_WINDOW_MS },
};

/** The window a count of this kind runs over. */
export const windowOf = (purpose: LookupPurpose | 'partner') => LIMITS[purpose].windowMs;

/** Seconds the account (or partner) must wait before this kind of lookup again; 0 when this one may go ahead. */
export function lookupRetryAfter(purpose: LookupPurpose | 'partner', counted: LookupTries, now: Date): number {
  const { limit, windowMs } = LIMITS[purpose];
  if (counted.tries <= limit) return 0;
  return Math.max(1, Math.ceil((counted.since.getTime() + windowMs - now.getTime()) / 1000));
}
