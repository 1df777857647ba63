import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REQUEST_URGENCIES, type RequestUrgency } from '../../domain/requests/catalog.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './request-settings.service.ts';

const text = (max: number) => z.string().trim().max(max);

const GuardRuleSchema = z
  .strictObject({
    perDay: z.number().int().min(1).max(100).optional().describe('At most so many services per beneficiary in a China day'),
    perWeek: z.number().int().min(1).max(700).optional().describe('At most so many per ISO week (Monday to Sunday, China time)'),
    mode: z
      .enum(['warn', 'block'])
      .describe('warn: the person taking the request is warned; block: refused unless overridden with a reason'),
  })
  .refine((g) => g.perDay !== undefined || g.perWeek !== undefined, { path: ['perDay'], params: { i18n: 'requestCategory.guardEmpty' } })
  .refine((g) => g.perDay === undefined || g.perWeek === undefined || g.perWeek >= g.perDay, {
    path: ['perWeek'],
    params: { i18n: 'requestCategory.guardWeekBelowDay' },
  })
  .meta({ id: 'ServiceGuardRule' });

const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const CategoryCodeSchema = z
  .string()
  .refine((code) => CODE.test(code), { params: { i18n: 'requestCategory.badCode' } })
  .meta({ pattern: CODE.source })
  .describe('Stable key that requests cite: a lower-case letter, then 1–39 lower-case letters, digits or underscores');

const RequestCategorySchema = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    maxVolunteers: z.number().int().describe('The most volunteers one request may ask for'),
    guard: GuardRuleSchema.nullable().describe('The over-service guard; null: no limit'),
    defaultSkills: z.array(z.string()),
    active: z.boolean(),
    builtin: z.boolean().describe('Came with Volunet: may be retired, never deleted'),
    sort: z.number().int(),
  })
  .meta({ id: 'RequestCategory' });

const RequestCategoriesSchema = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          code: CategoryCodeSchema,
          nameZh: text(30).min(1),
          nameEn: text(60).min(1),
          maxVolunteers: z.number().int().min(1).max(100),
          guard: GuardRuleSchema.nullable().default(null),
          defaultSkills: z.array(z.string().min(1).max(40)).max(20).default([]).describe('Codes from the skills catalog'),
          active: z.boolean().default(true).describe('false retires it (leaving it out does the same, or deletes one never used)'),
          sort: z.number().int().min(0).max(10_000).default(0),
        }),
      )
      .min(1)
      .max(200)
      .describe('The whole catalog; an index in an error’s field (items.3.code) is a position in this array'),
  })
  .meta({ id: 'RequestCategories' });

// 1 minute … 30 days.
const minutes = z
  .number()
  .int()
  .min(1)
  .max(30 * 24 * 60);
const UrgencySlaSchema = z
  .strictObject({ triageMinutes: minutes, assignMinutes: minutes.describe('From the request’s creation; not shorter than triage') })
  .refine((s) => s.assignMinutes >= s.triageMinutes, { path: ['assignMinutes'], params: { i18n: 'requestSla.assignBeforeTriage' } });
const RequestSlaSchema = z
  .strictObject(Object.fromEntries(REQUEST_URGENCIES.map((u) => [u, UrgencySlaSchema])) as Record<RequestUrgency, typeof UrgencySlaSchema>)
  .meta({ id: 'RequestSla' });
const RequestSlaSettingsSchema = RequestSlaSchema.extend({ defaults: RequestSlaSchema }).meta({ id: 'RequestSlaSettings' });

const cap = (describe: string) => z.number().int().min(0).max(50).describe(describe);
const VolunteerCapsSchema = z
  .strictObject({
    weeklyTakeCap: cap('Requests a volunteer may take themselves in 7 days, at most; a volunteer may set a lower cap of their own'),
    weeklyInvitationCap: cap('Invitations a volunteer may be sent in a China week, at most; a volunteer may set a lower cap of their own'),
  })
  .meta({ id: 'VolunteerCaps' });
const VolunteerCapsSettingsSchema = VolunteerCapsSchema.extend({ defaults: VolunteerCapsSchema }).meta({ id: 'VolunteerCapsSettings' });

export const requestCategoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'The request categories, in force first, with their limits and over-service guard rules',
        tags: ['requests'],
        response: { 200: z.array(RequestCategorySchema), ...errors(401) },
      },
    },
    async (request) => service.listRequestCategories(app.db, requireActor(request)),
  );

  app.put(
    '/',
    {
      config: { action: 'requestCategory.manage' },
      schema: {
        summary: 'Replace the request categories (city office)',
        description:
          'Items are written by code (added or updated). Categories left out are retired, or deleted when the city ' +
          'added them and no request ever used them; builtin categories are never deleted.',
        tags: ['requests'],
        body: RequestCategoriesSchema,
        response: { 200: z.array(RequestCategorySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) =>
      service.replaceRequestCategories(app.db, { actor: requireActor(request), requestId: request.id }, request.body.items),
  );
};

export const requestSlaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'Time to triage and to assign a request, per urgency (the city’s, over the defaults)',
        tags: ['settings'],
        response: { 200: RequestSlaSettingsSchema, ...errors(401) },
      },
    },
    async (request) => service.readRequestSla(app.db, requireActor(request)),
  );

  app.put(
    '/',
    {
      config: { action: 'settings.manage' },
      schema: {
        summary: 'Set the time to triage and to assign per urgency (city admin); applies to requests raised from now on',
        tags: ['settings'],
        body: RequestSlaSchema,
        response: { 200: RequestSlaSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.saveRequestSla(app.db, { actor: requireActor(request), requestId: request.id }, request.body),
  );
};

export const volunteerCapsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'The most requests a volunteer may take and invitations they may be sent a week (the city’s, over the defaults)',
        tags: ['settings'],
        response: { 200: VolunteerCapsSettingsSchema, ...errors(401) },
      },
    },
    async (request) => service.readVolunteerCaps(app.db, requireActor(request)),
  );

  app.put(
    '/',
    {
      config: { action: 'settings.manage' },
      schema: {
        summary: 'Set the weekly caps (city admin); a volunteer’s own cap above them no longer counts',
        tags: ['settings'],
        body: VolunteerCapsSchema,
        response: { 200: VolunteerCapsSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.saveVolunteerCaps(app.db, { actor: requireActor(request), requestId: request.id }, request.body),
  );
};
