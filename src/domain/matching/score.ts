/**
 * The matcher's rules: who is suggested for a request or a position, in what order, and why.
 * Pure: the candidates' facts are read by the module's queries, the clock is passed in.
 */
import { chinaWeekday } from '../activities/schedule.ts';
import { type Shift, type WorkloadLimits, type Reason as WorkloadReason, workloadReasons } from '../enrollment/eligibility.ts';

/** Why a suggestion is where it is: a stable code and its parameters, put in words by the reader's language. */
export interface MatchReason {
  code: string;
  params: Record<string, string | number>;
}

export interface MatchTarget {
  /** The shift being filled: the request's window or the position's activity. */
  shift: Shift;
  /** How far the matcher looks, in km: the distance score falls to 0 there. */
  radiusKm: number;
  /** Skills asked for (a candidate lacking one is never found: the query filters on them). */
  skills: readonly string[];
  /** A language the request asks for (a plus, not a filter). */
  language?: string | null;
}

export interface CandidateFacts {
  volunteerId: string;
  distanceKm: number;
  /** 21 bits: Monday morning first (see domain/volunteers/registration.ts availabilityBit). */
  availability: number;
  languages: readonly string[];
  minor: boolean;
  /** Shifts already held around the target's time (accepted enrollments), for the working-time limits. */
  held: readonly Shift[];
  /** Ratings of the requests they served. */
  ratingAvg: number | null;
  ratingCount: number;
  /** Requests assigned to them in the last 30 days. */
  recentAssignments: number;
}

/** Each part's most points; the sum is the score (0–100 before the fairness and rating adjustments). */
export const WEIGHTS = { distance: 40, skills: 15, availability: 20, language: 15, rating: 10, fairnessPerAssignment: 4, fairnessMax: 20 };

const SLOT_BOUNDS = [
  [6, 12],
  [12, 18],
  [18, 24],
] as const;

/**
 * The availability bits a shift touches: its China weekday × morning (6–12) / afternoon (12–18) /
 * evening (18–24). Hours before 6 count as the morning. A shift past midnight also touches the next day.
 */
export function shiftMask(shift: Pick<Shift, 'start' | 'end'>): number {
  let mask = 0;
  const hour = 3600_000;
  // Walk the shift hour by hour (a request window is hours, not weeks; cap at 7 days of steps).
  const last = Math.min(shift.end.getTime() - 1, shift.start.getTime() + 7 * 24 * hour);
  for (let t = shift.start.getTime(); t <= last; t += hour) {
    mask |= bitAt(new Date(t));
  }
  return mask | bitAt(new Date(last));
}

function bitAt(at: Date): number {
  const day = chinaWeekday(at) - 1;
  const h = new Date(at.getTime() + 8 * 3600_000).getUTCHours();
  const slot = SLOT_BOUNDS.findIndex(([from, to]) => h >= from && h < to);
  return 1 << (day * 3 + Math.max(0, slot));
}

/** Everything that keeps a candidate off the list: the working-time limits already in force. */
export function blockers(target: MatchTarget, c: CandidateFacts, limits: WorkloadLimits): WorkloadReason[] {
  return workloadReasons(target.shift, c.held, limits, c.minor);
}

export interface Scored {
  volunteerId: string;
  distanceKm: number;
  score: number;
  reasons: MatchReason[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A candidate's score and the reasons behind each part of it. */
export function scoreCandidate(target: MatchTarget, c: CandidateFacts): Scored {
  const reasons: MatchReason[] = [];
  const km = round1(c.distanceKm);
  const distance = WEIGHTS.distance * Math.max(0, 1 - c.distanceKm / target.radiusKm);
  reasons.push({ code: 'distance', params: { km } });

  // The query only finds people with every skill asked for; say so when skills were asked.
  const skills = WEIGHTS.skills;
  if (target.skills.length) reasons.push({ code: 'skills', params: { skills: target.skills.join(', ') } });

  const wanted = shiftMask(target.shift);
  const free = (c.availability & wanted) === wanted;
  reasons.push({ code: free ? 'available' : 'notUsuallyAvailable', params: {} });
  const availability = free ? WEIGHTS.availability : 0;

  let language = 0;
  if (target.language) {
    const speaks = c.languages.includes(target.language);
    if (speaks) language = WEIGHTS.language;
    reasons.push({ code: speaks ? 'speaks' : 'noLanguage', params: { language: target.language } });
  }

  let rating = 0;
  if (c.ratingCount > 0 && c.ratingAvg != null) {
    // 3 stars is neutral: 5 stars earns the full weight, 1 star loses it.
    rating = (WEIGHTS.rating * (c.ratingAvg - 3)) / 2;
    reasons.push({ code: 'rating', params: { avg: round1(c.ratingAvg), count: c.ratingCount } });
  } else {
    reasons.push({ code: 'noRatingYet', params: {} });
  }

  const fairness = -Math.min(WEIGHTS.fairnessMax, WEIGHTS.fairnessPerAssignment * c.recentAssignments);
  reasons.push(c.recentAssignments ? { code: 'recentlyAssigned', params: { count: c.recentAssignments } } : { code: 'rested', params: {} });

  const score = round1(distance + skills + availability + language + rating + fairness);
  return { volunteerId: c.volunteerId, distanceKm: km, score, reasons };
}

/**
 * The suggestions, best first: candidates over a working-time limit are left out, the rest
 * scored; ties go to the nearer, then by id so the order is stable.
 */
export function rankCandidates(target: MatchTarget, candidates: readonly CandidateFacts[], limits: WorkloadLimits, take: number): Scored[] {
  return candidates
    .filter((c) => blockers(target, c, limits).length === 0)
    .map((c) => scoreCandidate(target, c))
    .sort((a, b) => b.score - a.score || a.distanceKm - b.distanceKm || a.volunteerId.localeCompare(b.volunteerId))
    .slice(0, take);
}

/** Organizations: those that served most requests of the category first, then the better rated. */
export interface OrganizationFacts {
  organizationId: string;
  served: number;
  ratingAvg: number | null;
}

export function rankOrganizations<T extends OrganizationFacts>(orgs: readonly T[], take: number) {
  return [...orgs]
    .map((o) => {
      const reasons: MatchReason[] = [{ code: 'orgServed', params: { count: o.served } }];
      if (o.ratingAvg != null) reasons.push({ code: 'rating', params: { avg: round1(o.ratingAvg), count: o.served } });
      const score = round1(Math.min(60, o.served * 6) + (o.ratingAvg == null ? 0 : (WEIGHTS.rating * (o.ratingAvg - 3)) / 2) + 20);
      return { ...o, score, reasons };
    })
    .sort((a, b) => b.score - a.score || a.organizationId.localeCompare(b.organizationId))
    .slice(0, take);
}
