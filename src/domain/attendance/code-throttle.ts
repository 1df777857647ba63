/**
 * Typed 6-digit codes can be guessed (a million of them, two right at a time), so a person's
 * wrong codes are counted: after CODE_TRIES wrong ones within CODE_TRY_WINDOW_MS of the first,
 * every further typed code is refused — a right one too, or guessing would go on unseen — until
 * the window has passed. The scanned QR payload carries a MAC no one can guess and is not limited.
 */
export const CODE_TRIES = 5;
export const CODE_TRY_WINDOW_MS = 10 * 60_000;

/** A person's typed codes in the current window, this attempt counted. */
export interface CodeTries {
  /** Typed codes counted in the window (wrong ones, and this attempt until it proves right). */
  tries: number;
  /** When the window began: the first counted try. */
  since: Date;
}

/** Seconds the person must wait before typing a code again; 0 when this attempt may be checked. */
export function codeRetryAfter(counted: CodeTries, now: Date): number {
  if (counted.tries <= CODE_TRIES) return 0;
  return Math.max(1, Math.ceil((counted.since.getTime() + CODE_TRY_WINDOW_MS - now.getTime()) / 1000));
}
