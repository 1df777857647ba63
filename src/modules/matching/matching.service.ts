import type { Db, Executor } from '../../db/client.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { WorkloadLimits } from '../../domain/enrollment/eligibility.ts';
import { ageOn } from '../../domain/identity/index.ts';
import { type MatchReason, type MatchTarget, rankCandidates, rankOrganizations } from '../../domain/matching/score.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import { TtlCache } from '../../platform/ttl-cache.ts';
import { limitsFor } from '../activities/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import { invitedIds } from './invitations.queries.ts';
import * as q from './matching.queries.ts';
import * as reach from './reach.queries.ts';

/** How many nearest candidates are read and scored; the list shows the best of them. */
export const CANDIDATE_POOL = 100;
const DAY = 86_400_000;

export interface Said extends MatchReason {
  text: string;
}

/** Reasons in the reader's language. */
export const say = (locale: Locale, reasons: MatchReason[], skillNames = new Map<string, string>()): Said[] =>
  reasons.map((r) => {
    // Skills are named in the reader's language; the params keep the codes.
    const params =
      r.code === 'skills'
        ? {
            ...r.params,
            skills: String(r.params.skills)
              .split(', ')
              .map((c) => skillNames.get(c) ?? c)
              .join('、'),
          }
        : r.params;
    return { ...r, text: translate(locale, `match.reason.${r.code}` as MessageKey, params) };
  });

// Skill names change rarely: kept a minute per database, so the matcher's hot path reads them once.
const skillNameCache = new WeakMap<object, TtlCache<string, Awaited<ReturnType<typeof q.skillNames>>>>();
async function skillNamesOf(db: Executor, codes: readonly string[]) {
  let cache = skillNameCache.get(db);
  if (!cache) {
    cache = new TtlCache(60_000, 1_000);
    skillNameCache.set(db, cache);
  }
  const key = [...codes].sort().join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const names = await q.skillNames(db, codes);
  cache.set(key, names);
  return names;
}

interface Find {
  target: MatchTarget;
  origin: q.Origin;
  languages: readonly string[];
  optIn: 'requests' | 'invitations';
  requestId: string | null;
  positionId: string | null;
  limits: WorkloadLimits;
  take: number;
  now: Date;
}

/** The matcher: the nearest who qualify, read through the index, then scored and explained. */
export async function findVolunteers(db: Executor, locale: Locale, f: Find) {
  const [found, names] = await Promise.all([
    q.candidates(db, {
      ...f.origin,
      skills: f.target.skills,
      languages: f.languages,
      optIn: f.optIn,
      around: f.target.shift.start,
      requestId: f.requestId,
      positionId: f.positionId,
      limit: CANDIDATE_POOL,
      since: new Date(f.now.getTime() - 30 * DAY),
    }),
    skillNamesOf(db, f.target.skills),
  ]);
  const skillNames = new Map(names.map((n) => [n.code, locale === 'zh-CN' ? n.nameZh : n.nameEn]));
  // The index walks a box; its corners lie past the radius.
  const rows = found.filter((r) => r.km <= f.origin.radiusKm);
  const day = chinaDate(f.target.shift.start);
  const ranked = rankCandidates(
    f.target,
    rows.map((r) => ({
      volunteerId: r.volunteerId,
      distanceKm: r.km,
      availability: r.availability,
      languages: r.languages.map((l) => l.code),
      minor: r.birthDate ? ageOn(r.birthDate, day) < 18 : false,
      held: q.heldShifts(r.held),
      ratingAvg: r.ratingAvg,
      ratingCount: r.ratingCount,
      recentAssignments: r.recent,
    })),
    f.limits,
    f.take,
  );
  const byId = new Map(rows.map((r) => [r.volunteerId, r]));
  return ranked.map((s) => {
    const row = byId.get(s.volunteerId);
    return { ...s, name: row?.name ?? '', volunteerNo: row?.volunteerNo ?? '', reasons: say(locale, s.reasons, skillNames) };
  });
}

const located = <T extends { lat: number | null; lng: number | null }>(row: T) => {
  if (row.lat == null || row.lng == null) throw new AppError('RULE_VIOLATION', 'match.noPosition');
  return { lat: row.lat, lng: row.lng };
};

export interface SuggestOptions {
  radiusKm: number;
  language?: string;
  take: number;
}

