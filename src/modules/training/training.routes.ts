import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './training.service.ts';

const text = (max: number) => z.string().trim().max(max);
const DATE = z.iso.date().describe('YYYY-MM-DD');

const CourseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    content: z.string(),
    durationHours: z.number(),
    organizationId: z.string().nullable(),
    organizerName: z.string(),
    completions: z.number().int(),
  })
  .meta({ id: 'TrainingCourse' });

const PolicySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['personal', 'group']),
    volunteerId: z.string().nullable(),
    organizationId: z.string().nullable(),
    insurer: z.string(),
    policyNo: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    coverage: z.string(),
  })
  .meta({ id: 'InsurancePolicy' });

const CourseCreateSchema = z
  .strictObject({
    name: text(100).min(1),
    content: text(5000).optional(),
    durationHours: z.number().min(0.5).max(500),
    organizationId: z.uuid().nullable().optional(),
    organizerName: text(100).optional(),
  })
  .meta({ id: 'TrainingCourseCreate' });

const CompletionSchema = z
  .object({
    volunteerId: z.string(),
    volunteerNo: z.string(),
    name: z.string(),
    completedOn: z.string(),
    certificateNo: z.string().nullable(),
  })
  .meta({ id: 'CourseCompletion' });

const CompletionCreateSchema = z
  .strictObject({ volunteerNo: text(20).min(1), completedOn: DATE, certificateNo: text(60).nullable().optional() })
  .meta({ id: 'CourseCompletionCreate' });

const CompletionRecordedSchema = z
  .object({ recorded: z.boolean(), volunteerId: z.string(), name: z.string() })
  .meta({ id: 'CourseCompletionRecorded' });

const MyCompletionSchema = z
  .object({
    courseId: z.string(),
    name: z.string(),
    organizerName: z.string(),
    durationHours: z.number(),
    completedOn: z.string(),
    certificateNo: z.string().nullable(),
  })
  .meta({ id: 'MyCourseCompletion' });

const PolicyCreateSchema = z
  .strictObject({
    kind: z.enum(['personal', 'group']),
    organizationId: z.uuid().nullable().optional(),
    insurer: text(100).min(1),
    policyNo: text(60).min(1),
    startsOn: DATE,
    endsOn: DATE,
    coverage: text(500).optional(),
  })
  .meta({ id: 'InsurancePolicyCreate' });

const IdParams = z.object({ id: z.uuid() });

/** Training courses and completions (MCA 2020 measures, Art 8), and accident insurance (条例 Art 17). */
export const trainingRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/courses',
    {
      config: { action: 'training.read' },
      schema: { summary: 'Training courses', tags: ['training'], response: { 200: z.array(CourseSchema), ...errors(401) } },
    },
    async (request) => service.courses(app.db, requireActor(request)),
  );

  app.post(
    '/courses',
    {
      config: { action: 'training.manage' },
      schema: {
        summary: 'Add a training course (an organization’s, or an office’s under its own name)',
        tags: ['training'],
        body: CourseCreateSchema,
        response: { 201: CourseSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { createdAt: _, areaCode: __, ...course } = await service.addCourse(app.db, ctx(request), request.body);
      return reply.status(201).send({ ...course, completions: 0 });
    },
  );

  app.get(
    '/courses/:id/completions',
    {
      config: { action: 'training.manage' },
      schema: {
        summary: 'Who completed a course',
        tags: ['training'],
        params: IdParams,
        response: {
          200: z.array(CompletionSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => service.completions(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/courses/:id/completions',
    {
      config: { action: 'training.manage' },
      schema: {
        summary: 'Record that a volunteer completed a course',
        tags: ['training'],
        params: IdParams,
        body: CompletionCreateSchema,
        response: { 201: CompletionRecordedSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordCompletion(app.db, ctx(request), request.params.id, request.body)),
  );

  app.get(
    '/completions/mine',
    {
      config: { action: 'volunteer.read' },
      schema: {
        summary: 'The courses I completed (positions that require a course check these)',
        tags: ['training'],
        response: {
          200: z.array(MyCompletionSchema),
          ...errors(401),
        },
      },
    },
    async (request) => service.myCompletions(app.db, requireActor(request)),
  );

  app.get(
    '/policies',
    {
      config: { action: 'insurance.manage' },
      schema: {
        summary: 'My insurance policies (and my organizations’ group policies), or an organization’s',
        tags: ['training'],
        querystring: z.strictObject({ organizationId: z.uuid().optional() }),
        response: { 200: z.array(PolicySchema), ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      (await service.myPolicies(app.db, requireActor(request), request.query.organizationId)).map(
        ({ createdAt: _, createdBy: __, ...p }) => p,
      ),
  );

  app.post(
    '/policies',
    {
      config: { action: 'insurance.manage' },
      schema: {
        summary: 'File an accident insurance policy: my own, or my organization’s group policy',
        tags: ['training'],
        body: PolicyCreateSchema,
        response: { 201: PolicySchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { createdAt: _, createdBy: __, ...p } = await service.addPolicy(app.db, ctx(request), request.body);
      return reply.status(201).send(p);
    },
  );
};
