import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { schoolYearOf, TERM_HALVES, termBounds } from '../../domain/records/statement.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { issueStatement, myStatements, type StatementRequest } from './statements.ts';

/** Nothing to state (no hours in the term, or none at all): the demo goes on without that statement. */
const nothingToState = (e: unknown) =>
  e instanceof AppError && (e.messageKey === 'statement.noHours' || e.messageKey === 'statement.noHoursAtAll');

/**
 * The demo volunteer's statements, one of each kind, issued as they would issue them (signed, in the
 * registry, verifiable): the school statement for the latest term with hours. Once: skipped when
 * they already hold statements.
 */
export async function seedDemoStatements(db: Db, config: Config, demoAccountId: string | null): Promise<number> {
  if (!demoAccountId) return 0;
  const actor: Actor = { accountId: demoAccountId, displayName: 'demo', grants: [{ role: 'volunteer' }] };
  if ((await myStatements(db, actor)).length > 0) return 0;
  const ctx = { actor, requestId: `seed-statements-${Date.now()}` };
  const today = todayInChina();
  const issue = async (request: StatementRequest) => {
    try {
      await issueStatement(db, config, ctx, undefined, request);
      return true;
    } catch (e) {
      if (nothingToState(e)) return false;
      throw e;
    }
  };
  let issued = 0;
  // The latest of the last six terms that has begun and holds hours.
  const terms = [0, 1, 2].flatMap((back) => [...TERM_HALVES].reverse().map((half) => ({ schoolYear: schoolYearOf(today) - back, half })));
  for (const term of terms) {
    if (termBounds(term.schoolYear, term.half).from > today) continue;
    if (await issue({ kind: 'schoolPractice', school: '杭州市第十四中学', ...term })) {
      issued++;
      break;
    }
  }
  for (const kind of ['employerReference', 'residencePoints'] as const) if (await issue({ kind })) issued++;
  return issued;
}