/** Who could serve a request: volunteers, organizations and stations, each with its reasons. */
export async function suggestForRequest(db: Db, actor: Actor, locale: Locale, id: string, options: SuggestOptions, now = new Date()) {
  const request = await q.requestForMatch(db, id);
  if (!request) throw notFound('entity.serviceRequest');
  authorize(actor, 'match.suggest', { areaCode: request.areaCode, organizationId: request.organizationId }, 'entity.serviceRequest');
  const origin = { ...located(request), radiusKm: options.radiusKm };
  const target: MatchTarget = {
    shift: { id: request.id, title: request.categoryName, start: request.windowStart, end: request.windowEnd },
    radiusKm: options.radiusKm,
    skills: request.skills,
    language: options.language ?? null,
  };
  const [volunteers, organizations, stations] = await Promise.all([
    findVolunteers(db, locale, {
      target,
      origin,
      languages: [],
      optIn: 'requests',
      requestId: request.id,
      positionId: null,
      limits: await limitsFor(db, null),
      take: options.take,
      now,
    }),
    q.organizationsFor(db, request.areaCode, request.categoryCode),
    q.stationsNear(db, origin, 5),
  ]);
  return {
    volunteers,
    organizations: rankOrganizations(organizations, 5).map((o) => ({
      organizationId: o.organizationId,
      name: o.name,
      areaCode: o.areaCode,
      served: o.served,
      ratingAvg: o.ratingAvg,
      score: o.score,
      reasons: say(locale, [...o.reasons, { code: 'covers', params: {} }]),
    })),
    stations: stations.map((s) => {
      const km = Math.round(s.km * 10) / 10;
      return { ...s, km, distanceKm: km, reasons: say(locale, [{ code: 'stationDistance', params: { km } }]) };
    }),
  };
}

/**
 * How far the nearby list looks by default, and at most (the widest the 附近需求 page offers): a
 * volunteer takes a request only within the widest, so the list is the only way to find one.
 */
export const NEARBY_RADIUS_KM = { default: 5, max: 20 } as const;

/** Published requests near me that ask only for skills I have (a volunteer looking for something to take). */
export async function nearbyRequests(db: Db, actor: Actor, radiusKm: number) {
  const me = await requireSelf(db, actor, 'request.take');
  const origin = await reach.positionOf(db, me.id);
  if (!origin) return [];
  return q.nearbyRequests(db, me.id, { ...origin, radiusKm }, await reach.skillCodesOf(db, me.id));
}

/**
 * How far a request is from a volunteer, as the nearby list measures it (their reach position, else
 * their home community's centre, to the request's community centre), and whether that is within the
 * list's widest radius. km is by half kilometres, as the list shows it; null when a place is unknown.
 */
export async function requestReach(db: Executor, volunteerId: string, requestId: string) {
  const origin = await reach.positionOf(db, volunteerId);
  const km = origin ? await q.requestKmFrom(db, requestId, origin) : null;
  return { km: km == null ? null : q.roundedKm(km), within: km != null && km <= NEARBY_RADIUS_KM.max, maxKm: NEARBY_RADIUS_KM.max };
}

/** The position's volunteers: the same matcher, with the position's requirements and the invitations opt-in. */
export async function invitationCandidates(db: Db, actor: Actor, locale: Locale, positionId: string, take: number, now = new Date()) {
  const position = await positionFor(db, actor, positionId);
  const radiusKm = 10;
  const volunteers = await findVolunteers(db, locale, {
    target: {
      shift: { id: position.activityId, title: position.title, start: position.startsAt, end: position.endsAt },
      radiusKm,
      skills: position.skills,
      language: null,
    },
    origin: { ...located(position), radiusKm },
    languages: position.languages.map((l) => l.code),
    optIn: 'invitations',
    requestId: null,
    positionId,
    limits: await limitsFor(db, position.workloadLimits),
    take,
    now,
  });
  const invited = await invitedIds(
    db,
    positionId,
    volunteers.map((v) => v.volunteerId),
  );
  return { position, volunteers: volunteers.map((v) => ({ ...v, invited: invited.has(v.volunteerId) })) };
}

/** A position the actor may invite for (its project's organization), or 404. */
export async function positionFor(db: Executor, actor: Actor, positionId: string) {
  const position = await q.positionForMatch(db, positionId);
  if (!position) throw notFound('entity.position');
  authorize(actor, 'invitation.send', { organizationId: position.organizationId }, 'entity.position');
  return position;
}
