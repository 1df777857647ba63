import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ageOn } from '../../domain/identity/index.ts';
import { JOIN_MODES, MEMBER_ROLES, ORGANIZATION_STATUSES, REVIEW_DECISIONS } from '../../domain/organizations/workflow.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { todayInChina } from '../../platform/clock.ts';
import { maskName } from '../../platform/masking.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import { isHiddenChild } from '../volunteers/index.ts';
import * as q from './organizations.queries.ts';
import * as service from './organizations.service.ts';

const KINDS = ['registered', 'filed', 'unit'] as const;
const UNIT_TYPES = ['company', 'school', 'government', 'other'] as const;
const text = (max: number) => z.string().trim().max(max);

const EditableFields = {
  name: text(100).min(1),
  joinMode: z.enum(JOIN_MODES).optional(),
  hasPartyBranch: z.boolean().optional().describe('Has a CPC branch (party-building KPI)'),
  hasLeagueBranch: z.boolean().optional().describe('Has a CYL branch'),
  serviceCategories: z.array(z.string().min(1).max(40)).max(20).optional(),
  contactName: text(50).min(1),
  address: text(200).nullable().optional(),
  description: text(2000).nullable().optional(),
};

const ListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(KINDS),
    areaCode: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    joinMode: z.enum(JOIN_MODES),
    parentId: z.string().nullable(),
    parentName: z.string().nullable(),
    hasPartyBranch: z.boolean(),
    hasLeagueBranch: z.boolean(),
    memberCount: z.number().int(),
    createdAt: z.date(),
  })
  .meta({ id: 'OrganizationListItem' });

const PageSchema = page(ListItemSchema).meta({ id: 'OrganizationPage' });

const DetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(KINDS),
    uscc: z.string().nullable(),
    unitType: z.enum(UNIT_TYPES).nullable(),
    parentId: z.string().nullable(),
    parentName: z.string().nullable(),
    areaCode: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    statusReason: z.string().nullable(),
    joinMode: z.enum(JOIN_MODES),
    hasPartyBranch: z.boolean(),
    hasLeagueBranch: z.boolean(),
    serviceCategories: z.array(z.string()),
    contactName: z.string(),
    contactPhoneMasked: z.string(),
    address: z.string().nullable(),
    description: z.string().nullable(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    mayReview: z.boolean(),
    mayUpdate: z.boolean(),
    mayManageMembers: z.boolean(),
    events: z.array(
      z
        .object({
          fromStatus: z.string().nullable(),
          toStatus: z.string(),
          reason: z.string().nullable(),
          actorLabel: z.string(),
          at: z.string(),
        })
        .meta({ id: 'OrganizationEvent' }),
    ),
  })
  .meta({ id: 'OrganizationDetail' });

const MemberSchema = z
  .object({
    volunteerId: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    age: z.number().int().nullable(),
    role: z.enum(MEMBER_ROLES),
    status: z.string(),
    joinedAt: z.date().nullable(),
  })
  .meta({ id: 'OrganizationMember' });

const IdParams = z.object({ id: z.uuid() });
const ListQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  status: z.enum(ORGANIZATION_STATUSES).optional(),
  kind: z.enum(KINDS).optional(),
  within: AreaCodeSchema.optional(),
  ...PageQuery,
});

const ApplicationSchema = z
  .strictObject({
    ...EditableFields,
    kind: z.enum(KINDS),
    uscc: z.string().trim().max(30).nullable().optional().describe('统一社会信用代码, required for registered organizations (GB 32100)'),
    unitType: z.enum(UNIT_TYPES).nullable().optional(),
    parentId: z.uuid().nullable().optional(),
    areaCode: AreaCodeSchema,
    contactPhone: z.string().trim().min(1).max(20),
  })
  .meta({ id: 'OrganizationApplication' });

const UpdateSchema = z
  .strictObject({
    ...EditableFields,
    name: EditableFields.name.optional(),
    contactName: EditableFields.contactName.optional(),
  })
  .meta({ id: 'OrganizationUpdate' });

const ReviewSchema = z
  .strictObject({ decision: z.enum(REVIEW_DECISIONS), reason: text(500).optional() })
  .meta({ id: 'OrganizationReview' });

const MembershipActionSchema = z
  .union([
    z.strictObject({ action: z.literal('invite'), volunteerNo: z.string().trim().min(1).max(20) }),
    z.strictObject({ action: z.enum(['approve', 'reject', 'remove']), volunteerId: z.uuid() }),
  ])
  .meta({ id: 'MembershipAction' });

const MemberResult = z.object({ status: z.string() }).meta({ id: 'MembershipResult' });

