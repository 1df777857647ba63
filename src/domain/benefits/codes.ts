/**
 * One-time redemption codes: 10 decimal digits drawn from a CSPRNG (the caller passes the random
 * source: the domain does no I/O). 10^10 codes, looked up only within the scanning partner's
 * offers, so guessing one is hopeless at any rate a person can type.
 */
export const CODE_DIGITS = 10;

/** A code from `randomInt(max)` (crypto.randomInt in the service). */
export function newCode(randomInt: (max: number) => number): string {
  // Two draws of 5 digits: randomInt takes ranges below 2^48, and each draw is uniform.
  return `${String(randomInt(100_000)).padStart(5, '0')}${String(randomInt(100_000)).padStart(5, '0')}`;
}

/** The digits a person typed or a camera read, spaces and dashes removed; undefined if not a code. */
export function normalizeCode(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : undefined;
}

/** The code as shown: 3-3-4 groups, easier to read aloud. */
export const groupCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;

/** A China month (YYYY-MM) as an instant range [from, until) in UTC ISO. */
export function chinaMonth(month: string): { from: string; until: string } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000);
  const until = new Date(Date.UTC(y, m, 1) - 8 * 3_600_000);
  return { from: from.toISOString(), until: until.toISOString() };
}

/** When a code issued at `at` expires: `days` later. */
export const expiryOf = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);
