import { sql } from 'drizzle-orm';
import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { rowsOf } from '../../db/client.ts';
import { ACTIONS, type Action, can, POLICY, reachOf } from '../../domain/auth/policy.ts';
import { type Actor, type Grant, ROLES, type Role } from '../../domain/auth/roles.ts';
import { authorize, scopeFilter } from '../../platform/policy.ts';

const ME = '00000000-0000-4000-8000-00000000000a';
const STRANGER = '00000000-0000-4000-8000-00000000000b';
const ORG = '00000000-0000-4000-8000-0000000000c1';
const STATION = '00000000-0000-4000-8000-0000000000d1';
const OTHER = '00000000-0000-4000-8000-0000000000ff';

const AREA_OF: Partial<Record<Role, string>> = {
  city_admin: '9901',
  district_admin: '990101',
  street_admin: '990101001',
  community_admin: '990101001001',
  operator: '9901',
  auditor: '9901',
};

function actorWith(role: Role): Actor {
  const grant: Grant = { role, areaCode: AREA_OF[role] ?? null, organizationId: ORG, stationId: STATION };
  return { accountId: ME, displayName: role, grants: [grant] };
}

// A record that lies inside every scope a role can hold, and one outside all of them.
const INSIDE = { id: 1, areaCode: '990101001001', organizationId: ORG, stationId: STATION, accountId: ME };
const OUTSIDE = { id: 2, areaCode: '990201001001', organizationId: OTHER, stationId: OTHER, accountId: STRANGER };

const probe = pgTable('scope_probe', {
  id: integer('id').primaryKey(),
  areaCode: text('area_code'),
  organizationId: uuid('organization_id'),
  stationId: uuid('station_id'),
  accountId: uuid('account_id'),
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.execute(
    sql`CREATE TABLE scope_probe (id int primary key, area_code text, organization_id uuid, station_id uuid, account_id uuid)`,
  );
  await t.database.db.insert(probe).values([INSIDE, OUTSIDE]);
});
afterAll(() => t.close());

describe('the policy matrix: every action × role × inside/outside scope', () => {
  const cases = ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as [Action, Role]));

  it.each(cases)('%s by %s: authorize() and the list filter agree with the policy', async (action, role) => {
    const actor = actorWith(role);
    const reach = reachOf(action, role);
    const expectInside = reach !== undefined;
    const expectOutside = reach === 'any';

    expect(can(actor, action, INSIDE)).toBe(expectInside);
    expect(can(actor, action, OUTSIDE)).toBe(expectOutside);
    const check = (resource: typeof INSIDE) => () => authorize(actor, action, resource, 'entity.area');
    if (expectInside) expect(check(INSIDE)).not.toThrow();
    else expect(check(INSIDE)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    if (!expectOutside) expect(check(OUTSIDE)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    const rows = await t.database.db
      .select({ id: probe.id })
      .from(probe)
      .where(scopeFilter(actor, action, probe))
      .orderBy(probe.id);
    const expected = [expectInside && 1, expectOutside && 2].filter(Boolean);
    expect(rows.map((r) => r.id)).toEqual(expected);
  });

  it('a street admin’s area does not reach a neighbouring street or its parent district', () => {
    const actor = actorWith('street_admin');
    expect(can(actor, 'area.update', { areaCode: '990101001' })).toBe(true);
    expect(can(actor, 'area.update', { areaCode: '990101002001' })).toBe(false);
    expect(can(actor, 'area.update', { areaCode: '990101' })).toBe(false);
  });

  it('grants the sensitive actions only to the roles the brief names', () => {
    const holders = (action: Action) => Object.keys(POLICY[action]).sort();
    expect(holders('audit.read')).toEqual(['auditor', 'city_admin']);
    expect(holders('area.import')).toEqual(['city_admin', 'district_admin']);
    expect(holders('area.update')).toEqual(['city_admin', 'district_admin', 'street_admin']);
  });

  it('an actor with no grants reaches nothing', async () => {
    const nobody: Actor = { accountId: ME, displayName: 'nobody', grants: [] };
    for (const action of ACTIONS) {
      const result = await t.database.db.execute(
        sql`select count(*)::int as n from scope_probe where ${scopeFilter(nobody, action, probe)}`,
      );
      expect(rowsOf<{ n: number }>(result)[0].n).toBe(0);
    }
  });
});

describe('over HTTP, out of scope looks exactly like missing', () => {
  it('answers 404 for another district’s area and for an area that does not exist', async () => {
    await buildArea(t.database.db, '990101001');
    await buildArea(t.database.db, '990201001');
    const admin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'district_admin', areaCode: '990101' }]));
    const patch = (code: string) => admin.request({ method: 'PATCH', url: `/api/areas/${code}`, payload: { population: 5 } });

    expect((await patch('990101001')).statusCode).toBe(200);
    const outside = await patch('990201001');
    const missing = await patch('990101999');
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
  });

  it('lets a volunteer read areas but not change them', async () => {
    await buildArea(t.database.db, '990101001');
    const volunteer = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]));
    expect((await volunteer.request({ url: '/api/areas/990101001' })).statusCode).toBe(200);
    expect((await volunteer.request({ method: 'PATCH', url: '/api/areas/990101001', payload: { population: 1 } })).statusCode).toBe(404);
    expect((await volunteer.request({ url: '/api/audit' })).statusCode).toBe(403);
  });
});
