import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { Actor, Grant } from '../../domain/auth/roles.ts';
import { newPolicyContext, runWithPolicyContext } from '../../platform/policy-context.ts';
import { selfOf } from './self.ts';

const COMMUNITY = '330106001001';

let t: TestApp;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  orgId = await buildOrganization(t.database.db, t.config, { areaCode: COMMUNITY.slice(0, 9), joinMode: 'open' });
});
afterAll(() => t.close());

/** A signed-in account with these grants whose account is linked to a new volunteer record. */
async function personWith(grants: Grant[]) {
  const account = await buildAccount(t.database.db, t.config, grants);
  const volunteer = await buildVolunteer(t.database.db, t.config, { areaCode: COMMUNITY, organizationId: orgId });
  await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${volunteer.id}`);
  const actor: Actor = { accountId: account.id, displayName: '志愿者', grants };
  return { session: await signIn(t.app, account), volunteer, actor };
}

describe('the own record is loaded once per request', () => {
  it('answers every ask within one request from one load, and loads afresh outside requests', async () => {
    const { volunteer, actor } = await personWith([{ role: 'volunteer' }]);
    const context = newPolicyContext();
    const [first, second] = runWithPolicyContext(context, () => [selfOf(t.database.db, actor), selfOf(t.database.db, actor)]);
    expect(second).toBe(first);
    expect(await first).toMatchObject({
      id: volunteer.id,
      accountId: actor.accountId,
      status: 'active',
      volunteerNo: volunteer.volunteerNo,
    });
    expect(selfOf(t.database.db, actor)).not.toBe(first);
    expect(await selfOf(t.database.db, { ...actor, accountId: randomUUID() })).toBeUndefined();
  });
});

describe('one status rule for every self action', () => {
  let suspended: Session;
  beforeAll(async () => {
    const person = await personWith([{ role: 'volunteer' }]);
    await t.database.db.execute(sql`update volunteers set status = 'suspended' where id = ${person.volunteer.id}`);
    suspended = person.session;
  });
  const refusal = { code: 'RULE_VIOLATION', message: '您的志愿者身份已暂停，暂不能报名、签到或加入组织' };

  it('keeps a suspended volunteer’s own data theirs: record, hours, notices, certificates, leaving', async () => {
    expect((await suspended.request({ url: '/api/volunteers/me' })).json()).toMatchObject({ status: 'suspended' });
    expect((await suspended.request({ url: '/api/records/mine' })).statusCode).toBe(200);
    expect((await suspended.request({ url: '/api/notices' })).json()).toEqual({ unread: 0, items: [] });
    expect((await suspended.request({ url: '/api/certificates' })).json()).toEqual([]);
    expect((await suspended.request({ url: '/api/enrollments/mine' })).json()).toEqual([]);
    expect((await suspended.request({ method: 'POST', url: `/api/organizations/${orgId}/leave` })).json()).toEqual({ status: 'left' });
  });

  it('refuses a suspended volunteer taking part anew: applying, the e-card, checking in, joining', async () => {
    const attempts = [
      { method: 'POST' as const, url: '/api/enrollments', payload: { positionId: randomUUID() } },
      { method: 'GET' as const, url: '/api/attendance/ecard' },
      { method: 'POST' as const, url: '/api/attendance/code', payload: { activityId: randomUUID(), digits: '123456' } },
      { method: 'POST' as const, url: `/api/organizations/${orgId}/join` },
    ];
    for (const attempt of attempts) {
      const answer = await suspended.request(attempt);
      expect([attempt.url, answer.statusCode, answer.json().error]).toEqual([attempt.url, 422, refusal]);
    }
  });
});

describe('self is a policy subject', () => {
  it('gives an account whose roles reach no self action nothing of its own, even with a linked record', async () => {
    const { session } = await personWith([{ role: 'org_admin', organizationId: orgId }]);
    expect((await session.request({ url: '/api/notices' })).json()).toEqual({ unread: 0, items: [] });
    expect((await session.request({ url: '/api/enrollments/mine' })).json()).toEqual([]);
    expect((await session.request({ url: '/api/volunteers/me' })).statusCode).toBe(404);
    const apply = await session.request({ method: 'POST', url: '/api/enrollments', payload: { positionId: randomUUID() } });
    expect(apply.json().error.message).toBe('您的账号尚未关联志愿者身份，请先完成志愿者注册');
  });
});
