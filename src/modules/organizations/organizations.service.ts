import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { levelOfCode } from '../../domain/areas/area-code.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { normalizeMobile, validateUscc } from '../../domain/identity/index.ts';
import {
  type JoinMode,
  type MemberEvent,
  type MemberRole,
  membershipStep,
  type ReviewDecision,
  review,
} from '../../domain/organizations/workflow.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { maskMobile } from '../../platform/masking.ts';
import { seal } from '../../platform/pii.ts';
import { authorize, may } from '../../platform/policy.ts';
import { existingCodes } from '../areas/index.ts';
import { byAccount, byId, byVolunteerNo, ensureTakingPart, findSelf, findVolunteer } from '../volunteers/index.ts';
import * as q from './organizations.queries.ts';

type Ctx = AuditContext & { actor: Actor };

export interface OrganizationInput {
  name: string;
  kind: 'registered' | 'filed' | 'unit';
  uscc?: string | null;
  unitType?: 'company' | 'school' | 'government' | 'other' | null;
  parentId?: string | null;
  areaCode: string;
  joinMode?: JoinMode;
  hasPartyBranch?: boolean;
  hasLeagueBranch?: boolean;
  serviceCategories?: string[];
  contactName: string;
  contactPhone: string;
  address?: string | null;
  description?: string | null;
}

const validation = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

/** Kinds carry their own requirements: a credit code for registered ones, a unit type for unit teams. */
async function checkInput(db: Db, input: OrganizationInput): Promise<{ uscc: string | null; phone: string }> {
  const issues: Issue[] = [];
  let uscc: string | null = null;
  if (input.uscc) {
    const result = validateUscc(input.uscc);
    if (!result.ok) issues.push({ field: 'uscc', rule: result.rule, messageKey: 'organization.badUscc' });
    else if (await q.findByUscc(db, result.value)) issues.push({ field: 'uscc', rule: 'unique', messageKey: 'organization.usccTaken' });
    else uscc = result.value;
  } else if (input.kind === 'registered') {
    issues.push({ field: 'uscc', rule: 'required', messageKey: 'organization.usccRequired' });
  }
  if (input.kind === 'unit' && !input.unitType)
    issues.push({ field: 'unitType', rule: 'required', messageKey: 'organization.unitTypeRequired' });
  // A filed team is filed with a street or community office (备案).
  if (input.kind === 'filed' && !['street', 'community'].includes(levelOfCode(input.areaCode) ?? '')) {
    issues.push({ field: 'areaCode', rule: 'level', messageKey: 'organization.filedLevel' });
  } else if (!(await existingCodes(db, [input.areaCode])).has(input.areaCode)) {
    issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'account.areaMissing', params: { code: input.areaCode } });
  }
  if (input.parentId) {
    const parent = await q.findOrganization(db, input.parentId);
    if (parent?.organization.status !== 'active')
      issues.push({ field: 'parentId', rule: 'exists', messageKey: 'organization.parentMissing' });
  }
  const phone = normalizeMobile(input.contactPhone);
  if (!phone) issues.push({ field: 'contactPhone', rule: 'format', messageKey: 'account.badPhone' });
  if (issues.length || !phone) throw validation(issues);
  return { uscc, phone };
}

/** Filing (备案) starts with an application that the office of the organization's area decides on. */
export async function applyOrganization(db: Db, config: Config, ctx: Ctx, input: OrganizationInput) {
  authorize(ctx.actor, 'organization.apply', { accountId: ctx.actor.accountId }, 'entity.organization');
  const { uscc, phone } = await checkInput(db, input);
  const sealed = seal(config.piiKeys, phone);
  const { contactPhone: _, ...rest } = input;
  return db.transaction(async (tx) => {
    const org = await q.insertOrganization(tx, {
      ...rest,
      uscc,
      contactPhoneCipher: sealed.cipher,
      contactPhoneKeyVersion: sealed.keyVersion,
      contactPhoneMasked: maskMobile(phone),
      appliedBy: ctx.actor.accountId,
      status: 'pending',
    });
    await q.insertEvent(tx, {
      organizationId: org.id,
      fromStatus: null,
      toStatus: 'pending',
      actorId: ctx.actor.accountId,
      actorLabel: ctx.actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: 'organization.apply',
      entityType: 'organization',
      entityId: org.id,
      areaCode: org.areaCode,
      summary: { kind: org.kind, parentId: org.parentId },
    });
    return org;
  });
}

