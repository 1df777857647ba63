import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { relationsOf } from './family.queries.ts';
import { presentRelation } from './family.service.ts';
import { volunteerAreaOf } from './time-bank.queries.ts';
import { timeBankAccount } from './time-bank.service.ts';

/**
 * An office of the volunteer's area reads their time bank: the balance, lifetime deposits against the
 * cap, today's against the daily cap, the statement newest first, and their family relationships
 * (relatives' names and ID numbers masked, as on the review page). Out of the office's area: 404, as
 * for a volunteer who does not exist.
 */
export async function volunteerTimeBank(db: Db, actor: Actor, volunteerId: string, page: { limit: number; offset: number }) {
  const areaCode = await volunteerAreaOf(db, volunteerId);
  authorize(actor, 'timeBank.readVolunteer', { areaCode }, 'entity.volunteer');
  if (!areaCode) throw notFound('entity.volunteer');
  const [{ rule: _rule, ...account }, relations] = await Promise.all([
    timeBankAccount(db, volunteerId, page),
    relationsOf(db, volunteerId),
  ]);
  return { ...account, family: relations.map((r) => presentRelation(r, account.today, false)) };
}
