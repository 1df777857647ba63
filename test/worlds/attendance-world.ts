import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/auth/roles.ts';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../factories.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const HERE = { lat: 30.25, lng: 120.16 };

/**
 * A test database with an organization, its signed-in admin and a running project in one
 * community, and the helpers attendance tests make activities happening now and people with.
 */
export async function attendanceWorld(community: string) {
  const t: TestApp = await createTestApp();
  await buildArea(t.database.db, community);
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: community.slice(0, 9) });
  const organizer: Session = await signIn(
    t.app,
    await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]),
  );
  const [p] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into projects (organization_id, title, category_code, area_code, status)
      values (${orgId}, '社区服务', 'community', ${community}, 'running') returning id`),
  );

  /** An activity happening now (started an hour ago, ends in an hour) at HERE with a 200 m geofence. */
  async function activityNow() {
    const [a] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into activities (project_id, title, starts_at, ends_at, address, lat, lng, geofence_meters, checkin_methods, apply_deadline, cancel_deadline)
        values (${p.id}, '社区巡查', now() - interval '1 hour', now() + interval '1 hour', '社区广场', ${HERE.lat}, ${HERE.lng}, 200,
          array['code','ecard','geofence','manual','device'], now() - interval '1 hour', now() - interval '1 day') returning id`),
    );
    const [pos] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`insert into positions (activity_id, name, headcount) values (${a.id}, '巡查员', 500) returning id`),
    );
    return { activityId: a.id, positionId: pos.id };
  }

  /** A volunteer with a signed-in account, accepted on the activity when one is given. */
  async function person(activity?: { activityId: string; positionId: string }) {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: community });
    await t.database.db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
    if (activity)
      await t.database.db.execute(sql`insert into enrollments (position_id, activity_id, volunteer_id, status)
        values (${activity.positionId}, ${activity.activityId}, ${v.id}, 'accepted')`);
    const actor: Actor = { accountId: account.id, displayName: 'v', grants: [{ role: 'volunteer' }] };
    return { ...v, account, actor, session: await signIn(t.app, account) };
  }

  const recordOf = async (volunteerId: string) =>
    rowsOf<{ status: string; check_in_at: string | null; check_out_at: string | null; credit_hours: number; channel: string }>(
      await t.database.db.execute(
        sql`select status, check_in_at::text, check_out_at::text, credit_hours::float8, channel from service_records where volunteer_id = ${volunteerId}`,
      ),
    );

  return { t, orgId, organizer, projectId: p.id, activityNow, person, recordOf };
}