const RoleChangeSchema = z.strictObject({ role: z.enum(MEMBER_ROLES) }).meta({ id: 'MemberRoleChange' });

export const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/',
    {
      config: { action: 'organization.read' },
      schema: {
        summary: 'Organizations I manage or oversee (any status)',
        tags: ['organizations'],
        querystring: ListQuery,
        response: { 200: PageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listOrganizations(app.db, requireActor(request), 'organization.read', request.query),
  );

  app.get(
    '/directory',
    {
      config: { action: 'organization.browse' },
      schema: {
        summary: 'Active organizations anyone can find and join',
        tags: ['organizations'],
        querystring: ListQuery.omit({ status: true }),
        response: { 200: PageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listOrganizations(app.db, requireActor(request), 'organization.browse', request.query),
  );

  app.get(
    '/applications',
    {
      config: { action: 'organization.apply' },
      schema: {
        summary: 'Filing applications I submitted',
        tags: ['organizations'],
        querystring: z.strictObject(PageQuery),
        response: { 200: PageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listOrganizations(app.db, requireActor(request), 'organization.apply', request.query),
  );

  app.post(
    '/',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Apply to file an organization; the office of its area decides',
        tags: ['organizations'],
        body: ApplicationSchema,
        response: { 201: DetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const org = await service.applyOrganization(app.db, app.config, c, request.body);
      return reply.status(201).send(await service.getOrganization(app.db, c.actor, org.id));
    },
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One organization',
        tags: ['organizations'],
        params: IdParams,
        response: { 200: DetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getOrganization(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change an organization’s details',
        tags: ['organizations'],
        params: IdParams,
        body: UpdateSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.updateOrganization(app.db, ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/review',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Approve, reject, suspend, reinstate or revoke (the office of the area)',
        description: 'Rejection, suspension and revocation need a reason; every step is kept in the history.',
        tags: ['organizations'],
        params: IdParams,
        body: ReviewSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const c = ctx(request);
      const { appliedBy } = await service.reviewOrganization(app.db, c, request.params.id, request.body.decision, request.body.reason);
      // The applicant's new grant takes effect on their next request.
      if (appliedBy) app.sessionCache.forgetAccount(appliedBy);
      return service.getOrganization(app.db, c.actor, request.params.id);
    },
  );

  app.get(
    '/:id/members',
    {
      config: { action: ['organization.manageMembers', 'volunteer.readChild'] },
      schema: {
        summary: 'Members, applicants and invitations',
        tags: ['organizations'],
        params: IdParams,
        response: { 200: z.array(MemberSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const today = todayInChina();
      const rows = await service.listMembers(app.db, actor, request.params.id);
      return rows.map((m) => {
        const hidden = isHiddenChild(actor, m, [request.params.id]);
        return {
          volunteerId: m.volunteerId,
          volunteerNo: m.volunteerNo,
          name: hidden ? maskName(m.name, 'child') : m.name,
          age: hidden || !m.birthDate ? null : ageOn(m.birthDate, today),
          role: m.role,
          status: m.status,
          joinedAt: m.joinedAt,
        };
      });
    },
  );

  app.post(
    '/:id/members',
    {
      config: { action: 'organization.manageMembers' },
      schema: {
        summary: 'Act on a member: invite (by volunteer number), approve, reject or remove',
        tags: ['organizations'],
        params: IdParams,
        body: MembershipActionSchema,
        response: { 200: MemberResult, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const body = request.body;
      const target = body.action === 'invite' ? { volunteerNo: body.volunteerNo.toUpperCase() } : { volunteerId: body.volunteerId };
      return service.changeMembership(app.db, ctx(request), request.params.id, body.action, target);
    },
  );

  app.put(
    '/:id/members/:volunteerId/role',
    {
      config: { action: 'organization.manageMembers' },
      schema: {
        summary: 'Make a member a leader, an admin or a plain member',
        tags: ['organizations'],
        params: z.object({ id: z.uuid(), volunteerId: z.uuid() }),
        body: RoleChangeSchema,
        response: { 204: z.null(), ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      await service.setMemberRole(app.db, ctx(request), request.params.id, request.params.volunteerId, request.body.role);
      return reply.status(204).send(null);
    },
  );

  for (const event of ['join', 'leave'] as const) {
    app.post(
      `/:id/${event}`,
      {
        config: { action: 'membership.self' },
        schema: {
          summary: event === 'join' ? 'Join (open), apply (approval) or accept an invitation' : 'Leave the organization',
          tags: ['organizations'],
          params: IdParams,
          response: { 200: MemberResult, ...errors(400, 401, 404, 422) },
        },
      },
      async (request) => service.changeMembership(app.db, ctx(request), request.params.id, event, {}),
    );
  }
};
