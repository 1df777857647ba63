/**
 * An application's life on a position (报名 / 录用 / 候补). Places are counted by accepted
 * applications only; the caller holds the position's row lock while it asks, so two
 * applications never take the last place twice.
 */
export const ENROLLMENT_STATUSES = ['applied', 'accepted', 'waitlisted', 'rejected', 'cancelled', 'no_show'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
/** Statuses that hold or wait for a place: one of these per person and position at most. */
export const LIVE_STATUSES: readonly EnrollmentStatus[] = ['applied', 'accepted', 'waitlisted'];

export type ReviewMode = 'auto' | 'review';

export interface Place {
  headcount: number;
  accepted: number;
  reviewMode: ReviewMode;
}

/** Where a new application lands: a free place (at once, or for review), or the waitlist. */
export function landing(place: Place): EnrollmentStatus {
  if (place.accepted >= place.headcount) return 'waitlisted';
  return place.reviewMode === 'auto' ? 'accepted' : 'applied';
}

export type EnrollmentEvent = 'accept' | 'reject' | 'cancel' | 'no_show';

export type StepResult = { ok: true; to: EnrollmentStatus } | { ok: false; rule: 'transition' | 'full' };

/** The organizer accepts or rejects; the volunteer (or the organizer) cancels; a no-show is marked after the start. */
export function enrollmentStep(from: EnrollmentStatus, event: EnrollmentEvent, place: Place): StepResult {
  switch (event) {
    case 'accept':
      if (from !== 'applied' && from !== 'waitlisted') return { ok: false, rule: 'transition' };
      return place.accepted >= place.headcount ? { ok: false, rule: 'full' } : { ok: true, to: 'accepted' };
    case 'reject':
      return from === 'applied' || from === 'waitlisted' ? { ok: true, to: 'rejected' } : { ok: false, rule: 'transition' };
    case 'cancel':
      return LIVE_STATUSES.includes(from) ? { ok: true, to: 'cancelled' } : { ok: false, rule: 'transition' };
    case 'no_show':
      return from === 'accepted' ? { ok: true, to: 'no_show' } : { ok: false, rule: 'transition' };
  }
}

/** A place freed: the first of the waitlist moves up (to accepted, or to review when the organizer reviews). */
export const promotedTo = (mode: ReviewMode): EnrollmentStatus => (mode === 'auto' ? 'accepted' : 'applied');
