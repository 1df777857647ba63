import type { PiiKeys } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { maskPlace } from '../../domain/requests/place-mask.ts';
import { seal } from '../../platform/pii.ts';
import { cityAccount, ledgerAccounts, type Posting, pointsKeyOf, postMovements, timeBankRuleOf } from '../points/index.ts';
import * as q from './family.queries.ts';
import * as sp from './service-pay.queries.ts';
import * as d from './time-bank-demo.queries.ts';

/** A home of their own in their community, made up like every demo beneficiary's (demo-beneficiaries.ts). */
async function demoHome(tx: Executor, piiKeys: PiiKeys, community: string): Promise<d.DemoHome> {
  const names = await d.areaNamesOf(tx, community);
  const address = `杭州市${names.street}${names.community}文三路66号3幢1单元402室`;
  return {
    address: seal(piiKeys, address),
    addressMasked: `${names.street} · ${names.community} 3 幢`,
    placeMasked: maskPlace(address, names.community),
  };
}

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

/**
 * The demo's service paid in credits (docs/incentives.md "Spending credits on a service"): a request of the
 * demo volunteer's community, served last week by others and done, becomes one the demo volunteer raised
 * for themselves paid in credits (their own data only: none of the request's former person's), held at raising, each confirmed record paid from the hold. It is not
 * closed, so 我的时间银行 shows the hold with what was paid; the nightly job gives the rest back once its
 * recording window has passed. The same rows and movements the hooks write, so verify holds.
 */
export async function seedDemoServicePaid(tx: Executor, ledgerKey: Buffer, piiKeys: PiiKeys, me: { id: string; area_code: string }) {
  const rule = await timeBankRuleOf(tx);
  const { own } = await ledgerAccounts(tx, 'time_credit', [me.id]);
  const mine = own.get(me.id) as string;
  const balance = Number((await q.balanceOf(tx, mine)) ?? 0);
  // Half of what they hold at most, so the family's transfer and donation below still have something to move.
  const request = await d.servedRequestFor(tx, me, rule.creditsPerHour, Math.floor(balance * 50) / 100);
  if (!request || !(await d.makeRequestOwn(tx, request.id, me.id, await demoHome(tx, piiKeys, me.area_code)))) return 0;
  const amount = money(Number(request.hours) * rule.creditsPerHour);
  const holdId = await sp.insertHold(tx, {
    requestId: request.id,
    payerId: me.id,
    hours: request.hours,
    rate: String(rule.creditsPerHour),
    amount,
  });
  await d.dateHold(tx, holdId, request.created_at);
  const held = await cityAccount(tx, 'time_credit', 'held');
  const postings: Posting[] = [
    {
      currency: 'time_credit',
      debitAccountId: mine,
      creditAccountId: held,
      amount,
      causeType: 'service_hold',
      causeId: holdId,
      basis: JSON.stringify([Number(request.hours), rule.creditsPerHour, request.id]),
      at: new Date(request.created_at).toISOString(),
    },
  ];
  let left = Number(amount);
  const redeemed = await cityAccount(tx, 'time_credit', 'redeemed');
  for (const r of await d.confirmedRecordsOf(tx, request.activity_id)) {
    const pay = money(Math.min(Number(r.hours) * rule.creditsPerHour, left));
    if (!(Number(pay) > 0)) continue;
    left -= Number(pay);
    await sp.addPaid(tx, holdId, pay);
    postings.push({
      currency: 'time_credit',
      debitAccountId: held,
      creditAccountId: redeemed,
      amount: pay,
      causeType: 'service_payment',
      causeId: r.id,
      basis: JSON.stringify([Number(r.hours), rule.creditsPerHour, holdId]),
      at: new Date(r.decided_at).toISOString(),
    });
  }
  await postMovements(tx, pointsKeyOf(ledgerKey), postings);
  return 1;
}
