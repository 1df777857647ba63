import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { todayInChina } from '../../platform/clock.ts';
import { notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { accountStatement, timeBankRuleOf } from '../points/index.ts';
import { relationsOf } from './family.queries.ts';
import { presentRelation } from './family.service.ts';
import { depositedOf, volunteerAreaOf } from './time-bank.queries.ts';

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
  const rule = await timeBankRuleOf(db);
  const today = todayInChina();
  const [deposited, { balance, total, statement }, relations] = await Promise.all([
    depositedOf(db, volunteerId, today),
    accountStatement(db, 'time_credit', volunteerId, page),
    relationsOf(db, volunteerId),
  ]);
  return {
    balance,
    lifetimeDeposited: deposited.lifetime.toFixed(2),
    lifetimeCap: rule.lifetimeCap.toFixed(2),
    today,
    todayDeposited: deposited.day.toFixed(2),
    dailyCap: rule.dailyCap.toFixed(2),
    total,
    statement,
    family: relations.map((r) => presentRelation(r, today, false)),
  };
}