const scopeOf = (o: q.OrganizationRow) => ({
  areaCode: o.areaCode,
  organizationIds: [o.id, ...(o.parentId ? [o.parentId] : [])],
  accountId: o.appliedBy,
});

/** What showing one organization checks: who may see it, and what the screen may offer next. */
export const DETAIL_ACTIONS = [
  'organization.read',
  'organization.apply',
  'organization.browse',
  'organization.manageMembers',
  'organization.review',
  'organization.update',
] as const satisfies readonly Action[];

/** Managers read any organization in scope; applicants read their own application; everyone reads active ones. */
export async function getOrganization(db: Db, actor: Actor, id: string) {
  const row = await q.findOrganization(db, id);
  if (!row) throw notFound('entity.organization');
  const o = row.organization;
  const scope = scopeOf(o);
  // The applicant is the organization's `self` (scope.accountId) under organization.apply.
  const ownApplication = may(actor, 'organization.apply', scope);
  const visible =
    may(actor, 'organization.read', scope) || ownApplication || (o.status === 'active' && may(actor, 'organization.browse', scope));
  if (!visible) throw notFound('entity.organization');
  const mayManage = may(actor, 'organization.manageMembers', scope);
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    uscc: o.uscc,
    unitType: o.unitType,
    parentId: o.parentId,
    parentName: row.parentName,
    areaCode: o.areaCode,
    status: o.status,
    statusReason: o.statusReason,
    joinMode: o.joinMode,
    hasPartyBranch: o.hasPartyBranch,
    hasLeagueBranch: o.hasLeagueBranch,
    serviceCategories: o.serviceCategories,
    contactName: o.contactName,
    contactPhoneMasked: o.contactPhoneMasked,
    address: o.address,
    description: o.description,
    memberCount: row.memberCount,
    createdAt: o.createdAt.toISOString(),
    mayReview: may(actor, 'organization.review', scope),
    mayUpdate: may(actor, 'organization.update', scope),
    mayManageMembers: mayManage,
    events: mayManage || may(actor, 'organization.read', scope) || ownApplication ? await eventHistory(db, o.id) : [],
  };
}

async function eventHistory(db: Db, id: string) {
  return (await q.eventsOf(db, id)).map((e) => ({
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    reason: e.reason,
    actorLabel: e.actorLabel,
    at: e.at.toISOString(),
  }));
}

/** Approve, reject, suspend, reinstate or revoke; each step is recorded with who and why, never erased. */
export async function reviewOrganization(db: Db, ctx: Ctx, id: string, decision: ReviewDecision, reason?: string) {
  const row = await q.findOrganization(db, id);
  if (!row) throw notFound('entity.organization');
  const o = row.organization;
  authorize(ctx.actor, 'organization.review', scopeOf(o), 'entity.organization');
  const outcome = review(o.status, decision, reason);
  if (!outcome.ok) {
    if (outcome.rule === 'reason') throw validation([{ field: 'reason', rule: 'required', messageKey: 'organization.reasonRequired' }]);
    throw new AppError('RULE_VIOLATION', 'organization.badTransition', { from: `organization.status.${o.status}` });
  }
  await db.transaction(async (tx) => {
    await q.updateOrganization(tx, id, { status: outcome.to, statusReason: reason?.trim() || null });
    await q.insertEvent(tx, {
      organizationId: id,
      fromStatus: o.status,
      toStatus: outcome.to,
      reason: reason?.trim() || null,
      actorId: ctx.actor.accountId,
      actorLabel: ctx.actor.displayName,
    });
    if (decision === 'approve' && o.appliedBy) {
      await q.grantOrgAdmin(tx, o.appliedBy, id);
      // The applicant, if a volunteer, leads the new organization.
      const applicant = await findVolunteer(tx, byAccount(o.appliedBy));
      if (applicant)
        await q.saveMembership(tx, { organizationId: id, volunteerId: applicant.volunteer.id, status: 'active', role: 'leader' });
    }
    await recordAudit(tx, ctx, {
      action: `organization.${decision}`,
      entityType: 'organization',
      entityId: id,
      areaCode: o.areaCode,
      summary: { from: o.status, to: outcome.to },
    });
  });
  return { appliedBy: o.appliedBy };
}

