import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../factories.ts';
import { createTestApp, type TestApp } from './app.ts';
import { confirmedRecord } from './points-world.ts';

/** A benefits world: a city office, a partner with its merchant account, an organizer who confirms hours. */
export async function benefitsWorld(t: TestApp, areaCode: string) {
  const db = t.database.db;
  const orgId = await buildOrganization(db, t.config, { areaCode: areaCode.slice(0, 9) });
  const organizer = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
  const office = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: areaCode.slice(0, 4) }]));
  const merchantAccount = await buildAccount(db, t.config, [{ role: 'partner' }]);
  const made = await office.request({
    method: 'POST',
    url: '/api/benefits/office/partners',
    payload: { name: '测试便利店', kind: 'shop', areaCode: areaCode.slice(0, 9), address: '测试路 1 号', contact: '店长 0571-0000' },
  });
  if (made.statusCode !== 201) throw new Error(made.body);
  const partnerId = made.json().id as string;
  const linked = await office.request({
    method: 'POST',
    url: `/api/benefits/office/partners/${partnerId}/members`,
    payload: { login: merchantAccount.login },
  });
  if (linked.statusCode !== 200) throw new Error(linked.body);
  const merchant = await signIn(t.app, merchantAccount);
  return { orgId, organizer, office, merchant, partnerId, areaCode };
}

export type BenefitsWorld = Awaited<ReturnType<typeof benefitsWorld>>;

/** What a benefits test file starts from: the app, the world of `areaCode`, and the points verify as its city's auditor runs it. */
export async function benefitsSuite(areaCode: string) {
  const t = await createTestApp();
  const w = await benefitsWorld(t, areaCode);
  const auditor = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'auditor', areaCode: areaCode.slice(0, 4) }]));
  const verify = async () => (await auditor.request({ method: 'POST', url: '/api/points/verify', payload: {} })).json();
  return { t, w, verify };
}

/** A signed-in volunteer of `areaCode` holding `hours` × 10 points (one confirmed record, default rule). */
export async function volunteerWithPoints(
  t: TestApp,
  w: { orgId: string; organizer: Session; areaCode: string },
  hours: number,
): Promise<{ session: Session; volunteerId: string; volunteerNo: string }> {
  const db: Db = t.database.db;
  const config: Config = t.config;
  const account = await buildAccount(db, config, [{ role: 'volunteer' }]);
  const v = await buildVolunteer(db, config, { areaCode: w.areaCode, organizationId: w.orgId });
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  if (hours > 0)
    await confirmedRecord(db, w.organizer, { orgId: w.orgId, volunteerId: v.id, areaCode: w.areaCode }, { hours, category: 'culture' });
  return { session: await signIn(t.app, account), volunteerId: v.id, volunteerNo: v.volunteerNo };
}

/** An approved offer of the world's partner: drafted by the merchant, submitted, approved by the office. */
export async function approvedOffer(
  w: { merchant: Session; office: Session },
  terms: Partial<{
    kind: string;
    title: string;
    price: number;
    stock: number | null;
    perPersonLimit: number;
    minStars: number;
    areaPrefix: string | null;
    codeDays: number;
  }>,
): Promise<string> {
  const year = new Date().getUTCFullYear();
  const made = await w.merchant.request({
    method: 'POST',
    url: '/api/benefits/partner/offers',
    payload: {
      kind: 'item',
      title: '测试礼品',
      price: 10,
      stock: 5,
      validFrom: `${year - 1}-01-01`,
      validTo: `${year + 1}-12-31`,
      ...terms,
    },
  });
  if (made.statusCode !== 201) throw new Error(made.body);
  const id = made.json().id as string;
  const submitted = await w.merchant.request({ method: 'POST', url: `/api/benefits/partner/offers/${id}/submit` });
  if (submitted.statusCode !== 200) throw new Error(submitted.body);
  const decided = await w.office.request({ method: 'POST', url: `/api/benefits/office/offers/${id}/decision`, payload: { approve: true } });
  if (decided.statusCode !== 200) throw new Error(decided.body);
  return id;
}
