import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/auth/roles.ts';
import { ageOn, normalizeVolunteerNo } from '../../domain/identity/index.ts';
import { POLITICAL_STATUSES } from '../../domain/volunteers/registration.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { todayInChina } from '../../platform/clock.ts';
import { maskName } from '../../platform/masking.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as q from './volunteers.queries.ts';
import {
  CreatedVolunteerSchema,
  RegistrationSchema,
  SelfRegistrationSchema,
  VolunteerDetailSchema,
  VolunteerExportSchema,
  VolunteerPageSchema,
  VolunteerPiiSchema,
  VolunteerUpdateSchema,
} from './volunteers.schemas.ts';
import * as service from './volunteers.service.ts';

const IdParams = z.object({ id: z.uuid() });
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(10));

const PROFILE_KEYS = [
  'politicalStatus',
  'education',
  'occupation',
  'schoolName',
  'schoolType',
  'cadre',
  'skills',
  'languages',
  'serviceCategories',
  'availability',
] as const;

/** Splits a request body into the registration proper and the profile (given fields only). */
function split<T extends Record<string, unknown>>(body: T) {
  const rest: Record<string, unknown> = {};
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) rest[key] = value;
    else if (value !== undefined) profile[key] = value;
  }
  return { rest: rest as Omit<T, (typeof PROFILE_KEYS)[number]>, profile: profile as service.Profile };
}

export const volunteerRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.post(
    '/register',
    {
      config: { public: true, rateLimit: { max: app.config.signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        summary: 'Register as a volunteer: creates the account (phone login) and the volunteer',
        description:
          'Resident ID numbers are checked (GB 11643) and give the birth date and sex; under-18s need a guardian who ' +
          'consented. A person an organization registered before claims that record when the phone matches.',
        tags: ['volunteers'],
        security: [],
        body: SelfRegistrationSchema,
        response: { 201: CreatedVolunteerSchema, ...errors(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { rest, profile } = split(request.body);
      const volunteer = await service.registerSelf(app.db, app.config, { actor: null, requestId: request.id }, { ...rest, profile });
      return reply.status(201).send({ id: volunteer.id, volunteerNo: volunteer.volunteerNo });
    },
  );

  app.post(
    '/',
    {
      config: { action: 'volunteer.register' },
      schema: {
        summary: 'Register a person on their behalf (an organization or an office), with their consent',
        tags: ['volunteers'],
        body: RegistrationSchema,
        response: { 201: CreatedVolunteerSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { rest, profile } = split(request.body);
      const volunteer = await service.registerOnBehalf(app.db, app.config, ctx(request), { ...rest, profile });
      return reply.status(201).send({ id: volunteer.id, volunteerNo: volunteer.volunteerNo });
    },
  );

  app.get(
    '/',
    {
      config: { action: ['volunteer.read', 'volunteer.readChild'] },
      schema: {
        summary: 'Search volunteers in scope',
        tags: ['volunteers'],
        querystring: z.strictObject({
          q: z.string().trim().max(50).optional().describe('Part of the name'),
          volunteerNo: z.string().trim().max(20).optional(),
          skills: csv(z.string().max(40)).optional().describe('Comma-separated skill codes; all must match'),
          languages: csv(z.string().max(10)).optional().describe('Comma-separated language codes; all must match'),
          politicalStatus: csv(z.enum(POLITICAL_STATUSES)).optional().describe('Comma-separated; any may match'),
          minAge: z.coerce.number().int().min(0).max(120).optional(),
          maxAge: z.coerce.number().int().min(0).max(120).optional(),
          availability: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 21 - 1)
            .optional()
            .describe('Bit mask; any slot may match'),
          within: AreaCodeSchema.optional().describe('Area subtree of residence'),
          organizationId: z.uuid().optional(),
          status: z.enum(['active', 'suspended', 'deregistered']).optional(),
          sort: z.enum(['name', 'volunteerNo', 'birthDate', 'createdAt']).default('createdAt'),
          order: z.enum(['asc', 'desc']).default('desc'),
          ...PageQuery,
        }),
        response: { 200: VolunteerPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { volunteerNo, ...filter } = request.query;
      const today = todayInChina();
      const result = await q.searchVolunteers(app.db, actor, {
        ...filter,
        volunteerNo: volunteerNo ? (normalizeVolunteerNo(volunteerNo) ?? volunteerNo) : undefined,
        today,
      });
      return { total: result.total, totalCapped: result.totalCapped, items: result.items.map((row) => listItem(actor, row, today)) };
    },
  );

  app.get(
    '/me',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: { summary: 'My own volunteer record', tags: ['volunteers'], response: { 200: VolunteerDetailSchema, ...errors(401, 404) } },
    },
    async (request) => service.getOwnVolunteer(app.db, requireActor(request)),
  );

  app.get(
    '/me/export',
    {
      config: { action: ['volunteer.exportSelf', ...service.DETAIL_ACTIONS] },
      schema: {
        summary: 'Download everything held about me, unmasked (PIPL Art 45)',
        tags: ['volunteers'],
        response: { 200: VolunteerExportSchema, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const data = await service.exportOwnData(app.db, app.config, ctx(request));
      reply.header('content-disposition', `attachment; filename="volunet-${data.volunteer.volunteerNo}.json"`);
      reply.header('cache-control', 'no-store');
      return data;
    },
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One volunteer, masked',
        tags: ['volunteers'],
        params: IdParams,
        response: { 200: VolunteerDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getVolunteer(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/:id/reveal',
    {
      config: { action: ['volunteer.readPii', 'volunteer.readChild'] },
      schema: {
        summary: 'The unmasked ID and phone numbers; needs its own permission and is audited',
        tags: ['volunteers'],
        params: IdParams,
        response: { 200: VolunteerPiiSchema, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.revealPii(app.db, app.config, ctx(request), request.params.id);
    },
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change the profile or the community of residence',
        tags: ['volunteers'],
        params: IdParams,
        body: VolunteerUpdateSchema,
        response: { 200: VolunteerDetailSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) =>
      service.updateProfile(app.db, ctx(request), request.params.id, request.body as service.Profile & { areaCode?: string }),
  );

  app.post(
    '/:id/deregister',
    {
      config: { action: 'volunteer.deregister' },
      schema: {
        summary: 'Deregister: personal data erased, service records kept anonymized',
        tags: ['volunteers'],
        params: IdParams,
        response: { 204: z.null(), ...errors(401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { accountId } = await service.deregister(app.db, ctx(request), request.params.id);
      if (accountId) app.sessionCache.forgetAccount(accountId);
      return reply.status(204).send(null);
    },
  );
};

function listItem(actor: Actor, row: Awaited<ReturnType<typeof q.searchVolunteers>>['items'][number], today: string) {
  const hidden = service.isHiddenChild(actor, row, row.organizationIds);
  return {
    id: row.id,
    volunteerNo: row.volunteerNo,
    name: hidden ? maskName(row.name, 'child') : row.name,
    sex: hidden ? null : row.sex,
    age: hidden || !row.birthDate ? null : ageOn(row.birthDate, today),
    areaCode: row.areaCode,
    phoneMasked: hidden ? null : row.phoneMasked,
    politicalStatus: hidden ? null : row.politicalStatus,
    skills: hidden ? [] : row.skills.map((s) => s.code),
    languages: hidden ? [] : row.languages.map((l) => l.code),
    status: row.status,
    restricted: hidden,
  };
}
