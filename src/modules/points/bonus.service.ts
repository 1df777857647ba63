import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { bonusAllowed } from '../../domain/points/earning.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { postMovements, recordAccounts } from './ledger.ts';
import * as q from './points.queries.ts';
import { keyOf, pointsRuleOf } from './points.service.ts';

/** Organizers' bonus points (issue 19): for one of their confirmed records, once, within the city's monthly cap. */

type Ctx = AuditContext & { actor: Actor };

/** How far back an organization's confirmed records are offered for a bonus. */
export const BONUS_WINDOW_DAYS = 90;

/** The first China day of the window: records served on it or later may be rewarded. */
const windowStart = (now: Date) =>
  todayInChina(new Date(Date.parse(`${todayInChina(now)}T00:00:00+08:00`) - BONUS_WINDOW_DAYS * 86_400_000));

const chinaMonth = (at: Date) => {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 8 * 3_600_000;
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 8 * 3_600_000;
  return [new Date(start).toISOString(), new Date(end).toISOString()] as const;
};

/**
 * The organization that ran a confirmed record gives its volunteer bonus points for it (once per
 * record), within what is left of the city's monthly cap for that volunteer; beyond it, refused by name.
 */
export async function giveBonus(db: Db, ledgerKey: Buffer, ctx: Ctx, recordId: string, points: number, organizationId: string) {
  authorize(ctx.actor, 'points.bonus', { organizationId }, 'entity.record');
  return db.transaction(async (tx) => {
    const facts = await q.recordOfOrganization(tx, recordId, organizationId);
    if (!facts) throw notFound('entity.record');
    if (facts.status !== 'confirmed') throw new AppError('RULE_VIOLATION', 'record.notConfirmed');
    // An organizer who also serves with the organization does not reward their own record.
    if (facts.account_id === ctx.actor.accountId) throw new AppError('RULE_VIOLATION', 'points.bonusSelf');
    if (facts.service_date < windowStart(new Date()))
      throw new AppError('RULE_VIOLATION', 'points.bonusWindow', { days: BONUS_WINDOW_DAYS }, [
        { field: 'recordId', rule: 'window', messageKey: 'points.bonusWindow', params: { days: BONUS_WINDOW_DAYS } },
      ]);
    const rule = await pointsRuleOf(tx);
    const { issuance, own } = await recordAccounts(tx, 'points', facts.volunteer_id);
    const now = new Date();
    await q.lockChain(tx);
    const given = await q.bonusThisMonth(tx, 'points', own, ...chinaMonth(now));
    const allowed = bonusAllowed(points, given, rule.bonusCapPerMonth);
    if (allowed < points)
      throw new AppError(
        'RULE_VIOLATION',
        'points.bonusCap',
        { cap: rule.bonusCapPerMonth, left: Math.max(0, rule.bonusCapPerMonth - given) },
        [
          {
            field: 'points',
            rule: 'monthly_cap',
            messageKey: 'points.bonusCap',
            params: { cap: rule.bonusCapPerMonth, left: Math.max(0, rule.bonusCapPerMonth - given) },
          },
        ],
      );
    const [row] = await postMovements(tx, keyOf(ledgerKey), [
      {
        currency: 'points',
        debitAccountId: issuance,
        creditAccountId: own,
        amount: points.toFixed(2),
        causeType: 'bonus',
        causeId: recordId,
        basis: null,
        at: now.toISOString(),
      },
    ]);
    await recordAudit(tx, ctx, { action: 'points.bonus', entityType: 'record', entityId: recordId, summary: { points } });
    return { seq: row.seq, amount: row.amount };
  });
}

/**
 * The organization's confirmed records of the last BONUS_WINDOW_DAYS days, newest first, each with the
 * bonus it got (if any) and what is left of its volunteer's cap this month: the organizer's list to reward from.
 */
export async function bonusCandidates(db: Db, actor: Actor, organizationId: string, page: { limit: number; offset: number }) {
  authorize(actor, 'points.bonus', { organizationId }, 'entity.organization');
  const now = new Date();
  const rule = await pointsRuleOf(db);
  const rows = await q.bonusCandidates(db, organizationId, windowStart(now), chinaMonth(now), page);
  return {
    total: rows[0]?.total ?? 0,
    capPerMonth: rule.bonusCapPerMonth,
    items: rows.map((r) => ({
      recordId: r.id,
      volunteerName: r.volunteer_name,
      volunteerNo: r.volunteer_no,
      activityTitle: r.activity_title,
      serviceDate: r.service_date,
      hours: r.hours,
      bonus: r.bonus,
      capLeft: Math.max(0, rule.bonusCapPerMonth - Number(r.given_this_month)),
    })),
  };
}
