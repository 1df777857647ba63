import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { AppError } from '../../platform/errors.ts';
import { volunteerOfAccount } from '../enrollment/index.ts';
import { describeNotice } from './notice-text.ts';
import * as q from './notices.queries.ts';

const NoticeSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    text: z.string().describe('The notice in the reader’s language'),
    readAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Notice' });

const Preferences = z
  .object({
    reminderHours: z.number().int().min(1).max(168),
    noticeEmail: z.email().max(200).nullable(),
  })
  .meta({ id: 'NoticePreferences' });

async function requireVolunteer(app: FastifyInstance, request: FastifyRequest) {
  const me = await volunteerOfAccount(app.db, requireActor(request).accountId);
  if (!me) throw new AppError('RULE_VIOLATION', 'enrollment.noVolunteer');
  return me;
}

/** The in-app inbox (站内信): what happened to my applications and activities. */
export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'My notices, newest first',
        tags: ['notices'],
        querystring: z.strictObject({ unread: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ unread: z.number().int(), items: z.array(NoticeSchema) }), ...errors(400, 401) },
      },
    },
    async (request) => {
      const me = await volunteerOfAccount(app.db, requireActor(request).accountId);
      if (!me) return { unread: 0, items: [] };
      const rows = await q.inbox(app.db, me.id, request.query.limit, request.query.unread ?? false);
      return {
        unread: await q.unreadCount(app.db, me.id),
        items: rows.map(({ volunteerId: _, ...n }) => ({ ...n, text: describeNotice(request.locale, n.kind, n.params) })),
      };
    },
  );

  app.get(
    '/preferences',
    {
      schema: {
        summary: 'How I am reminded and told: hours before an activity, and an e-mail address',
        tags: ['notices'],
        response: { 200: Preferences, ...errors(401, 422) },
      },
    },
    async (request) => q.preferences(app.db, (await requireVolunteer(app, request)).id),
  );

  app.put(
    '/preferences',
    {
      schema: {
        summary: 'Set how long before an activity I am reminded, and where notices are e-mailed',
        tags: ['notices'],
        body: Preferences.strict(),
        response: { 200: Preferences, ...errors(400, 401, 422) },
      },
    },
    async (request) => {
      const me = await requireVolunteer(app, request);
      await q.savePreferences(app.db, me.id, request.body);
      return q.preferences(app.db, me.id);
    },
  );

  app.post(
    '/read',
    {
      schema: {
        summary: 'Mark notices read (some, or all)',
        tags: ['notices'],
        body: z.strictObject({ ids: z.union([z.array(z.uuid()).max(500), z.literal('all')]) }),
        response: { 204: z.null(), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const me = await volunteerOfAccount(app.db, requireActor(request).accountId);
      if (me) await q.markRead(app.db, me.id, request.body.ids);
      return reply.status(204).send(null);
    },
  );
};
