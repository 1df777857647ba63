import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.ts';
import { chinaInstant } from '../../src/domain/activities/schedule.ts';
import type { Actor } from '../../src/domain/auth/roles.ts';
import { createActivities, type PositionInput } from '../../src/modules/activities/index.ts';
import { buildAccount, buildArea, buildOrganization, buildVolunteer, type Session, signIn } from '../factories.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const ctx = (actor: Actor) => ({ actor, requestId: 'test', locale: 'zh-CN' as const });

/**
 * A test database with an organization, its admin and a recruiting project in one community, and
 * the helpers enrollment tests make volunteers and activities with.
 */
export async function enrollmentWorld(community: string) {
  const t: TestApp = await createTestApp();
  await buildArea(t.database.db, community);
  const orgId = await buildOrganization(t.database.db, t.config, { areaCode: community.slice(0, 9) });
  const account = await buildAccount(t.database.db, t.config, [{ role: 'org_admin', organizationId: orgId }]);
  const organizer: Session = await signIn(t.app, account);
  const organizerActor: Actor = { accountId: account.id, displayName: '组织者', grants: [{ role: 'org_admin', organizationId: orgId }] };
  const [p] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`insert into projects (organization_id, title, category_code, area_code, description, beneficiaries, status)
      values (${orgId}, '周末助老', 'elderly', ${community}, '<p>x</p>', '老人', 'recruiting') returning id`),
  );
  const projectId = p.id;

  /** A volunteer with an account (no password: the tests call services as them). */
  async function volunteerActor(options: { birthDate?: string; profile?: Parameters<typeof buildVolunteer>[2]['profile'] } = {}) {
    const v = await buildVolunteer(t.database.db, t.config, { areaCode: community, ...options });
    const [acc] = rowsOf<{ id: string }>(
      await t.database.db.execute(
        sql`insert into accounts (username, display_name, password_hash) values ('v-' || gen_random_uuid(), '志愿者', 'x') returning id`,
      ),
    );
    await t.database.db.execute(sql`update volunteers set account_id = ${acc.id} where id = ${v.id}`);
    return { volunteerId: v.id, actor: { accountId: acc.id, displayName: '志愿者', grants: [{ role: 'volunteer' as const }] } };
  }

  let day = 0;
  /** A one-off activity on its own future day (so working-time limits of one test never touch another's). */
  async function activity(position: Partial<PositionInput> = {}, times: [string, string] = ['09:00', '11:00'], date?: string) {
    const on = date ?? new Date(Date.UTC(2030, 0, 1) + day++ * 3 * 86_400_000).toISOString().slice(0, 10);
    const [id] = (
      await createActivities(t.database.db, ctx(organizerActor), {
        projectId,
        title: `陪伴活动${day}`,
        address: '清河坊社区活动室',
        startsAt: chinaInstant(on, times[0]),
        endsAt: chinaInstant(on, times[1]),
        positions: [{ name: '陪伴员', headcount: 10, ...position }],
      })
    ).map((a) => a.id);
    const [pos] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from positions where activity_id = ${id}`));
    return { activityId: id, positionId: pos.id, date: on };
  }

  return { t, orgId, organizer, organizerActor, projectId, volunteerActor, activity };
}
