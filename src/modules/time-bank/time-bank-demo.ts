import type { PiiKeys } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { ageOn } from '../../domain/identity/index.ts';
import { todayInChina } from '../../platform/clock.ts';
import { ledgerAccounts, type Posting, pointsKeyOf, poolAccount, postMovements } from '../points/index.ts';
import * as q from './family.queries.ts';
import * as d from './time-bank-demo.queries.ts';
import { seedDemoServicePaid } from './time-bank-demo-pay.ts';

/**
 * The demo's time bank beyond deposits (issue 19): the demo volunteer has a parent aged 60+ confirmed
 * by the community office and has given them credits, has donated to the community's pool, and has
 * recorded a spouse the community office still has to check; one volunteer per community (up to 200)
 * donated to its pool, and the demo community's office granted some to an elderly resident; a sibling
 * recorded and confirmed was revoked by the office (ended relationships stay on record); and the demo
 * volunteer paid in credits for a service to themselves (time-bank-demo-pay.ts). Once.
 */
export async function seedTimeBankDemo(tx: Executor, ledgerKey: Buffer, piiKeys: PiiKeys, demoAccountId: string | null) {
  if (!demoAccountId || (await d.familyCount(tx)) > 0) return { relations: 0, donations: 0, servicesPaid: 0 };
  const today = todayInChina();
  const family = await d.demoFamily(tx, demoAccountId, today);
  if (!family?.elder || !family.adult) return { relations: 0, donations: 0, servicesPaid: 0 };
  const { me, elder, adult, sibling } = family;
  // First, while they hold the most: the service paid in credits (its lines below the family's on the statement).
  const servicesPaid = await seedDemoServicePaid(tx, ledgerKey, piiKeys, me);
  const office = await d.accountIdByUsername(tx, 'community');
  const relation = (p: typeof elder, relation: 'parent' | 'spouse' | 'sibling') =>
    q.insertRelation(tx, {
      volunteerId: me.id,
      relativeId: p.id,
      relation,
      relativeName: p.name,
      docCipher: p.doc_cipher,
      docKeyVersion: p.doc_key_version,
      docIndex: p.doc_index,
      docMasked: p.doc_masked,
      relativeBirthDate: p.birth_date,
      areaCode: me.area_code,
    });
  const parentId = await relation(elder, 'parent');
  await q.decideRelation(tx, parentId, 'confirmed', '查验户口簿原件，父子关系属实（演示数据）', office ?? demoAccountId);
  await relation(adult, 'spouse');
  let relations = 2;
  if (sibling) {
    const siblingId = await relation(sibling, 'sibling');
    await q.decideRelation(tx, siblingId, 'confirmed', '查验户口簿，兄弟姐妹关系属实（演示数据）', office ?? demoAccountId);
    await q.endRelation(tx, siblingId, 'revoked', '复核户口簿时发现登记有误，撤销（演示数据）', office ?? demoAccountId);
    relations++;
  }

  const at = new Date().toISOString();
  const { own } = await ledgerAccounts(tx, 'time_credit', [me.id, elder.id]);
  const mine = own.get(me.id) as string;
  const postings: Posting[] = [];
  const move = (p: Omit<Posting, 'currency' | 'basis' | 'at'>) => postings.push({ ...p, currency: 'time_credit', basis: null, at });
  // A third of what the demo volunteer holds, at most 1, goes to the parent; a tenth to the pool below.
  const held = Math.round(Number((await q.balanceOf(tx, mine)) ?? 0) * 100);
  const given = Math.min(100, Math.floor(held / 3));
  if (given > 0) {
    const amount = (given / 100).toFixed(2);
    const relativeAge = ageOn(elder.birth_date, today);
    const transferId = await q.insertTransfer(tx, { relationId: parentId, from: me.id, to: elder.id, amount, day: today, relativeAge });
    move({ debitAccountId: mine, creditAccountId: own.get(elder.id) as string, amount, causeType: 'transfer', causeId: transferId });
  }
  // One donor a community: a tenth of what they hold (at least 4); the demo volunteer a tenth too.
  const donors = (await d.donors(tx, 200)).filter((x) => x.volunteer_id !== me.id);
  if (held >= 10) donors.push({ volunteer_id: me.id, area_code: me.area_code, balance: (held / 100).toFixed(2) });
  const accounts = (
    await ledgerAccounts(
      tx,
      'time_credit',
      donors.map((x) => x.volunteer_id),
    )
  ).own;
  for (const donor of donors) {
    const amount = (Math.floor(Number(donor.balance) * 10) / 100).toFixed(2);
    if (Number(amount) <= 0) continue;
    const id = await q.insertPoolMove(tx, { kind: 'donation', poolAreaCode: donor.area_code, volunteerId: donor.volunteer_id, amount });
    const pool = await poolAccount(tx, 'time_credit', donor.area_code);
    move({ debitAccountId: accounts.get(donor.volunteer_id) as string, creditAccountId: pool, amount, causeType: 'donation', causeId: id });
  }
  await postMovements(tx, pointsKeyOf(ledgerKey), postings);
  // The demo community's office grants a quarter credit to the elderly resident (after the donations landed).
  const pooled = Number((await q.balanceOf(tx, await poolAccount(tx, 'time_credit', me.area_code))) ?? 0);
  if (office && pooled >= 0.25) {
    const pool = await poolAccount(tx, 'time_credit', me.area_code);
    const id = await q.insertPoolMove(tx, {
      kind: 'pool_grant',
      poolAreaCode: me.area_code,
      volunteerId: elder.id,
      amount: '0.25',
      reason: '独居老人助浴服务（演示数据）',
      by: office,
    });
    await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'time_credit',
        debitAccountId: pool,
        creditAccountId: own.get(elder.id) as string,
        amount: '0.25',
        causeType: 'pool_grant',
        causeId: id,
        basis: null,
        at,
      },
    ]);
  }
  return { relations, donations: donors.length, servicesPaid };
}
