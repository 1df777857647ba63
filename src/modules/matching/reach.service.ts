import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { hhmmOf, minutesOf } from '../../domain/matching/reach.ts';
import { DEFAULT_VOLUNTEER_CAPS, effectiveCap, type VolunteerCaps } from '../../domain/requests/catalog.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { volunteerCapsOf } from '../request-settings/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './reach.queries.ts';

type Ctx = AuditContext & { actor: Actor };

const DEFAULTS = { requestsOptIn: true, emergencyOptIn: false, invitationsOptIn: true, ...DEFAULT_VOLUNTEER_CAPS };
const CAPS = ['weeklyTakeCap', 'weeklyInvitationCap'] as const;

export interface Reach {
  lat: number | null;
  lng: number | null;
  home: { areaCode: string; areaName: string | null; lat: number | null; lng: number | null };
  requestsOptIn: boolean;
  emergencyOptIn: boolean;
  invitationsOptIn: boolean;
  quietFrom: string | null;
  quietTo: string | null;
  weeklyInvitationCap: number;
  weeklyTakeCap: number;
  /** The most the city allows (a volunteer may only lower their own). */
  cityCaps: VolunteerCaps;
}

/** My reach; the caps read as they hold (never above the city's), so saving it back is always allowed. */
async function load(db: Db, volunteerId: string): Promise<Reach> {
  const [row, city] = await Promise.all([q.reachOf(db, volunteerId), volunteerCapsOf(db)]);
  return {
    lat: row?.lat ?? null,
    lng: row?.lng ?? null,
    home: { areaCode: row?.homeAreaCode ?? '', areaName: row?.homeAreaName ?? null, lat: row?.homeLat ?? null, lng: row?.homeLng ?? null },
    requestsOptIn: row?.requestsOptIn ?? DEFAULTS.requestsOptIn,
    emergencyOptIn: row?.emergencyOptIn ?? DEFAULTS.emergencyOptIn,
    invitationsOptIn: row?.invitationsOptIn ?? DEFAULTS.invitationsOptIn,
    quietFrom: row?.quietFrom == null ? null : hhmmOf(row.quietFrom),
    quietTo: row?.quietTo == null ? null : hhmmOf(row.quietTo),
    weeklyInvitationCap: effectiveCap(row?.weeklyInvitationCap ?? DEFAULTS.weeklyInvitationCap, city.weeklyInvitationCap),
    weeklyTakeCap: effectiveCap(row?.weeklyTakeCap ?? DEFAULTS.weeklyTakeCap, city.weeklyTakeCap),
    cityCaps: { weeklyInvitationCap: city.weeklyInvitationCap, weeklyTakeCap: city.weeklyTakeCap },
  };
}

export async function getReach(db: Db, actor: Actor) {
  const me = await requireSelf(db, actor, 'volunteer.updateReach');
  return load(db, me.id);
}

export type ReachInput = Omit<Reach, 'home' | 'cityCaps'>;

/** The city sets the most a volunteer takes and is invited to a week; a volunteer may only lower theirs. */
function checkCaps(input: ReachInput, city: VolunteerCaps) {
  const above = CAPS.filter((field) => input[field] > city[field]);
  if (above.length)
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      above.map((field) => ({ field, rule: 'max', messageKey: 'match.reach.aboveCity' as const, params: { limit: city[field] } })),
    );
}

/** Saves my reach: a position needs both coordinates (or neither: the home community's centroid), quiet hours both ends. */
export async function updateReach(db: Db, ctx: Ctx, input: ReachInput) {
  const me = await requireSelf(db, ctx.actor, 'volunteer.updateReach');
  if ((input.lat == null) !== (input.lng == null))
    throw fieldError(input.lat == null ? 'lat' : 'lng', 'required', 'match.reach.coordinatesPair');
  if ((input.quietFrom == null) !== (input.quietTo == null)) {
    throw fieldError(input.quietFrom == null ? 'quietFrom' : 'quietTo', 'required', 'match.reach.quietPair');
  }
  checkCaps(input, await volunteerCapsOf(db));
  await db.transaction(async (tx) => {
    await q.saveReach(tx, me.id, {
      lat: input.lat,
      lng: input.lng,
      requestsOptIn: input.requestsOptIn,
      emergencyOptIn: input.emergencyOptIn,
      invitationsOptIn: input.invitationsOptIn,
      quietFrom: input.quietFrom == null ? null : minutesOf(input.quietFrom),
      quietTo: input.quietTo == null ? null : minutesOf(input.quietTo),
      weeklyInvitationCap: input.weeklyInvitationCap,
      weeklyTakeCap: input.weeklyTakeCap,
    });
    // The position is where the person lives or works: personal data, so the audit keeps only that it changed.
    await recordAudit(tx, ctx, {
      action: 'volunteer.updateReach',
      entityType: 'volunteer',
      entityId: me.id,
      areaCode: me.areaCode,
      summary: { ownPosition: input.lat != null, invitationsOptIn: input.invitationsOptIn, requestsOptIn: input.requestsOptIn },
    });
  });
  return load(db, me.id);
}
