import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { makeUscc } from '../../domain/identity/index.ts';

let t: TestApp;
let street: Session;
let otherDistrict: Session;
const STREET = '330102001';
beforeAll(async () => {
  t = await createTestApp();
  await buildArea(t.database.db, `${STREET}001`);
  street = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'street_admin', areaCode: STREET }]));
  otherDistrict = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '330106' }]));
});
afterAll(() => t.close());

let serial = 0;
const application = (overrides: Record<string, unknown> = {}) => ({
  name: `清波街道助老服务队${++serial}`,
  kind: 'filed',
  areaCode: STREET,
  joinMode: 'approval',
  hasPartyBranch: true,
  contactName: '陈队长',
  contactPhone: '13912345678',
  ...overrides,
});

/** A volunteer with an account, signed in. */
async function volunteerSession() {
  const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
  const v = await buildVolunteer(t.database.db, t.config, { areaCode: `${STREET}001` });
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  return { session: await signIn(t.app, account), volunteer: v, accountId: account.id };
}

describe('filing workflow', () => {
  it('applies, is approved by the office of its area, and the applicant becomes its admin and leader', async () => {
    const { session: applicant, volunteer } = await volunteerSession();
    const applied = await applicant.request({ method: 'POST', url: '/api/organizations', payload: application() });
    expect(applied.statusCode).toBe(201);
    const org = applied.json();
    expect(org).toMatchObject({ status: 'pending', contactPhoneMasked: '139****5678', mayReview: false });
    expect((await applicant.request({ url: '/api/organizations/applications' })).json().items.map((o: { id: string }) => o.id)).toEqual([
      org.id,
    ]);

    expect(
      (await otherDistrict.request({ method: 'POST', url: `/api/organizations/${org.id}/review`, payload: { decision: 'approve' } }))
        .statusCode,
    ).toBe(404);
    const approved = await street.request({ method: 'POST', url: `/api/organizations/${org.id}/review`, payload: { decision: 'approve' } });
    expect(approved.json()).toMatchObject({ status: 'active', memberCount: 1 });

    const me = (await applicant.request({ url: '/api/auth/me' })).json();
    expect(me.grants).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'org_admin', organizationId: org.id })]));
    const members = (await applicant.request({ url: `/api/organizations/${org.id}/members` })).json();
    expect(members).toEqual([expect.objectContaining({ volunteerNo: volunteer.volunteerNo, role: 'leader', status: 'active' })]);
  });

  it('needs a reason to reject or suspend, records every step, and never goes back from revoked', async () => {
    const { session: applicant } = await volunteerSession();
    const org = (await applicant.request({ method: 'POST', url: '/api/organizations', payload: application() })).json();
    const decide = (decision: string, reason?: string) =>
      street.request({ method: 'POST', url: `/api/organizations/${org.id}/review`, payload: { decision, reason } });
    const noReason = await decide('reject');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    await decide('approve');
    expect((await decide('suspend', '半年未开展活动')).json().status).toBe('suspended');
    expect((await decide('revoke', '长期停止活动')).json().status).toBe('revoked');
    const again = await decide('reinstate');
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toContain('已撤销');

    const history = (await street.request({ url: `/api/organizations/${org.id}` })).json().events;
    expect(history.map((e: { toStatus: string }) => e.toStatus)).toEqual(['revoked', 'suspended', 'active', 'pending']);
    expect(history[0].reason).toBe('长期停止活动');
    await expect(t.database.db.execute(sql`delete from organization_events where organization_id = ${org.id}`)).rejects.toThrow();
  });

  it('checks the credit code of a registered organization, the unit type of a unit team and where a team is filed', async () => {
    const { session } = await volunteerSession();
    const apply = (payload: Record<string, unknown>) => session.request({ method: 'POST', url: '/api/organizations', payload });
    const fields = async (payload: Record<string, unknown>) =>
      (await apply(payload)).json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);

    expect(await fields(application({ kind: 'registered' }))).toEqual(['uscc:required']);
    expect(await fields(application({ kind: 'registered', uscc: '91330102MA27XXXX1' }))).toEqual(['uscc:format']);
    const valid = makeUscc('5233010257123456X');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(await fields(application({ kind: 'registered', uscc: wrongCheck }))).toEqual(['uscc:checksum']);
    expect((await apply(application({ kind: 'registered', uscc: valid.toLowerCase(), areaCode: '330102' }))).statusCode).toBe(201);
    expect(await fields(application({ kind: 'registered', uscc: valid, areaCode: '330102' }))).toEqual(['uscc:unique']);
    expect(await fields(application({ kind: 'unit' }))).toEqual(['unitType:required']);
    expect(await fields(application({ kind: 'filed', areaCode: '330102' }))).toEqual(['areaCode:level']);
    expect(await fields(application({ contactPhone: '555-0100' }))).toEqual(['contactPhone:format']);
  });
});

