import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { invitations } from '../../db/schema.ts';
import type { INVITATION_STATUSES } from '../../domain/requests/catalog.ts';

/** What sending decides on, for each volunteer asked about: their reach, this week's invitations, one already sent for the position. */
export async function invitationFacts(db: Executor, positionId: string, volunteerIds: string[], weekStart: Date) {
  if (volunteerIds.length === 0) return [];
  return rowsOf<{
    volunteerId: string;
    name: string;
    status: string;
    invitationsOptIn: boolean;
    quietFrom: number | null;
    quietTo: number | null;
    weeklyInvitationCap: number;
    sentThisWeek: number;
    alreadyInvited: boolean;
  }>(
    await db.execute(sql`
      select v.id as "volunteerId", v.name, v.status,
        coalesce(r.invitations_opt_in, true) as "invitationsOptIn", r.quiet_from as "quietFrom", r.quiet_to as "quietTo",
        coalesce(r.weekly_invitation_cap, 3)::int as "weeklyInvitationCap",
        (select count(*)::int from invitations i where i.volunteer_id = v.id and i.sent_at >= ${weekStart}::timestamptz) as "sentThisWeek",
        exists (select 1 from invitations i where i.volunteer_id = v.id and i.position_id = ${positionId}) as "alreadyInvited"
      from volunteers v
      left join volunteer_reach r on r.volunteer_id = v.id
      where v.id in ${volunteerIds}
      for update of v`),
  );
}

export async function insertInvitations(
  db: Executor,
  rows: { positionId: string; volunteerId: string; invitedBy: string; sentAt?: Date }[],
) {
  if (rows.length === 0) return [];
  return db.insert(invitations).values(rows).onConflictDoNothing().returning({ id: invitations.id, volunteerId: invitations.volunteerId });
}

export async function findInvitation(db: Executor, id: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row;
}

export async function setInvitationStatus(db: Executor, id: string, status: 'accepted' | 'declined', at: Date) {
  const rows = await db
    .update(invitations)
    .set({ status, respondedAt: at })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'sent')))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** A volunteer's invitations, newest first, with what they are for. */
export async function invitationsOf(db: Executor, volunteerId: string) {
  return rowsOf<{
    id: string;
    status: (typeof INVITATION_STATUSES)[number];
    sentAt: Date;
    respondedAt: Date | null;
    positionId: string;
    positionName: string;
    activityId: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    address: string;
    organizationName: string;
  }>(
    await db.execute(sql`
      select i.id, i.status, i.sent_at as "sentAt", i.responded_at as "respondedAt", p.id as "positionId", p.name as "positionName",
        a.id as "activityId", a.title, a.starts_at as "startsAt", a.ends_at as "endsAt", a.address, o.name as "organizationName"
      from invitations i
      join positions p on p.id = i.position_id
      join activities a on a.id = p.activity_id
      join projects pr on pr.id = a.project_id
      join organizations o on o.id = pr.organization_id
      -- One held through their quiet hours is theirs from when it reaches them.
      where i.volunteer_id = ${volunteerId} and i.sent_at <= now()
      order by i.sent_at desc
      limit 100`),
  ).map((r) => ({
    ...r,
    sentAt: new Date(r.sentAt),
    respondedAt: r.respondedAt && new Date(r.respondedAt),
    startsAt: new Date(r.startsAt),
    endsAt: new Date(r.endsAt),
  }));
}

export const invitedIds = async (db: Executor, positionId: string, volunteerIds: string[]) =>
  volunteerIds.length === 0
    ? new Set<string>()
    : new Set(
        (
          await db
            .select({ v: invitations.volunteerId })
            .from(invitations)
            .where(and(eq(invitations.positionId, positionId), inArray(invitations.volunteerId, volunteerIds)))
        ).map((r) => r.v),
      );
