import { DEFAULT_REQUEST_SLA, type RequestStatus, type RequestUrgency } from '../../domain/requests/catalog.ts';
import type { Rng } from './demo-random.ts';

/**
 * One demo request's life, timed: new → triaged → assigned → in progress → done → rated → closed,
 * or cancelled on the way; each step after the one before it, none after `now` (so recent requests
 * are still open), due times from the default SLA, and the climb to the next office when a step
 * ran past its due time (community → street → district).
 */

export interface Steps {
  triagedAt?: Date;
  assignedAt?: Date;
  startedAt?: Date;
  doneAt?: Date;
  ratedAt?: Date;
  closedAt?: Date;
  cancelledAt?: Date;
}

export interface Escalation {
  level: number;
  at: Date;
  step: 'triage' | 'assign';
}

export interface Lifecycle {
  status: RequestStatus;
  steps: Steps;
  triageDueAt: Date;
  assignDueAt: Date;
  escalations: Escalation[];
  rating: number | null;
  ratingComment: string | null;
  cancelReason: string | null;
}

export interface LifecycleOptions {
  createdAt: Date;
  windowStart: Date;
  windowEnd: Date;
  urgency: RequestUrgency;
  now: Date;
  /** Held at this step (a request nobody has picked up yet). */
  stallAt?: 'new' | 'triaged';
  /** A rating chosen for it (the demo's low rating awaiting the office). */
  rating?: number;
  /** Rated but not yet closed: the office still has to look at it. */
  awaitingOffice?: boolean;
  cancel?: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RATINGS: (readonly [number, number])[] = [
  [5, 60],
  [4, 27],
  [3, 7],
  [2, 4],
  [1, 2],
];
const COMMENTS: Record<number, string[]> = {
  5: ['志愿者很耐心，谢谢！', '准时上门，服务周到', '非常满意，希望下次还是这位志愿者'],
  4: ['服务不错', '来得稍晚，其他都好'],
  3: ['一般', '时间比约定晚了半小时'],
  2: ['迟到一个多小时，也没提前打电话', '服务很匆忙'],
  1: ['约好的时间没人来', '态度不好'],
};
const CANCEL_REASONS = ['家属已陪同', '老人住院，暂不需要', '时间冲突，改约', '已自行解决'];

const after = (t: Date, ms: number) => new Date(t.getTime() + ms);
/** At least a minute after `prev`, so every step follows the one before it. */
const notBefore = (t: Date, prev: Date) => (t.getTime() > prev.getTime() + MINUTE ? t : after(prev, MINUTE));

export function lifecycle(rng: Rng, o: LifecycleOptions): Lifecycle {
  const sla = DEFAULT_REQUEST_SLA[o.urgency];
  const triageDueAt = after(o.createdAt, sla.triageMinutes * MINUTE);
  const assignDueAt = after(o.createdAt, sla.assignMinutes * MINUTE);
  // One in ten steps runs late (past its due time); the rest take a part of the time allowed.
  const late = () => rng.chance(0.1);
  const share = (minutes: number, isLate: boolean) => (isLate ? 1.1 + rng.next() : 0.05 + rng.next() * 0.75) * minutes * MINUTE;
  const planned: Steps = {};
  planned.triagedAt = after(o.createdAt, share(sla.triageMinutes, late()));
  const assignLate = late();
  planned.assignedAt = notBefore(
    assignLate ? after(assignDueAt, rng.int(10, 240) * MINUTE) : after(o.createdAt, share(sla.assignMinutes, false)),
    planned.triagedAt,
  );
  planned.startedAt = notBefore(after(o.windowStart, rng.int(-10, 15) * MINUTE), planned.assignedAt);
  planned.doneAt = notBefore(after(o.windowEnd, rng.int(-15, 20) * MINUTE), planned.startedAt);
  const rated = o.rating !== undefined || rng.chance(0.85);
  const rating = rated ? (o.rating ?? rng.weighted(RATINGS)) : null;
  if (rated) planned.ratedAt = after(planned.doneAt, rng.int(60, 48 * 60) * MINUTE);
  // The office closes it a day or three after the rating, or a week after it was done unrated.
  if (!o.awaitingOffice)
    planned.closedAt = rated
      ? after(planned.ratedAt as Date, rng.int(12, 72) * HOUR)
      : after(planned.doneAt, rng.int(7 * 24, 9 * 24) * HOUR);

  const order = ['triagedAt', 'assignedAt', 'startedAt', 'doneAt', 'ratedAt', 'closedAt'] as const;
  const statusOf: Record<(typeof order)[number], RequestStatus> = {
    triagedAt: 'triaged',
    assignedAt: 'assigned',
    startedAt: 'in_progress',
    doneAt: 'done',
    ratedAt: 'rated',
    closedAt: 'closed',
  };
  let stopAt = o.now;
  let cancelReason: string | null = null;
  const steps: Steps = {};
  if (o.cancel) {
    const cancelledAt = after(o.createdAt, rng.next() * Math.max(MINUTE * 5, o.windowStart.getTime() - o.createdAt.getTime()));
    if (cancelledAt < o.now) {
      steps.cancelledAt = cancelledAt;
      stopAt = cancelledAt;
      cancelReason = rng.pick(CANCEL_REASONS);
    }
  }
  let status: RequestStatus = 'new';
  for (const key of order) {
    const t = planned[key];
    if (!t || t >= stopAt) break;
    if (o.stallAt === 'new' || (o.stallAt === 'triaged' && key !== 'triagedAt')) break;
    steps[key] = t;
    status = statusOf[key];
  }
  if (steps.cancelledAt) status = 'cancelled';
  return {
    status,
    steps,
    triageDueAt,
    assignDueAt,
    escalations: escalations(o.createdAt, steps, triageDueAt, assignDueAt, sla, stopAt),
    rating: steps.ratedAt ? rating : null,
    ratingComment: steps.ratedAt && rating !== null && rng.chance(rating <= 2 ? 1 : 0.4) ? rng.pick(COMMENTS[rating]) : null,
    cancelReason,
  };
}

/**
 * A step still undone at its due time climbs one office (level 1, the street); still undone one
 * more SLA period later, another (level 2, the district).
 */
function escalations(
  createdAt: Date,
  steps: Steps,
  triageDueAt: Date,
  assignDueAt: Date,
  sla: { triageMinutes: number; assignMinutes: number },
  until: Date,
): Escalation[] {
  const out: Escalation[] = [];
  const climb = (step: 'triage' | 'assign', due: Date, doneAt: Date | undefined, minutes: number) => {
    const end = doneAt ?? until;
    for (let k = 0; k < 2; k++) {
      const at = after(due, k * minutes * MINUTE);
      const level = Math.max(out.at(-1)?.level ?? 0, 0) + 1;
      if (at < end && level <= 2 && at > createdAt) out.push({ level, at, step });
    }
  };
  climb('triage', triageDueAt, steps.triagedAt, sla.triageMinutes);
  climb('assign', assignDueAt, steps.assignedAt, sla.assignMinutes);
  return out;
}
