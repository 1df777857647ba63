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

type Listener<E> = (tx: Executor, ledgerKey: Buffer, e: E) => Promise<void>;

const raised = new Map<string, Listener<RequestRaised>>();
const ended = new Map<string, Listener<RequestEnded>>();

/** Registers (or replaces) the listeners of one capability. */
export function onRequest(name: string, listeners: { raised: Listener<RequestRaised>; ended: Listener<RequestEnded> }) {
  raised.set(name, listeners.raised);
  ended.set(name, listeners.ended);
}

export async function requestRaised(tx: Executor, ledgerKey: Buffer, e: RequestRaised) {
  for (const listener of raised.values()) await listener(tx, ledgerKey, e);
}

export async function requestEnded(tx: Executor, ledgerKey: Buffer, e: RequestEnded) {
  for (const listener of ended.values()) await listener(tx, ledgerKey, e);
}