export async function updateOrganization(
  db: Db,
  ctx: Ctx,
  id: string,
  patch: Partial<Omit<OrganizationInput, 'kind' | 'uscc' | 'areaCode' | 'parentId' | 'contactPhone'>>,
) {
  const row = await q.findOrganization(db, id);
  if (!row) throw notFound('entity.organization');
  authorize(ctx.actor, 'organization.update', scopeOf(row.organization), 'entity.organization');
  await db.transaction(async (tx) => {
    await q.updateOrganization(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'organization.update',
      entityType: 'organization',
      entityId: id,
      areaCode: row.organization.areaCode,
      summary: { changed: Object.keys(patch) },
    });
  });
  return getOrganization(db, ctx.actor, id);
}

/**
 * Membership changes. `join` and `leave` are the volunteer's own; the rest are the organization's
 * (its admins or the office over it). The rules are in domain/organizations/workflow.ts.
 */
export async function changeMembership(
  db: Db,
  ctx: Ctx,
  organizationId: string,
  event: MemberEvent,
  target: { volunteerId?: string; volunteerNo?: string },
) {
  const row = await q.findOrganization(db, organizationId);
  if (!row) throw notFound('entity.organization');
  const o = row.organization;
  const own = event === 'join' || event === 'leave';
  let volunteer: { id: string; volunteerNo: string };
  if (own) {
    const self = await findSelf(db, ctx.actor, 'membership.self');
    if (!self) throw notFound('entity.volunteer');
    // Joining is taking part: a suspended volunteer may leave, not join.
    if (event === 'join') ensureTakingPart(self);
    if (event === 'join' && o.status !== 'active') throw new AppError('RULE_VIOLATION', 'organization.notActive');
    volunteer = self;
  } else {
    authorize(ctx.actor, 'organization.manageMembers', scopeOf(o), 'entity.organization');
    const found = await findVolunteer(db, target.volunteerId ? byId(target.volunteerId) : byVolunteerNo(target.volunteerNo ?? ''));
    if (found?.volunteer.status !== 'active') throw notFound('entity.volunteer');
    volunteer = found.volunteer;
  }
  const volunteerId = volunteer.id;
  const current = await q.findMembership(db, organizationId, volunteerId);
  const isLastLeader = current?.role === 'leader' && (await q.activeLeaders(db, organizationId)) <= 1;
  const outcome = membershipStep(current?.status ?? 'none', event, { joinMode: o.joinMode, isLastLeader });
  if (!outcome.ok) {
    if (outcome.rule === 'invitation_only') throw new AppError('RULE_VIOLATION', 'membership.notOpen');
    if (outcome.rule === 'last_leader') throw new AppError('RULE_VIOLATION', 'membership.lastLeader');
    throw new AppError('RULE_VIOLATION', 'membership.badTransition', { from: `membership.status.${current?.status ?? 'none'}` });
  }
  await db.transaction(async (tx) => {
    await q.saveMembership(tx, { organizationId, volunteerId, status: outcome.to });
    await recordAudit(tx, ctx, {
      action: `membership.${event}`,
      entityType: 'organization',
      entityId: organizationId,
      areaCode: o.areaCode,
      summary: { volunteerNo: volunteer.volunteerNo, from: current?.status ?? 'none', to: outcome.to },
    });
  });
  return { status: outcome.to };
}

export async function setMemberRole(db: Db, ctx: Ctx, organizationId: string, volunteerId: string, role: MemberRole) {
  const row = await q.findOrganization(db, organizationId);
  if (!row) throw notFound('entity.organization');
  authorize(ctx.actor, 'organization.manageMembers', scopeOf(row.organization), 'entity.organization');
  const current = await q.findMembership(db, organizationId, volunteerId);
  if (current?.status !== 'active') throw notFound('entity.membership');
  if (current.role === 'leader' && role !== 'leader' && (await q.activeLeaders(db, organizationId)) <= 1) {
    throw new AppError('RULE_VIOLATION', 'membership.lastLeader');
  }
  await db.transaction(async (tx) => {
    await q.saveMembership(tx, { organizationId, volunteerId, status: 'active', role });
    await recordAudit(tx, ctx, {
      action: 'membership.setRole',
      entityType: 'organization',
      entityId: organizationId,
      areaCode: row.organization.areaCode,
      summary: { volunteerId, from: current.role, to: role },
    });
  });
}

export async function listMembers(db: Db, actor: Actor, organizationId: string) {
  const row = await q.findOrganization(db, organizationId);
  if (!row) throw notFound('entity.organization');
  authorize(actor, 'organization.manageMembers', scopeOf(row.organization), 'entity.organization');
  return q.members(db, organizationId);
}
