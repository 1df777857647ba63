import type { Executor } from '../db/executor.ts';

/**
 * What happens, in the same transaction, when a request for service is raised or ends (closed,
 * cancelled). Requests announce it here; the time bank listens (a request paid in credits holds the
 * raiser's credits, and gives back what was not spent). A registry in the platform, like
 * hour-hooks.ts, keeps requests free of what is built on them, while the hold is still written
 * atomically with the request — nothing half-posted.
 */
export interface RequestRaised {
  requestId: string;
  requestNo: string;
  /** The account that raised it: the payer, when it is a volunteer's. */
  raisedByAccountId: string;
  /** The beneficiary's own account, if they have one: whom a service paid in credits is for. */
  beneficiaryAccountId: string | null;
  /** The window's hours × headcount: what the service is estimated to take. */
  estimatedHours: number;
  payInCredits: boolean;
}

export interface RequestEnded {
  requestId: string;
  status: 'closed' | 'cancelled';
}

/**
 * A request about to be cancelled (review 2026-12): a paid request cancelled by its resident after the
 * service began would give the whole hold back and leave its volunteers unrecorded, so a listener may refuse.
 */
export interface RequestCancelling {
  requestId: string;
  /** The actor may cancel it as an office, operator or station (not only as the person it is for). */
  asOffice: boolean;
  /** Its window has started, or someone is assigned to it. */
  served: boolean;
}

/** Volunteers about to serve a request (assigned, taken, invited): a listener may refuse some. */
export interface RequestAssigning {
  requestId: string;
  volunteerIds: string[];
  beneficiaryAccountId: string | null;
}

type Listener<E> = (tx: Executor, ledgerKey: Buffer, e: E) => Promise<void>;
/** A check before a step: it reads, and refuses by throwing; it posts nothing. */
type Check<E> = (tx: Executor, e: E) => Promise<void>;

const raised = new Map<string, Listener<RequestRaised>>();
const ended = new Map<string, Listener<RequestEnded>>();
const cancelling = new Map<string, Check<RequestCancelling>>();
const assigning = new Map<string, Check<RequestAssigning>>();

/** Registers (or replaces) the listeners of one capability. */
export function onRequest(
  name: string,
  listeners: {
    raised: Listener<RequestRaised>;
    ended: Listener<RequestEnded>;
    cancelling?: Check<RequestCancelling>;
    assigning?: Check<RequestAssigning>;
  },
) {
  raised.set(name, listeners.raised);
  ended.set(name, listeners.ended);
  if (listeners.cancelling) cancelling.set(name, listeners.cancelling);
  if (listeners.assigning) assigning.set(name, listeners.assigning);
}

export async function requestCancelling(tx: Executor, e: RequestCancelling) {
  for (const check of cancelling.values()) await check(tx, e);
}

export async function requestAssigning(tx: Executor, e: RequestAssigning) {
  for (const check of assigning.values()) await check(tx, e);
}

export async function requestRaised(tx: Executor, ledgerKey: Buffer, e: RequestRaised) {
  for (const listener of raised.values()) await listener(tx, ledgerKey, e);
}

export async function requestEnded(tx: Executor, ledgerKey: Buffer, e: RequestEnded) {
  for (const listener of ended.values()) await listener(tx, ledgerKey, e);
}
