import { AsyncLocalStorage } from 'node:async_hooks';
import type { Action } from '../domain/auth/policy.ts';

/**
 * What the policy learns while one request runs: the actions checked (so the route's declaration
 * can be held against them) and the signed-in volunteer's own record, loaded at most once.
 */
export interface PolicyContext {
  readonly checked: Set<Action>;
  /** The own record per account (one account per request; a map so a stray actor never reads another's). */
  readonly selves: Map<string, Promise<unknown>>;
}

const storage = new AsyncLocalStorage<PolicyContext>();

export const newPolicyContext = (): PolicyContext => ({ checked: new Set(), selves: new Map() });

/** Runs `fn` (the rest of a request) with its own policy context. */
export function runWithPolicyContext<T>(context: PolicyContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request running now; undefined outside requests (jobs, the CLI, tests calling services). */
export function policyContext(): PolicyContext | undefined {
  return storage.getStore();
}

/** Every check of the policy table notes its action here. */
export function noteCheck(action: Action) {
  storage.getStore()?.checked.add(action);
}
