import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROJECT_ACTIONS, PROJECT_STATUSES, RISK_LEVELS } from '../../domain/projects/lifecycle.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './projects.queries.ts';
import * as service from './projects.service.ts';

const text = (max: number) => z.string().trim().max(max);

const EditableFields = {
  title: text(100).min(1),
  categoryCode: z.string().min(1).max(40),
  areaCode: AreaCodeSchema.describe('The area served; its office reviews the project'),
  description: z.string().max(20_000).optional().describe('Rich text (HTML); sanitized on write'),
  beneficiaries: text(500).optional(),
  risks: text(2000).optional().describe('Risks disclosed to volunteers before they join (条例 Art 12)'),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  insuranceRequired: z.boolean().optional(),
  budgetYuan: z.number().min(0).max(1e10).nullable().optional(),
  fundingSource: text(200).nullable().optional(),
};

const ListItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    categoryCode: z.string(),
    areaCode: z.string(),
    areaName: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    riskLevel: z.enum(RISK_LEVELS),
    insuranceRequired: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'ProjectListItem' });

const PageSchema = page(ListItemSchema).meta({ id: 'ProjectPage' });

const DetailSchema = ListItemSchema.extend({
  description: z.string(),
  beneficiaries: z.string(),
  risks: z.string(),
  budgetYuan: z.number().nullable(),
  fundingSource: z.string().nullable(),
  statusReason: z.string().nullable().describe('The last rejection’s reason'),
  evaluationSummary: z.string().nullable(),
  mayEdit: z.boolean(),
  actions: z.array(z.enum(PROJECT_ACTIONS)).describe('The steps this user may take now'),
  figures: z
    .object({
      activities: z.number().int(),
      volunteers: z.number().int().describe('Accepted on the rosters'),
      plannedHours: z.number().describe('Hours of the accepted shifts'),
      servedVolunteers: z.number().int().describe('With a confirmed service record'),
      confirmedHours: z.number().describe('Confirmed in the hour ledger'),
    })
    .describe('Rosters and records: the evaluation’s figures'),
  ratings: z.object({
    volunteer: z.object({ count: z.number().int(), average: z.number().nullable() }),
    beneficiary: z.object({ count: z.number().int(), average: z.number().nullable() }),
  }),
  mayRate: z.enum(['volunteer', 'beneficiary']).nullable().describe('Whether and as whom I may rate this project'),
  myRating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable().describe('My own rating, if I gave one'),
  events: z.array(
    z
      .object({
        action: z.string(),
        fromStatus: z.enum(PROJECT_STATUSES).nullable(),
        toStatus: z.enum(PROJECT_STATUSES),
        note: z.string().nullable(),
        actorLabel: z.string(),
        at: z.date(),
      })
      .meta({ id: 'ProjectEvent' }),
  ),
}).meta({ id: 'ProjectDetail' });

const CategorySchema = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), builtin: z.boolean() })
  .meta({ id: 'ProjectCategory' });

const IdParams = z.object({ id: z.uuid() });
const ListQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  ...PageQuery,
});

const CategoryCreateSchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/)
      .describe('Lowercase letters, digits and _'),
    nameZh: text(40).min(1),
    nameEn: text(60).min(1),
  })
  .meta({ id: 'ProjectCategoryCreate' });

const CreateSchema = z.strictObject({ ...EditableFields, organizationId: z.uuid() }).meta({ id: 'ProjectCreate' });

const UpdateSchema = z
  .strictObject({
    ...EditableFields,
    title: EditableFields.title.optional(),
    categoryCode: EditableFields.categoryCode.optional(),
    areaCode: EditableFields.areaCode.optional(),
  })
  .meta({ id: 'ProjectUpdate' });

const RatingSchema = z.strictObject({ score: z.number().int().min(1).max(5), comment: text(500).optional() }).meta({ id: 'ProjectRating' });

const TransitionSchema = z.strictObject({ action: z.enum(PROJECT_ACTIONS), note: text(2000).optional() }).meta({ id: 'ProjectTransition' });

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/categories',
    {
      config: { action: 'project.browse' },
      schema: { summary: 'The project category catalog', tags: ['projects'], response: { 200: z.array(CategorySchema), ...errors(401) } },
    },
    async (request) => {
      authorize(requireActor(request), 'project.browse', {}, 'entity.projectCategory');
      return (await q.listCategories(app.db)).map(({ createdAt: _, ...c }) => c);
    },
  );

  app.post(
    '/categories',
    {
      config: { action: 'projectCategory.manage' },
      schema: {
        summary: 'Add a project category (city admin)',
        tags: ['projects'],
        body: CategoryCreateSchema,
        response: { 201: CategorySchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { createdAt: _, ...c } = await service.addCategory(app.db, ctx(request), request.body);
      return reply.status(201).send(c);
    },
  );

  app.get(
    '/',
    {
      config: { action: 'project.read' },
      schema: {
        summary: 'Projects I run or oversee (any status)',
        tags: ['projects'],
        querystring: ListQuery,
        response: { 200: PageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listProjects(app.db, requireActor(request), 'project.read', request.query),
  );

  app.get(
    '/public',
    {
      config: { action: 'project.browse' },
      schema: {
        summary: 'Projects open to volunteers (recruiting, running, closed, evaluated)',
        tags: ['projects'],
        querystring: ListQuery,
        response: { 200: PageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listProjects(app.db, requireActor(request), 'project.browse', request.query),
  );

  app.post(
    '/',
    {
      config: { action: ['project.create', ...service.DETAIL_ACTIONS] },
      schema: {
        summary: 'Draft a project for my organization',
        tags: ['projects'],
        body: CreateSchema,
        response: { 201: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const c = ctx(request);
      const project = await service.createProject(app.db, c, request.body);
      return reply.status(201).send(await service.getProject(app.db, c.actor, project.id));
    },
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One project with its timeline and the steps I may take',
        tags: ['projects'],
        params: IdParams,
        response: { 200: DetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getProject(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change a draft or rejected project',
        tags: ['projects'],
        params: IdParams,
        body: UpdateSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.updateProject(app.db, ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/ratings',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Rate a project 1–5: as a volunteer who served on it, or as a resident it served',
        tags: ['projects'],
        params: IdParams,
        body: RatingSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.rateProject(app.db, ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/transitions',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Take a lifecycle step: submit, approve, reject, recruit, start, close, evaluate',
        description:
          'The organizer submits, recruits, starts, closes and evaluates; the office of the project’s area approves or rejects. ' +
          'A rejection needs a reason and an evaluation a summary (`note`). Steps out of order are refused (422).',
        tags: ['projects'],
        params: IdParams,
        body: TransitionSchema,
        response: { 200: DetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => service.takeStep(app.db, ctx(request), request.params.id, request.body.action, request.body.note),
  );
};
