import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrganization, buildVolunteer, type Session, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import { todayInChina } from '../../platform/clock.ts';
import { barredOn } from './index.ts';

const HOME = '982201001001';
const ELSEWHERE = '982201002001';
let t: TestApp;
let community: Session;
let street: Session;
let otherCommunity: Session;
let orgAdmin: Session;
let self: Session;
let volunteerId: string;
let recordId: string;
let strangerRecordId: string;

async function record(volunteer: string, org: string) {
  const [row] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into service_records (volunteer_id, organization_id, activity_title, service_date, place,
        person_in_charge, channel, credit_hours, status)
      values (${volunteer}, ${org}, '社区服务', '2026-05-01', '社区活动室', '负责人', 'manual', 6, 'confirmed') returning id`),
  );
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const org = await buildOrganization(db, t.config, { areaCode: HOME });
  const v = await buildVolunteer(db, t.config, { areaCode: HOME, organizationId: org });
  volunteerId = v.id;
  recordId = await record(v.id, org);
  strangerRecordId = await record((await buildVolunteer(db, t.config, { areaCode: HOME })).id, org);
  community = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: HOME }]));
  street = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'street_admin', areaCode: '982201001' }]));
  otherCommunity = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'community_admin', areaCode: ELSEWHERE }]));
  orgAdmin = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'org_admin', organizationId: org }]));
  const account = await buildAccount(db, t.config, [{ role: 'volunteer' }]);
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  self = await signIn(t.app, account);
});
afterAll(() => t.close());

const today = todayInChina();
const entry = { kind: 'falsified_hours', reason: '签退时间事后补填，虚报 6 小时', barYears: 2, startsOn: today };
const post = (session: Session, payload: Record<string, unknown>, id = volunteerId) =>
  session.request({ method: 'POST', url: `/api/volunteers/${id}/sanctions`, payload, headers: { 'x-volunet-language': 'zh-CN' } });
const list = (session: Session) => session.request({ url: `/api/volunteers/${volunteerId}/sanctions` });
const fields = (response: { json(): { error: { details: { field: string; rule: string }[] } } }) =>
  response.json().error.details.map((d) => `${d.field}:${d.rule}`);

describe('sanctions', () => {
  it('are refused with the field and the rule named, nothing stored', async () => {
    const bad = await post(community, {
      ...entry,
      reason: '补填',
      barYears: 4,
      startsOn: '2999-01-01',
      recordIds: [recordId, strangerRecordId],
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['reason:minLength', 'barYears:range', 'startsOn:notFuture', 'recordIds.1:exists']);
    expect(bad.json().error.details[3].message).toBe(`服务记录 ${strangerRecordId} 不是该志愿者的记录`);
    expect((await list(community)).json().items).toEqual([]);
  });

  it('are recorded by an office of the volunteer’s area, audited without the reason, and bar awards from the start', async () => {
    const made = await post(community, { ...entry, recordIds: [recordId, recordId] });
    expect(made.statusCode).toBe(201);
    const seen = (await list(street)).json();
    expect(seen.bar).toEqual({ barred: true, until: seen.items[0].liftsOn, sanctionIds: [made.json().id] });
    expect(seen.items).toMatchObject([
      { kind: 'falsified_hours', reason: entry.reason, recordIds: [recordId], barYears: 2, startsOn: today, revokedAt: null },
    ]);
    expect(seen.records).toMatchObject([{ id: recordId, hours: 6, status: 'confirmed', serviceDate: '2026-05-01' }]);
    expect(seen.items[0].liftsOn.slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 2));
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'sanction.record'));
    expect(audit).toMatchObject({ entityId: made.json().id, areaCode: HOME });
    expect(JSON.stringify(audit.summary)).not.toContain('补填');
    expect(await barredOn(t.database.db, volunteerId, today)).toMatchObject({ barred: true });
  });

  it('are never shown outside the offices of the area: not to another community, the organization or the volunteer', async () => {
    for (const session of [otherCommunity, orgAdmin, self]) {
      expect((await list(session)).statusCode).toBe(404);
      expect((await post(session, entry)).statusCode).toBe(404);
    }
    const missing = await community.request({ url: '/api/volunteers/00000000-0000-4000-8000-000000000999/sanctions' });
    expect(missing.json()).toEqual((await list(otherCommunity)).json());
    // The volunteer's own record and its export carry no trace of it.
    const mine = await self.request({ url: '/api/volunteers/me' });
    expect(mine.body).not.toContain('falsified');
    expect(mine.body).not.toContain('sanction');
  });

  it('are revoked with a reason: the bar ends today, the sanction and both reasons stay on record', async () => {
    const [standing] = (await list(community)).json().items;
    const revoke = (session: Session, reason: string) =>
      session.request({ method: 'POST', url: `/api/sanctions/${standing.id}/revoke`, payload: { reason } });
    expect(fields(await revoke(community, '错了'))).toEqual(['reason:minLength']);
    expect((await revoke(otherCommunity, '复核后认定时长属实')).statusCode).toBe(404);
    expect((await revoke(street, '复核后认定时长属实')).statusCode).toBe(200);
    const after = (await list(community)).json();
    expect(after.bar).toEqual({ barred: false });
    expect(after.items).toMatchObject([{ id: standing.id, reason: entry.reason, revokeReason: '复核后认定时长属实', liftsOn: today }]);
    expect(after.items[0].revokedBy).toBeTruthy();
    expect((await revoke(street, '再次撤销试试')).statusCode).toBe(409);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'sanction.revoke'));
    expect(audits).toHaveLength(1);
    expect(await barredOn(t.database.db, volunteerId, today)).toEqual({ barred: false });
  });
});
