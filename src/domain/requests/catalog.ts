/**
 * The demand side's vocabulary: how urgent a request is, where it came from, the steps of its life
 * and who the people served are. The schema and the API take their enums from here.
 */

export const REQUEST_URGENCIES = ['low', 'normal', 'urgent', 'critical'] as const;
export type RequestUrgency = (typeof REQUEST_URGENCIES)[number];

/** Raised by the resident on the phone page, at an office or station for a walk-in, or by a hotline operator. */
export const REQUEST_CHANNELS = ['app', 'walk_in', 'hotline'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/**
 * new → triaged → assigned → in_progress → done → rated → closed; cancelled from any open step;
 * merged when it turned out to duplicate an open request (same beneficiary, category and day).
 */
export const REQUEST_STATUSES = ['new', 'triaged', 'assigned', 'in_progress', 'done', 'rated', 'closed', 'cancelled', 'merged'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The people served have a record of their own (条例 Art 21: their privacy is kept). */
export const BENEFICIARY_KINDS = ['elderly_alone', 'elderly', 'disabled', 'child_in_care', 'family_in_need', 'other'] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

/** Who gave the consent to keep the record: the person, their guardian, or an office on their written consent. */
export const CONSENT_GIVERS = ['self', 'guardian', 'office'] as const;

/** The over-service guard's rule for a category: at most so many services per beneficiary per day and per week. */
export interface ServiceGuardRule {
  perDay?: number;
  perWeek?: number;
  /** warn: the person taking it sees a warning; block: it is refused unless overridden with a reason (audited). */
  mode: 'warn' | 'block';
}

/** How long each step may take, in minutes, per urgency: past it the request climbs to the next office. */
export type RequestSla = Record<RequestUrgency, { triageMinutes: number; assignMinutes: number }>;

export const DEFAULT_REQUEST_SLA: RequestSla = {
  critical: { triageMinutes: 15, assignMinutes: 60 },
  urgent: { triageMinutes: 60, assignMinutes: 4 * 60 },
  normal: { triageMinutes: 8 * 60, assignMinutes: 24 * 60 },
  low: { triageMinutes: 24 * 60, assignMinutes: 72 * 60 },
};

/**
 * How many requests a volunteer may take themselves, and how many invitations they may be sent, in
 * a week: the city sets the most; a volunteer may only lower their own (the lesser of the two holds).
 */
export interface VolunteerCaps {
  weeklyTakeCap: number;
  weeklyInvitationCap: number;
}

export const DEFAULT_VOLUNTEER_CAPS: VolunteerCaps = { weeklyTakeCap: 3, weeklyInvitationCap: 3 };

/** The cap that holds for one volunteer: their own, never above the city's. */
export const effectiveCap = (own: number, city: number) => Math.min(own, city);

/** Escalation climbs the area tree: community office → street → district → city. */
export const ESCALATION_LEVELS = ['community', 'street', 'district', 'city'] as const;

export const HOTLINE_OUTCOMES = [
  'request_taken',
  'request_followed_up',
  'information',
  'volunteer_lookup',
  'certificate_lookup',
  'complaint',
  'no_action',
] as const;
export type HotlineOutcome = (typeof HOTLINE_OUTCOMES)[number];

export const EMERGENCY_CALL_STATUSES = ['open', 'full', 'closed', 'cancelled'] as const;
export const EMERGENCY_RESPONSES = ['notified', 'accepted', 'declined', 'standby', 'released'] as const;

export const INVITATION_STATUSES = ['sent', 'accepted', 'declined', 'expired'] as const;

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** Time to triage and to assign per urgency (the requests module reads it; DEFAULT_REQUEST_SLA when never saved). */
    requestSla: RequestSla;
    /** The most a volunteer may take and be invited to a week (DEFAULT_VOLUNTEER_CAPS when never saved). */
    volunteerCaps: VolunteerCaps;
  }
}
