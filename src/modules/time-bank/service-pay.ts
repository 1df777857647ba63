import type { Executor } from '../../db/client.ts';
import type { HoursLanded } from '../../platform/hour-hooks.ts';
import type { RequestEnded, RequestRaised } from '../../platform/request-hooks.ts';
import { cityAccount, ledgerAccounts, lockLedger, pointsKeyOf, postMovements, timeBankRuleOf } from '../points/index.ts';
import { ruleError } from './family.service.ts';
import * as q from './service-pay.queries.ts';

/**
 * Spending time credits on a service (docs/incentives.md "Spending credits on a service"): a request
 * raised "paid in credits" holds window hours × headcount × rate of the raiser's credits in the city's
 * `held` account; each confirmed record of the request's shift is paid out of the hold to `redeemed`;
 * the rest goes back to the payer when the request is closed or cancelled. Each step runs in the
 * transaction of what causes it (raising, confirming, closing), through the platform's hooks.
 * The chain's lock is always taken before a hold's row, as the hour hook's posters already hold it.
 */
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

export async function holdForRequest(tx: Executor, ledgerKey: Buffer, e: RequestRaised) {
  if (!e.payInCredits) return;
  const payer = await q.volunteerOfAccount(tx, e.raisedByAccountId);
  if (!payer) throw ruleError('payInCredits', 'volunteer', 'timeBank.pay.notVolunteer');
  const rule = await timeBankRuleOf(tx);
  const hours = money(e.estimatedHours);
  const amount = money(Number(hours) * rule.creditsPerHour);
  await lockLedger(tx);
  const from = (await ledgerAccounts(tx, 'time_credit', [payer])).own.get(payer) as string;
  const balance = await q.balanceOfAccount(tx, from);
  if (balance < Number(amount))
    throw ruleError('payInCredits', 'balance', 'timeBank.pay.insufficient', { needed: amount, balance: balance.toFixed(2) });
  const id = await q.insertHold(tx, { requestId: e.requestId, payerId: payer, hours, rate: String(rule.creditsPerHour), amount });
  await postMovements(tx, pointsKeyOf(ledgerKey), [
    {
      currency: 'time_credit',
      debitAccountId: from,
      creditAccountId: await cityAccount(tx, 'time_credit', 'held'),
      amount,
      causeType: 'service_hold',
      causeId: id,
      basis: null,
      at: new Date().toISOString(),
    },
  ]);
}

/**
 * A record of a paid request's shift confirmed: its hours × the hold's rate are paid out of the hold,
 * never beyond what is left of it. Paid once, on the first confirmation (the payment's cause id is the
 * record's); a correction accepted later does not pay again or take back (a known limit).
 */
export async function payForRecord(tx: Executor, ledgerKey: Buffer, e: HoursLanded) {
  if (e.correctionId || e.hours <= 0) return;
  await lockLedger(tx);
  const hold = await q.openHoldOfRecord(tx, e.recordId);
  if (!hold) return;
  const left = Number(hold.amount) - Number(hold.paid);
  const amount = money(Math.min(e.hours * Number(hold.rate), left));
  if (!(Number(amount) > 0)) return;
  await q.addPaid(tx, hold.id, amount);
  await postMovements(tx, pointsKeyOf(ledgerKey), [
    {
      currency: 'time_credit',
      debitAccountId: await cityAccount(tx, 'time_credit', 'held'),
      creditAccountId: await cityAccount(tx, 'time_credit', 'redeemed'),
      amount,
      causeType: 'service_payment',
      causeId: e.recordId,
      basis: JSON.stringify([e.hours, Number(hold.rate), hold.id]),
      at: e.at,
    },
  ]);
}

/** The request closed or cancelled: what is left of its hold goes back to the payer, and the hold ends. */
export async function releaseHold(tx: Executor, ledgerKey: Buffer, e: RequestEnded) {
  await lockLedger(tx);
  const hold = await q.openHoldOfRequest(tx, e.requestId);
  if (!hold) return;
  const rest = money(Number(hold.amount) - Number(hold.paid));
  await q.markReleased(tx, hold.id, rest);
  if (Number(rest) === 0) return;
  await postMovements(tx, pointsKeyOf(ledgerKey), [
    {
      currency: 'time_credit',
      debitAccountId: await cityAccount(tx, 'time_credit', 'held'),
      creditAccountId: (await ledgerAccounts(tx, 'time_credit', [hold.payer_id])).own.get(hold.payer_id) as string,
      amount: rest,
      causeType: 'service_release',
      causeId: hold.id,
      basis: null,
      at: new Date().toISOString(),
    },
  ]);
}