describe('members', () => {
  it('joins by the organization’s mode: open at once, approval after a decision, invitation only when invited', async () => {
    const db = t.database.db;
    const open = await buildOrganization(db, t.config, { areaCode: STREET, joinMode: 'open' });
    const approval = await buildOrganization(db, t.config, { areaCode: STREET, joinMode: 'approval' });
    const invitation = await buildOrganization(db, t.config, { areaCode: STREET, joinMode: 'invitation' });
    const admin = await signIn(
      t.app,
      await buildAccount(db, t.config, [
        { role: 'org_admin', organizationId: approval },
        { role: 'org_admin', organizationId: invitation },
      ]),
    );
    const { session: me, volunteer } = await volunteerSession();
    const join = (id: string) => me.request({ method: 'POST', url: `/api/organizations/${id}/join` });

    expect((await join(open)).json()).toEqual({ status: 'active' });
    expect((await join(approval)).json()).toEqual({ status: 'applied' });
    const refused = await join(invitation);
    expect(refused.statusCode).toBe(422);

    const approve = await admin.request({
      method: 'POST',
      url: `/api/organizations/${approval}/members`,
      payload: { action: 'approve', volunteerId: volunteer.id },
    });
    expect(approve.json()).toEqual({ status: 'active' });
    const invite = await admin.request({
      method: 'POST',
      url: `/api/organizations/${invitation}/members`,
      payload: { action: 'invite', volunteerNo: volunteer.volunteerNo.toLowerCase() },
    });
    expect(invite.json()).toEqual({ status: 'invited' });
    expect((await join(invitation)).json()).toEqual({ status: 'active' });

    const mine = (await me.request({ url: '/api/volunteers/me' })).json().organizations;
    expect(mine.filter((o: { status: string }) => o.status === 'active')).toHaveLength(3);
    expect((await me.request({ method: 'POST', url: `/api/organizations/${open}/leave` })).json()).toEqual({ status: 'left' });
  });

  it('keeps at least one leader, and only the organization’s admins manage its members', async () => {
    const db = t.database.db;
    const orgId = await buildOrganization(db, t.config, { areaCode: STREET, joinMode: 'open' });
    const { session: leader, volunteer } = await volunteerSession();
    await leader.request({ method: 'POST', url: `/api/organizations/${orgId}/join` });
    const admin = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: orgId }]));
    const setRole = (role: string) =>
      admin.request({ method: 'PUT', url: `/api/organizations/${orgId}/members/${volunteer.id}/role`, payload: { role } });
    expect((await setRole('leader')).statusCode).toBe(204);
    expect((await setRole('member')).statusCode).toBe(422);
    expect((await leader.request({ method: 'POST', url: `/api/organizations/${orgId}/leave` })).statusCode).toBe(422);

    const outsider = await signIn(
      t.app,
      await buildAccount(db, t.config, [
        { role: 'org_admin', organizationId: await buildOrganization(db, t.config, { areaCode: STREET }) },
      ]),
    );
    expect((await outsider.request({ url: `/api/organizations/${orgId}/members` })).statusCode).toBe(404);
    const audit = rowsOf<{ action: string }>(
      await db.execute(sql`select action from audit_log where entity_id = ${orgId} and action like 'membership.%' order by id`),
    );
    expect(audit.map((a) => a.action)).toEqual(['membership.join', 'membership.setRole']);
  });

  it('lists for each actor what it may see: an office its area, everyone the active directory', async () => {
    const db = t.database.db;
    const pending = await buildOrganization(db, t.config, { areaCode: STREET, status: 'pending', name: '待审核的队伍' });
    const active = await buildOrganization(db, t.config, { areaCode: STREET, name: '已生效的队伍' });
    const managed = (await street.request({ url: '/api/organizations?pageSize=200' })).json().items.map((o: { id: string }) => o.id);
    expect(managed).toEqual(expect.arrayContaining([pending, active]));
    expect(
      (await otherDistrict.request({ url: '/api/organizations?pageSize=200' })).json().items.map((o: { id: string }) => o.id),
    ).not.toContain(active);
    const { session } = await volunteerSession();
    const directory = (await session.request({ url: '/api/organizations/directory?pageSize=200' }))
      .json()
      .items.map((o: { id: string }) => o.id);
    expect(directory).toContain(active);
    expect(directory).not.toContain(pending);
    expect((await session.request({ url: `/api/organizations/${pending}` })).statusCode).toBe(404);
  });
});
