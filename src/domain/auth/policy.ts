import { isWithinArea } from '../areas/area-code.ts';
import { type Actor, type Grant, ROLES, type Role } from './roles.ts';

/**
 * How far a role reaches for an action:
 * - any: every record
 * - area: records whose area code lies under the grant's area prefix
 * - organization / station: records of the grant's organization / station
 * - self: records that belong to the actor's own account
 */
export type Reach = 'any' | 'area' | 'organization' | 'station' | 'self';

const OFFICES = ['city_admin', 'district_admin', 'street_admin', 'community_admin'] as const;
const everyone = (reach: Reach) => Object.fromEntries(ROLES.map((role) => [role, reach])) as Record<Role, Reach>;
const offices = (reach: Reach, ...levels: (typeof OFFICES)[number][]) =>
  Object.fromEntries((levels.length ? levels : OFFICES).map((role) => [role, reach]));

/** The policy table: action → the roles that may take it and how far each reaches. */
export const POLICY = {
  'area.read': everyone('any'),
  'area.create': offices('area', 'city_admin', 'district_admin', 'street_admin'),
  'area.update': offices('area', 'city_admin', 'district_admin', 'street_admin'),
  'area.import': offices('area', 'city_admin', 'district_admin'),
  'audit.read': { auditor: 'any', city_admin: 'area' },
  'account.readSelf': everyone('self'),
  'account.updateSelf': everyone('self'),
  // The registry. A volunteer's area is where they live; an organization reaches its members.
  'volunteer.read': { ...offices('area'), org_admin: 'organization', operator: 'area', volunteer: 'self' },
  'volunteer.register': { ...offices('area'), org_admin: 'organization' },
  'volunteer.update': { ...offices('area'), volunteer: 'self' },
  // Unmasked ID and phone numbers: a separate permission, and every use is audited.
  'volunteer.readPii': { ...offices('area', 'street_admin', 'community_admin'), volunteer: 'self' },
  // Children under 14 (PIPL Art 28/31): only those who must see them — their community and
  // street offices and the organizations they serve with.
  'volunteer.readChild': { ...offices('area', 'street_admin', 'community_admin'), org_admin: 'organization', volunteer: 'self' },
  'volunteer.deregister': { ...offices('area', 'city_admin', 'district_admin'), volunteer: 'self' },
  'volunteer.exportSelf': { volunteer: 'self' },
  // Imports from other platforms bring people of the office's own area; merging two records is
  // the office's decision (a duplicate's older record decides the area).
  'volunteer.import': offices('area'),
  'volunteer.merge': offices('area'),
  'skill.manage': { city_admin: 'any' },
  'organization.browse': everyone('any'),
  'organization.apply': { ...offices('self', 'street_admin', 'community_admin'), org_admin: 'self', volunteer: 'self' },
  'organization.read': { ...offices('area'), org_admin: 'organization', auditor: 'area' },
  'organization.update': { ...offices('area'), org_admin: 'organization' },
  'organization.review': offices('area'),
  'organization.manageMembers': { ...offices('area'), org_admin: 'organization' },
  'membership.self': { volunteer: 'self' },
  'station.read': everyone('any'),
  'station.manage': offices('area'),
  'station.inspect': offices('area'),
  'station.configureStandards': { city_admin: 'any' },
  // Projects: the organization runs them; the office of the project's area reviews them (立项评审).
  'project.browse': everyone('any'),
  'project.read': { ...offices('area'), org_admin: 'organization', auditor: 'area' },
  'project.create': { org_admin: 'organization' },
  'project.manage': { org_admin: 'organization' },
  'project.review': offices('area'),
  // Volunteers rate a project they served on; residents (the people served) rate as beneficiaries.
  'project.rate': { volunteer: 'self', resident: 'self' },
  'projectCategory.manage': { city_admin: 'any' },
  // Activities belong to a project: its organization runs them; offices of the area oversee.
  'activity.read': { ...offices('area'), org_admin: 'organization', auditor: 'area' },
  'activity.manage': { org_admin: 'organization' },
  // A volunteer's own part in activities: applying and withdrawing, and checking in (e-card, code, place).
  'enrollment.apply': { volunteer: 'self' },
  'attendance.checkIn': { volunteer: 'self' },
  // Everyone who takes part finds the courses; organizations and offices run them (MCA 2020 measures, Art 8).
  'training.read': everyone('any'),
  'training.manage': { org_admin: 'organization', ...offices('area') },
  'insurance.manage': { org_admin: 'organization', volunteer: 'self' },
  // What the city works by (working-time limits, the work calendar, walking speed, the KPI catalogue):
  // everyone signed in reads it.
  'settings.read': everyone('any'),
  'settings.manage': { city_admin: 'any' },
  // Service records: whoever organizes records (the organization); offices oversee; the volunteer reads their own.
  'record.manage': { org_admin: 'organization' },
  // Station keepers scan e-cards at their station; organizations register their card readers.
  'attendance.scan': { station_keeper: 'station' },
  'device.manage': { org_admin: 'organization' },
  // The hour ledger is one chain for the whole platform: its check is the auditor's (and the city's).
  'ledger.verify': { auditor: 'any', city_admin: 'any' },
  'certificate.revoke': offices('area', 'city_admin', 'district_admin'),
  // Signed statements for partners (issue 19): a volunteer issues their own, free; an office of
  // the volunteer's area issues for them. Both may revoke one issued in error.
  'statement.issue': { ...offices('area'), volunteer: 'self' },
  'statement.revoke': { ...offices('area'), volunteer: 'self' },
  'record.read': { ...offices('area'), org_admin: 'organization', auditor: 'area', volunteer: 'self' },
  // Volunteers can ask for a correction of their own records; corrections never erase history.
  'record.requestCorrection': { volunteer: 'self' },
  // The in-app inbox of a volunteer: what happened to their applications and activities.
  'notice.read': { volunteer: 'self' },
  // KPIs: each office sees its own area and everything below; auditors read within their grant.
  'kpi.read': { ...offices('area'), auditor: 'area' },
  // The figure of all registered volunteers on every platform, reconciled by the area's office.
  'kpi.enterTotals': offices('area'),
  // Bringing the rollups up to date now rather than within the next ten seconds.
  'kpi.refresh': { city_admin: 'any', auditor: 'any' },
  // — The demand side (issue 18). The people served and their requests live in an area; the
  // hotline's operators act for callers in theirs; a station keeper for the walk-ins of the station.
  'beneficiary.read': { ...offices('area'), operator: 'area', station_keeper: 'station', resident: 'self', auditor: 'area' },
  'beneficiary.manage': { ...offices('area'), operator: 'area', station_keeper: 'station', resident: 'self' },
  // Unmasked phone, address and care notes of a person served: every read is audited.
  'beneficiary.readPii': { ...offices('area', 'street_admin', 'community_admin'), operator: 'area', resident: 'self' },
  'request.create': { ...offices('area'), operator: 'area', station_keeper: 'station', resident: 'self' },
  'request.read': {
    ...offices('area'),
    operator: 'area',
    station_keeper: 'station',
    org_admin: 'organization',
    resident: 'self',
    auditor: 'area',
  },
  'request.triage': offices('area'),
  'request.assign': { ...offices('area'), org_admin: 'organization' },
  // Marking progress (started, done) and following up: whoever handles it.
  'request.progress': { ...offices('area'), operator: 'area', station_keeper: 'station', org_admin: 'organization' },
  'request.cancel': { ...offices('area'), operator: 'area', station_keeper: 'station', resident: 'self' },
  // The beneficiary confirms and rates the service; an operator on their behalf.
  'request.rate': { resident: 'self', operator: 'area', ...offices('area', 'community_admin', 'street_admin') },
  // Going past the over-service guard needs a reason, and is audited.
  'request.overrideGuard': { ...offices('area'), operator: 'area', station_keeper: 'station', org_admin: 'organization' },
  // Volunteers see published requests near them and take one (within their weekly limit).
  'request.take': { volunteer: 'self' },
  'requestCategory.manage': { city_admin: 'any' },
  'hotline.answer': { operator: 'area', ...offices('area', 'community_admin', 'street_admin') },
  'hotline.readCalls': { operator: 'area', ...offices('area'), auditor: 'area' },
  'match.suggest': { ...offices('area'), org_admin: 'organization' },
  'invitation.send': { org_admin: 'organization' },
  'invitation.respond': { volunteer: 'self' },
  'volunteer.updateReach': { volunteer: 'self' },
  'emergency.call': offices('area'),
  'emergency.read': { ...offices('area'), auditor: 'area' },
  'emergency.respond': { volunteer: 'self' },
  'serviceGuard.report': { ...offices('area'), auditor: 'area' },
  // — Honours (issue 19). The city sets the hours for each star; offices of the volunteer's area
  // record and revoke sanctions (失信 / falsified hours) and alone see them: never public.
  'stars.manage': { city_admin: 'any' },
  'sanction.read': offices('area'),
  'sanction.manage': offices('area'),
  // Annual awards (表彰评选): the city or a district opens a round for its area and its offices
  // review (score) and decide; organizations nominate their own, offices anyone of their area;
  // a volunteer reads their own honours. The public notice and the roll are open to all.
  'award.manage': offices('area', 'city_admin', 'district_admin'),
  'award.review': offices('area', 'city_admin', 'district_admin'),
  'award.nominate': { ...offices('area'), org_admin: 'organization' },
  'award.readOwn': { volunteer: 'self' },
  // Points (issue 19): a volunteer reads their own; offices in their area and organizations of
  // their members read a volunteer's; the city sets the rule; organizations give a capped bonus.
  'points.read': { ...offices('area'), org_admin: 'organization', auditor: 'area', volunteer: 'self' },
  'points.manageRules': { city_admin: 'any' },
  'points.bonus': { org_admin: 'organization' },
  // The time bank (issue 19): a volunteer reads their own account; the city sets the rule.
  'timeBank.read': { volunteer: 'self' },
  'timeBank.manageRules': { city_admin: 'any' },
  // A volunteer records relatives and gives credits away (to confirmed family, to the community's
  // pool); an office of the volunteer's area confirms relationships; the community office grants
  // out of its pool; offices and auditors read the balance sheet of their area.
  'timeBank.family': { volunteer: 'self' },
  'timeBank.transfer': { volunteer: 'self' },
  'timeBank.reviewFamily': offices('area'),
  'timeBank.grant': { community_admin: 'area' },
  'timeBank.balanceSheet': { ...offices('area'), auditor: 'area' },
  // An office of the volunteer's area reads one volunteer's account (balance, caps, statement,
  // relationships), as it reads their points: the relatives' names and numbers masked.
  'timeBank.readVolunteer': offices('area'),
  // Benefits (issue 19): volunteers redeem; the accounts of a benefit partner (role partner, linked
  // through benefit_partner_members, checked in the service: another partner's offers answer 404)
  // run their offers and scan codes; the office of the partner's area registers partners, reviews offers
  // and reads the partners' statements.
  'benefit.redeem': { volunteer: 'self' },
  'benefit.scan': { partner: 'any' },
  'benefit.manageOffers': { partner: 'any' },
  'benefit.review': offices('area'),
  'benefit.managePartners': offices('area'),
  // The office that registered a partner (its area) reads the partner's monthly statement, as the partner does.
  'benefit.partnerStatement': offices('area'),
  'account.changePassword': everyone('self'),
  'session.end': everyone('self'),
  'session.revokeAll': everyone('self'),
} satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The facts about a record that scoping looks at; absent facts never match. */
export interface ScopedResource {
  areaCode?: string | null;
  organizationId?: string | null;
  /** A record that belongs to several organizations (a volunteer's memberships, a sub-team's parents). */
  organizationIds?: readonly string[];
  stationId?: string | null;
  accountId?: string | null;
}

