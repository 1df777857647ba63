import type { Db, Executor } from '../../db/client.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import { calendarOf, type IsWorkingDay, recordDeadline } from '../../domain/records/working-days.ts';
import { transferRefusal } from '../../domain/time-bank/family.ts';
import { todayInChina } from '../../platform/clock.ts';
import type { HoursLanded } from '../../platform/hour-hooks.ts';
import type { RequestAssigning, RequestCancelling, RequestEnded, RequestRaised } from '../../platform/request-hooks.ts';
import { cityAccount, ledgerAccounts, lockLedger, pointsKeyOf, postMovements, timeBankRuleOf } from '../points/index.ts';
import { workCalendar } from '../records/index.ts';
import { relationTo } from './credits.service.ts';
import * as q from './service-pay.queries.ts';
import { ruleError } from './time-bank-errors.ts';

/**
 * Spending time credits on a service (docs/incentives.md "Spending credits on a service"): a request
 * raised "paid in credits" holds window hours × headcount × rate of the raiser's credits in the city's
 * `held` account; each confirmed record of the request's shift is paid out of the hold to `redeemed`;
 * the rest goes back to the payer once nothing can claim it any more (settleHold). Each step runs in
 * the transaction of what causes it (raising, confirming, closing), through the platform's hooks, and
 * a daily job settles what those steps leave (a record refused, a request never closed).
 * The chain's lock is always taken before a hold's row, as the hour hook's posters already hold it.
 */
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

/**
 * Who a service paid in credits may be for (Nanjing's time bank, as for transfers): the payer, or their
 * confirmed spouse or confirmed relative aged 60+. The beneficiary is a person by their own account: the
 * registry person (volunteer record) of that account is who the service is for.
 */
async function checkBeneficiary(tx: Executor, payer: string, e: RequestRaised) {
  const person = e.beneficiaryAccountId ? await q.volunteerOfAccount(tx, e.beneficiaryAccountId) : undefined;
  if (person === payer) return;
  if (!person) throw ruleError('payInCredits', 'notFamily', 'timeBank.pay.notFamily');
  const relation = await relationTo(tx, payer, person);
  const refusal = transferRefusal({
    fromVolunteerId: payer,
    toVolunteerId: person,
    relation: relation && { relation: relation.relation, status: relation.status, birthDate: relation.relative_birth_date },
    today: todayInChina(),
  });
  if (refusal && refusal !== 'self') throw ruleError('payInCredits', refusal, `timeBank.pay.${refusal}`, { age: 60 });
}

export async function holdForRequest(tx: Executor, ledgerKey: Buffer, e: RequestRaised) {
  if (!e.payInCredits) return;
  const payer = await q.volunteerOfAccount(tx, e.raisedByAccountId);
  if (!payer) throw ruleError('payInCredits', 'volunteer', 'timeBank.pay.notVolunteer');
  await checkBeneficiary(tx, payer, e);
  const rule = await timeBankRuleOf(tx);
  const hours = money(e.estimatedHours);
  const amount = money(Number(hours) * rule.creditsPerHour);
  // A window of seconds rounds to nothing: a hold is never 0 (the table's CHECK), so it is refused by rule.
  if (!(Number(amount) > 0)) throw ruleError('payInCredits', 'minimum', 'timeBank.pay.tooShort');
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
      // On the chain, so the row's hours, rate and request cannot be edited unseen (verify checks them).
      basis: JSON.stringify([Number(hours), rule.creditsPerHour, e.requestId]),
      at: new Date().toISOString(),
    },
  ]);
}

/**
 * Review 2026-12: a paid request whose window has started or that has a volunteer is cancelled only by an
 * office (operator, station): cancelling ends its shift, so the service could no longer be recorded, and
 * the whole hold would go back — the resident would have been served for nothing.
 */
export async function checkCancel(tx: Executor, e: RequestCancelling) {
  if (e.asOffice || !e.served) return;
  if (await q.livePayerOfRequest(tx, e.requestId)) throw ruleError('status', 'servedCancel', 'timeBank.pay.servedCancel');
}

/**
 * Nobody serves a paid request as its payer or the person it is for: the hold would pay them back what it took.
 */
export async function checkServers(tx: Executor, e: RequestAssigning) {
  // A hold already settled (the nightly job, its recording window passed) pays no one any more: nobody
  // is sent to serve unpaid.
  if (await q.holdSettled(tx, e.requestId)) throw ruleError('volunteerIds', 'holdSettled', 'timeBank.pay.holdSettled');
  const payer = await q.livePayerOfRequest(tx, e.requestId);
  if (!payer) return;
  const person = e.beneficiaryAccountId ? await q.volunteerOfAccount(tx, e.beneficiaryAccountId) : undefined;
  if (e.volunteerIds.some((v) => v === payer || v === person)) throw ruleError('volunteerIds', 'ownService', 'timeBank.pay.ownService');
}

/**
 * A record of a paid request's shift confirmed: its hours × the hold's rate are paid out of the hold
 * (open, or closing: the request may be closed before its records are confirmed), never beyond what is
 * left of it; cause id the record, so once. A correction accepted later that raises the record's hours
 * above the most hours yet paid for pays the difference (cause id the correction, basis naming the
 * record); one that lowers them takes nothing back (credits spent stay spent; documented). A closing
 * hold whose last claim this was is then settled.
 */
