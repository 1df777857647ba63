import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { isValidPeriod, lastDays, periodBounds, type ReportPeriod } from '../../domain/requests/report-period.ts';
import { todayInChina } from '../../platform/clock.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { existingCodes } from '../areas/index.ts';
import * as q from './service-guard.queries.ts';

/** Rows per table: a community has a few thousand beneficiaries at most; the page lists the worst first. */
const LIMIT = 500;

export interface ReportQuery {
  within: string;
  from?: string;
  until?: string;
  /** A beneficiary with at least this many services of one category is listed even within the rule. */
  minServices?: number;
}

/**
 * The over-service report of an area (issue 18): who is served a lot (flagged where a category's
 * guard rule was exceeded on some day or week), who is registered but was not served, and the
 * guard's warnings and overrides with the reasons given.
 */
export async function serviceGuardReport(db: Db, actor: Actor, query: ReportQuery) {
  if (!(await existingCodes(db, [query.within])).has(query.within)) throw notFound('entity.area');
  authorize(actor, 'serviceGuard.report', { areaCode: query.within }, 'entity.area');
  const fallback = lastDays(todayInChina());
  const period: ReportPeriod = { from: query.from ?? fallback.from, until: query.until ?? fallback.until };
  if (!isValidPeriod(period)) throw fieldError('from', 'period', 'serviceGuard.badPeriod');
  const bounds = periodBounds(period);
  const within = `${query.within}%`;
  const [manyServices, notServed, guardEvents] = await Promise.all([
    q.manyServices(db, within, bounds, query.minServices ?? 2, LIMIT),
    q.notServed(db, within, bounds, LIMIT),
    q.guardEvents(db, within, bounds, LIMIT),
  ]);
  return { within: query.within, period, manyServices, notServed, guardEvents };
}
