import type { Executor } from '../../db/client.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { may } from '../../platform/policy.ts';
import { policyContext } from '../../platform/policy-context.ts';
import { TtlCache } from '../../platform/ttl-cache.ts';
import * as q from './volunteers.queries.ts';

/** The signed-in account's own volunteer record: the subject of every "my own data" action. */
export interface Self {
  id: string;
  accountId: string;
  status: 'active' | 'suspended' | 'deregistered' | 'merged';
  areaCode: string;
  volunteerNo: string;
  name: string;
}

async function load(db: Executor, accountId: string): Promise<Self | undefined> {
  const row = await q.selfRecord(db, accountId);
  return row && { ...row, accountId };
}

/**
 * The volunteer record of the actor's account, whatever its status, loaded at most once per
 * request. No policy check: for rules about who someone is ("never confirm your own hours");
 * a volunteer acting on their own data goes through findSelf() / requireSelf().
 */
export function selfOf(db: Executor, actor: Actor): Promise<Self | undefined> {
  const selves = policyContext()?.selves;
  if (!selves) return load(db, actor.accountId);
  let found = selves.get(actor.accountId) as Promise<Self | undefined> | undefined;
  if (!found) {
    found = load(db, actor.accountId);
    selves.set(actor.accountId, found);
  }
  return found;
}

/**
 * "Self" as a policy subject: the actor's own volunteer record when the policy lets the actor take
 * the action on their own data (a role reaching it with `self`), else undefined (no record, or an
 * account that is not a volunteer: for it there is nothing of its own to show).
 */
export async function findSelf(db: Executor, actor: Actor, action: Action): Promise<Self | undefined> {
  if (!may(actor, action, { accountId: actor.accountId })) return undefined;
  return selfOf(db, actor);
}

/**
 * The status rule, one for every self action. A record that is not active (suspended) keeps
 * every right over its own data: reading, exporting, asking for a correction, proof of service,
 * settings, leaving. Taking part anew needs an active record: applying for (and withdrawing from)
 * positions, the e-card and check-ins, joining an organization.
 */
export function ensureTakingPart(self: Self): Self {
  if (self.status !== 'active') throw new AppError('RULE_VIOLATION', 'volunteer.suspended');
  return self;
}

/**
 * Check-ins are the busiest path: an account's record found active is reused for a few seconds
 * (a suspension elsewhere reaches check-ins on this server within that time; the policy is
 * still asked every time).
 */
const recentlyActive = new TtlCache<string, Self>(10_000, 100_000);

/** findSelf(), or a RULE_VIOLATION telling the account to register as a volunteer first. */
export async function requireSelf(
  db: Executor,
  actor: Actor,
  action: Action,
  options: { takingPart?: boolean; reuseRecent?: boolean } = {},
): Promise<Self> {
  if (options.reuseRecent) {
    const recent = recentlyActive.get(actor.accountId);
    if (recent && may(actor, action, { accountId: actor.accountId })) return recent;
  }
  const self = await findSelf(db, actor, action);
  if (!self) throw new AppError('RULE_VIOLATION', 'enrollment.noVolunteer');
  if (options.takingPart) ensureTakingPart(self);
  if (options.reuseRecent && self.status === 'active') recentlyActive.set(actor.accountId, self);
  return self;
}