export async function payForRecord(tx: Executor, ledgerKey: Buffer, e: HoursLanded) {
  await lockLedger(tx);
  const hold = await q.liveHoldOfRecord(tx, e.recordId);
  if (!hold) return;
  const left = Number(hold.amount) - Number(hold.paid);
  const rate = Number(hold.rate);
  // Hours to the cent as the ledger stores them: 0.5 + 0.07 is 0.5700000000000001 in JS, and verify
  // compares the basis with the record's numeric 0.57 (review 2026-12).
  const hours = Number(e.hours.toFixed(2));
  let owed = hours;
  if (e.correctionId) {
    const paidFor = await q.hoursPaidFor(tx, e.recordId);
    // A record not paid at its confirmation (no live hold then) is not paid by a correction either.
    if (paidFor === undefined) return;
    owed = hours - paidFor;
  }
  const amount = money(Math.min(owed * rate, left));
  if (Number(amount) > 0) {
    await q.addPaid(tx, hold.id, amount);
    await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'time_credit',
        debitAccountId: await cityAccount(tx, 'time_credit', 'held'),
        creditAccountId: await cityAccount(tx, 'time_credit', 'redeemed'),
        amount,
        causeType: 'service_payment',
        causeId: e.correctionId ?? e.recordId,
        basis: JSON.stringify(e.correctionId ? [hours, rate, hold.id, e.recordId] : [hours, rate, hold.id]),
        at: e.at,
      },
    ]);
  }
  await settleHold(tx, ledgerKey, hold.id);
}

/**
 * The request closed or cancelled: its hold is closing, and is settled at once when nothing can claim
 * it any more; otherwise records confirmed later are still paid from it (a request closed before its
 * records were confirmed must not make the service free).
 */
export async function releaseHold(tx: Executor, ledgerKey: Buffer, e: RequestEnded) {
  await lockLedger(tx);
  const hold = await q.liveHold(tx, { requestId: e.requestId });
  if (!hold) return;
  await q.markClosing(tx, hold.id);
  await settleHold(tx, ledgerKey, hold.id);
}

/**
 * Whether a hold may be settled: its request ended (closed, cancelled) or the recording window of its
 * shift (10 working days after the shift's day, else the window's, MCA 2020 Art 11) has passed; and no
 * record of the shift is pending; and every accepted enrollment of it has its record, unless that window
 * has passed (no record is expected any more).
 */
export function settleable(
  c: { hold_status: string; ends_ms: number; pending: number; unrecorded: number },
  today: string,
  isWorkingDay: IsWorkingDay,
) {
  // The city's work calendar, as records count their own deadline: a record may still be made after a holiday.
  const windowPassed = today > recordDeadline(chinaDate(new Date(Number(c.ends_ms))), isWorkingDay);
  if (c.hold_status !== 'closing' && !windowPassed) return false;
  return c.pending === 0 && (c.unrecorded === 0 || windowPassed);
}

/** What is left of a settleable hold goes back to the payer (cause service_release) and the hold ends. Callers hold the chain's lock. */
async function settleHold(tx: Executor, ledgerKey: Buffer, holdId: string, today = todayInChina()) {
  const claims = await q.claimsOn(tx, holdId);
  if (!claims || claims.hold_status === 'released' || !settleable(claims, today, calendarOf(await workCalendar(tx)))) return false;
  const hold = await q.liveHold(tx, { holdId });
  if (!hold) return false;
  await releaseRest(tx, ledgerKey, hold);
  return true;
}

/** What is left of a hold goes back to its payer now (cause service_release) and the hold ends. Callers hold the chain's lock. */
async function releaseRest(tx: Executor, ledgerKey: Buffer, hold: q.HoldRow) {
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

/**
 * A relationship ended or revoked (review 2026-12): credits pay only for family the office stands behind,
 * so the payer's live holds for that relative end now — what is left goes back, and records confirmed
 * later are not paid from them (the volunteers keep their hours and credits; only the payment stops).
 */
export async function releaseHoldsOfRelation(tx: Executor, ledgerKey: Buffer, payerId: string, relativeId: string) {
  await lockLedger(tx);
  for (const hold of await q.liveHoldsForRelative(tx, payerId, relativeId)) await releaseRest(tx, ledgerKey, hold);
}

/**
 * The daily job: settles the closing holds whose last records were refused (or decided) since, and
 * the holds of requests never closed whose recording window has passed. One transaction a hold, so a
 * long list does not hold the chain's lock. Returns how many were released.
 */
export async function settleHolds(db: Db, ledgerKey: Buffer, now = new Date()) {
  let released = 0;
  for (const { id } of await q.holdsToSettle(db, new Date(now.getTime() - 10 * 86_400_000))) {
    const done = await db.transaction(async (tx) => {
      await lockLedger(tx);
      return settleHold(tx, ledgerKey, id, todayInChina(now));
    });
    if (done) released++;
  }
  return released;
}
