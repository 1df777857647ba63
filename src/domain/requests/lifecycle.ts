import type { RequestStatus } from './catalog.ts';

/**
 * A service request's life as one transition table: the service asks it, so no rule about "what
 * may follow what" lives anywhere else.
 *
 *   new → triaged → assigned → in_progress → done → rated → closed
 *   cancelled from any open step (with a reason); merged is set at creation only.
 *
 * Publishing keeps the status (the request stays triaged, now visible to volunteers nearby); taking a
 * published request is an assignment made by the volunteer.
 */
export const REQUEST_ACTIONS = ['triage', 'assign', 'publish', 'take', 'start', 'done', 'rate', 'close', 'cancel'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Who takes a step: the office of the request's area, the handling organization, the volunteer, the beneficiary. */
export type RequestActor = 'office' | 'handler' | 'volunteer' | 'beneficiary';

interface Step {
  from: readonly RequestStatus[];
  /** null: the status stays (publishing). */
  to: RequestStatus | null;
  needsReason?: boolean;
}

export const OPEN_STATUSES: readonly RequestStatus[] = ['new', 'triaged', 'assigned', 'in_progress'];
export const FINAL_STATUSES: readonly RequestStatus[] = ['closed', 'cancelled', 'merged'];

export const REQUEST_STEPS: Record<RequestAction, Step> = {
  triage: { from: ['new'], to: 'triaged' },
  // More volunteers may join while places remain (the count is checked against the headcount).
  assign: { from: ['triaged', 'assigned'], to: 'assigned' },
  publish: { from: ['triaged', 'assigned'], to: null },
  take: { from: ['triaged', 'assigned'], to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  done: { from: ['assigned', 'in_progress'], to: 'done' },
  rate: { from: ['done'], to: 'rated' },
  close: { from: ['done', 'rated'], to: 'closed' },
  cancel: { from: ['new', 'triaged', 'assigned', 'in_progress'], to: 'cancelled', needsReason: true },
};

export type RequestStepOutcome = { ok: true; to: RequestStatus } | { ok: false; rule: 'transition' | 'reason' };

export function requestStep(from: RequestStatus, action: RequestAction, reason?: string): RequestStepOutcome {
  const step = REQUEST_STEPS[action];
  if (!step.from.includes(from)) return { ok: false, rule: 'transition' };
  if (step.needsReason && !reason?.trim()) return { ok: false, rule: 'reason' };
  return { ok: true, to: step.to ?? from };
}

/** The steps open from a status, for the buttons a page shows. */
export const requestActionsFrom = (status: RequestStatus): RequestAction[] =>
  REQUEST_ACTIONS.filter((a) => REQUEST_STEPS[a].from.includes(status));

/**
 * What a volunteer serving the request may see (条例 Art 21: only what the task needs): the full
 * place and how to reach the person only while the service is on; the masked place before; after
 * it, nothing but the category and the date.
 */
export type VolunteerView = 'masked' | 'full' | 'minimal';
export function volunteerView(status: RequestStatus, assigned: boolean): VolunteerView {
  if (!assigned) return OPEN_STATUSES.includes(status) ? 'masked' : 'minimal';
  if (status === 'assigned' || status === 'in_progress') return 'full';
  return OPEN_STATUSES.includes(status) ? 'masked' : 'minimal';
}

/** The office levels a request climbs when overdue: 0 community … 3 city. */
export const TOP_ESCALATION_LEVEL = 3;

/** Area code length of the office at each level (community 12, street 9, district 6, city 4 digits). */
const LEVEL_PREFIX = [12, 9, 6, 4] as const;

/** The area prefix of the office that holds a request at an escalation level. */
export const escalationAreaOf = (areaCode: string, level: number) => areaCode.slice(0, LEVEL_PREFIX[Math.min(level, 3)]);

/**
 * Is the request overdue (not triaged by its triage time, not assigned by its assign time), and so
 * due to climb one office level? A request at the city level stays there.
 */
export function isOverdue(r: { status: RequestStatus; triageDueAt: Date; assignDueAt: Date }, now: Date): boolean {
  if (r.status === 'new') return now >= r.triageDueAt || now >= r.assignDueAt;
  if (r.status === 'triaged') return now >= r.assignDueAt;
  return false;
}
