/**
 * The rules of an emergency call (应急动员), over plain data: what a valid call is, and what a
 * volunteer's answer does given where the call stands.
 */

export interface CallInput {
  startsAt: Date;
  endsAt: Date;
  headcount: number;
  standbyCount: number;
  lat?: number | null;
  lng?: number | null;
  radiusMeters?: number | null;
}

export interface CallIssue {
  field: string;
  rule: string;
  key:
    | 'emergency.endsBeforeStart'
    | 'emergency.startsInPast'
    | 'emergency.startsTooLate'
    | 'emergency.tooLong'
    | 'emergency.headcountPositive'
    | 'emergency.centreRequired'
    | 'emergency.centrePair';
}

/** A call may start a little before the office presses send (the form's "now" is a minute old). */
export const START_GRACE_MS = 10 * 60_000;
/** An emergency is near: a call starts within 30 days and lasts at most 14 (a long duty is called again). */
export const MAX_LEAD_DAYS = 30;
export const MAX_LENGTH_DAYS = 14;
const DAY_MS = 86_400_000;

export function checkCall(call: CallInput, now: Date): CallIssue[] {
  const issues: CallIssue[] = [];
  if (call.startsAt.getTime() < now.getTime() - START_GRACE_MS) {
    issues.push({ field: 'startsAt', rule: 'notPast', key: 'emergency.startsInPast' });
  }
  if (call.startsAt.getTime() > now.getTime() + MAX_LEAD_DAYS * DAY_MS)
    issues.push({ field: 'startsAt', rule: 'within30Days', key: 'emergency.startsTooLate' });
  if (call.endsAt.getTime() <= call.startsAt.getTime())
    issues.push({ field: 'endsAt', rule: 'afterStart', key: 'emergency.endsBeforeStart' });
  else if (call.endsAt.getTime() - call.startsAt.getTime() > MAX_LENGTH_DAYS * DAY_MS)
    issues.push({ field: 'endsAt', rule: 'maxLength', key: 'emergency.tooLong' });
  if (!Number.isInteger(call.headcount) || call.headcount <= 0) {
    issues.push({ field: 'headcount', rule: 'positive', key: 'emergency.headcountPositive' });
  }
  const hasLat = call.lat != null;
  const hasLng = call.lng != null;
  if (call.radiusMeters != null && !(hasLat && hasLng)) {
    issues.push({ field: hasLat ? 'lng' : 'lat', rule: 'required', key: 'emergency.centreRequired' });
  } else if (hasLat !== hasLng) {
    issues.push({ field: hasLat ? 'lng' : 'lat', rule: 'required', key: 'emergency.centrePair' });
  }
  return issues;
}

export type CallStatus = 'open' | 'full' | 'closed' | 'cancelled';
export type Response = 'notified' | 'accepted' | 'declined' | 'standby' | 'released';

export interface CallState {
  status: CallStatus;
  headcount: number;
  acceptedCount: number;
  standbyCount: number;
  /** How many are on the standby list now. */
  standbyTaken: number;
}

/**
 * What an answer does:
 * - `ended`: the call is closed — nothing changes (409);
 * - `alreadyAccepted`: a volunteer who accepted cannot silently decline (the office counts on them);
 * - `same`: the answer they already gave;
 * - `accept`: a place (and `fills`: it was the last one — the call is full, the rest are told);
 * - `standby`: the places are taken, the standby list is not;
 * - `full`: places and standby list are taken — they are told it is full;
 * - `decline`: they decline (leaving the standby list if they were on it).
 */
export type AnswerOutcome =
  | { kind: 'ended' }
  | { kind: 'alreadyAccepted' }
  | { kind: 'same' }
  | { kind: 'accept'; fills: boolean }
  | { kind: 'standby' }
  | { kind: 'full' }
  | { kind: 'decline' };

export function decideAnswer(call: CallState, current: Response, answer: 'accept' | 'decline'): AnswerOutcome {
  if (call.status === 'closed' || call.status === 'cancelled') return { kind: 'ended' };
  if (answer === 'decline') {
    if (current === 'accepted') return { kind: 'alreadyAccepted' };
    return current === 'declined' ? { kind: 'same' } : { kind: 'decline' };
  }
  if (current === 'accepted' || current === 'standby') return { kind: 'same' };
  if (call.status === 'open' && call.acceptedCount < call.headcount) {
    return { kind: 'accept', fills: call.acceptedCount + 1 >= call.headcount };
  }
  return call.standbyTaken < call.standbyCount ? { kind: 'standby' } : { kind: 'full' };
}
