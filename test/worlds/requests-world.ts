import { sql } from 'drizzle-orm';
import { buildBeneficiary } from '../demand-factories.ts';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../factories.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/** A China-time instant n days from now at a given hour (windows of future services). */
export function daysAhead(days: number, hour = 9, minutes = 0): Date {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const base = Date.parse(`${today}T00:00:00+08:00`);
  return new Date(base + days * 86_400_000 + hour * 3600_000 + minutes * 60_000);
}

/** The first China Monday at least a week after `day` (days ahead), so a test's week is its own. */
export function mondayAfter(day: number): number {
  let d = day + 7;
  while (new Date(daysAhead(d).getTime() + 8 * 3600_000).getUTCDay() !== 1) d++;
  return d;
}

/**
 * A community (330106001001) with its community and street offices, an operator, an organization
 * of the street and its admin, and a resident with their own beneficiary record; helpers make more
 * people and requests.
 */
export async function requestsWorld() {
  const t: TestApp = await createTestApp();
  const db = t.database.db;
  const COMMUNITY = '330106001001';
  await buildArea(db, COMMUNITY);
  await buildArea(db, '330106002001');
  const session = async (grants: Parameters<typeof buildAccount>[2]) => {
    const account = await buildAccount(db, t.config, grants);
    return { account, session: await signIn(t.app, account) };
  };
  const community = (await session([{ role: 'community_admin', areaCode: COMMUNITY }])).session;
  const street = (await session([{ role: 'street_admin', areaCode: '330106001' }])).session;
  const otherCommunity = (await session([{ role: 'community_admin', areaCode: '330106002001' }])).session;
  const operator = (await session([{ role: 'operator', areaCode: '330106' }])).session;
  const orgId = await buildOrganization(db, t.config, { areaCode: '330106001', name: '文新助老服务队' });
  const farOrgId = await buildOrganization(db, t.config, { areaCode: '330106002', name: '别处服务队' });
  const orgAdmin = (await session([{ role: 'org_admin', organizationId: orgId }])).session;
  const residentLogin = await session([{ role: 'resident' }]);
  const resident = residentLogin.session;
  const residentBeneficiary = await buildBeneficiary(db, { areaCode: COMMUNITY, name: '王阿婆', accountId: residentLogin.account.id });

  /** A volunteer with a signed-in account, a member of the organization. */
  async function volunteer(): Promise<{ id: string; session: Session }> {
    const v = await buildVolunteer(db, t.config, { areaCode: COMMUNITY, organizationId: orgId });
    const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
    await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    return { id: v.id, session: await signIn(t.app, account) };
  }

  /** Raises a request as the session (201 or 200 expected) and answers its body. */
  async function raise(as: Session, payload: Record<string, unknown>) {
    const response = await as.request({ method: 'POST', url: '/api/requests', payload });
    if (response.statusCode > 201) throw new Error(`raise: ${response.statusCode} ${response.body}`);
    return response.json();
  }

  const stepOn = (as: Session, id: string, payload: Record<string, unknown>) =>
    as.request({ method: 'POST', url: `/api/requests/${id}/transitions`, payload });

  /**
   * 李大爷's cleaning request on the given day (9–11), triaged to the organization for two volunteers
   * and, if asked, published; a test gives each request a day of its own so shifts never meet the
   * working-time limits.
   */
  async function triaged(day: number, extra: Record<string, unknown> = {}, { publish = false } = {}) {
    const b = await buildBeneficiary(db, { areaCode: COMMUNITY, name: '李大爷', phone: '13800001234' });
    const r = await raise(community, {
      beneficiaryId: b.id,
      categoryCode: 'cleaning',
      channel: 'walk_in',
      windowStart: daysAhead(day, 9).toISOString(),
      windowEnd: daysAhead(day, 11).toISOString(),
      ...extra,
    });
    const steps = [{ action: 'triage', organizationId: orgId, headcount: 2 }, ...(publish ? [{ action: 'publish' }] : [])];
    for (const step of steps) {
      const response = await stepOn(community, r.id, step);
      if (response.statusCode !== 200) throw new Error(`${step.action}: ${response.statusCode} ${response.body}`);
    }
    return { r, b, day };
  }

  /**
   * A week (from the given Monday) in which 李大爷 already had three foot washes, the third past the
   * guard with a reason: the first, triaged, now counts three in its week.
   */
  async function overServedWeek(monday: number) {
    const b = await buildBeneficiary(db, { areaCode: COMMUNITY, name: '李大爷' });
    const on = (offset: number) => ({
      windowStart: daysAhead(monday + offset, 9).toISOString(),
      windowEnd: daysAhead(monday + offset, 10).toISOString(),
    });
    const base = { beneficiaryId: b.id, categoryCode: 'foot_wash', channel: 'walk_in' };
    const first = await raise(community, { ...base, ...on(0) });
    await raise(community, { ...base, ...on(1) });
    await raise(community, { ...base, ...on(2), guardOverrideReason: '家属要求加一次' });
    await stepOn(community, first.id, { action: 'triage', organizationId: orgId });
    return { first, b };
  }

  return {
    t,
    db,
    COMMUNITY,
    community,
    street,
    otherCommunity,
    operator,
    orgId,
    farOrgId,
    orgAdmin,
    resident,
    residentBeneficiary,
    volunteer,
    raise,
    stepOn,
    triaged,
    overServedWeek,
  };
}

export const details = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response
    .json()
    .error.details.map((d) => `${d.field}:${d.rule}`)
    .sort();
