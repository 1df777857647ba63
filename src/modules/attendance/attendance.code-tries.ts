import type { Db } from '../../db/client.ts';
import { CODE_TRY_WINDOW_MS, type CodeTries, codeRetryAfter } from '../../domain/attendance/code-throttle.ts';
import { AppError } from '../../platform/errors.ts';
import * as q from './attendance-code-tries.queries.ts';

/**
 * A typed 6-digit code is counted before it is checked, and the count taken back when it proves
 * right: so only wrong codes add up, and parallel guesses are counted as they arrive. Past the
 * limit every typed code is refused with 429 and Retry-After, right ones too, until the window
 * has passed (domain/attendance/code-throttle.ts). Only a volunteer's own typed codes are counted:
 * QR payloads, e-card scans, organizers' manual entries and card readers' uploads are not.
 */
export async function countCodeTry(db: Db, volunteerId: string, now: Date): Promise<CodeTries> {
  const counted = await q.countCodeTry(db, volunteerId, now, new Date(now.getTime() - CODE_TRY_WINDOW_MS));
  const seconds = codeRetryAfter(counted, now);
  if (seconds > 0)
    throw new AppError('RATE_LIMITED', 'attendance.codeTries', { minutes: Math.ceil(seconds / 60) }, undefined, {
      'retry-after': String(seconds),
    });
  return counted;
}

export const uncountCodeTry = (db: Db, volunteerId: string) => q.uncountCodeTry(db, volunteerId);
