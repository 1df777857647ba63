import type { Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { may } from '../../platform/policy.ts';
import { limitsFor } from '../activities/index.ts';
import { placeVolunteer } from '../enrollment/index.ts';
import { type DemandProject, ensureDemandShift } from '../requests/index.ts';
import * as q from './emergency.queries.ts';

/*
 * An emergency call is a shift like any other: the organization that runs it on the ground (the
 * unit the service-record law asks for) gets an activity over the call's window and a position of
 * its headcount; whoever accepts is placed on it, so check-in, records, the hour ledger and
 * certificates work unchanged.
 */

/** Filed once per organization, as community requests are (projects.kind 'demand_service': never listed). */
export const EMERGENCY_PROJECT: DemandProject = {
  categoryCode: 'emergency',
  title: '应急动员 Emergency calls',
  description: '<p>应急动员的值守与救援（应急动员转化的班次）。</p>',
  beneficiaries: '受突发事件影响的群众',
};

/** The organization named: active, covering the call's area, and inside the office's own scope. */
export async function checkOrganization(db: Executor, actor: Actor, organizationId: string, areaCode: string) {
  const org = await q.findOrganization(db, organizationId);
  const fits =
    !!org && org.status === 'active' && areaCode.startsWith(org.areaCode) && may(actor, 'emergency.call', { areaCode: org.areaCode });
  if (!org || !fits) throw fieldError('organizationId', 'covers', 'emergency.organizationInvalid');
  return org;
}

/**
 * A call longer than the city's daily working-time limit could be accepted by no one (the
 * enrollment rules would refuse every volunteer): it is refused when issued, by the limit.
 */
export async function checkLength(db: Executor, startsAt: Date, endsAt: Date) {
  const { dailyHours } = await limitsFor(db, null);
  if (endsAt.getTime() - startsAt.getTime() > dailyHours * 3600_000)
    throw fieldError('endsAt', 'dailyHours', 'emergency.longerThanDay', { hours: dailyHours });
}

export interface ShiftOf {
  title: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  lat: number | null;
  lng: number | null;
  headcount: number;
  skills: string[];
}

/** The call's shift in the organization's emergency project: nobody applies; the answers fill it. */
export function openShift(tx: Executor, org: { id: string; areaCode: string }, call: ShiftOf, by: string) {
  return ensureDemandShift(
    tx,
    org,
    EMERGENCY_PROJECT,
    by,
    {
      title: call.title,
      startsAt: call.startsAt,
      endsAt: call.endsAt,
      address: call.place,
      lat: call.lat,
      lng: call.lng,
      applyDeadline: call.endsAt,
      cancelDeadline: call.startsAt,
    },
    { name: call.title, headcount: call.headcount, skills: call.skills, reviewMode: 'auto' },
  );
}

/**
 * The volunteer who takes a place gets an accepted enrollment on the call's shift, under the same
 * requirement and working-time rules as any shift: one past their limits is refused, by the rule.
 */
export async function placeAccepted(tx: Executor, locale: Locale, positionId: string, volunteerId: string) {
  await placeVolunteer(tx, locale, positionId, volunteerId).catch((e: unknown) => {
    if (!(e instanceof AppError) || !Array.isArray(e.details)) throw e;
    throw new AppError(
      e.code,
      e.code === 'RULE_VIOLATION' ? 'emergency.notEligible' : e.messageKey,
      e.params,
      (e.details as { field: string }[]).map((d) => ({ ...d, field: 'response' })),
    );
  });
}