export function reachOf(action: Action, role: Role): Reach | undefined {
  return (POLICY[action] as Partial<Record<Role, Reach>>)[role];
}

export function grantCovers(actor: Actor, grant: Grant, reach: Reach, resource: ScopedResource): boolean {
  switch (reach) {
    case 'any':
      return true;
    case 'area':
      return !!grant.areaCode && !!resource.areaCode && isWithinArea(resource.areaCode, grant.areaCode);
    case 'organization':
      return (
        !!grant.organizationId &&
        (resource.organizationId === grant.organizationId || !!resource.organizationIds?.includes(grant.organizationId))
      );
    case 'station':
      return !!grant.stationId && resource.stationId === grant.stationId;
    case 'self':
      return !!resource.accountId && resource.accountId === actor.accountId;
  }
}

/** May the actor take this action on this record? */
export function can(actor: Actor, action: Action, resource: ScopedResource): boolean {
  return actor.grants.some((grant) => {
    const reach = reachOf(action, grant.role);
    return reach !== undefined && grantCovers(actor, grant, reach, resource);
  });
}

/** May the actor take this action on at least some record (used for menus)? */
export function canAtAll(actor: Actor, action: Action): boolean {
  return actor.grants.some((grant) => reachOf(action, grant.role) !== undefined);
}

/** The grants that let the actor take the action, each with its reach; the SQL filter is built from these. */
export function reachingGrants(actor: Actor, action: Action): { grant: Grant; reach: Reach }[] {
  return actor.grants.flatMap((grant) => {
    const reach = reachOf(action, grant.role);
    return reach === undefined ? [] : [{ grant, reach }];
  });
}
