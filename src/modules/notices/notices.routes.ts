import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './notices.service.ts';

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
  .strictObject({
    reminderHours: z.number().int().min(1).max(168),
    noticeEmail: z.email().max(200).nullable(),
  })
  .meta({ id: 'NoticePreferences' });

const InboxSchema = z.object({ unread: z.number().int(), items: z.array(NoticeSchema) }).meta({ id: 'NoticeInbox' });

const ReadSchema = z.strictObject({ ids: z.union([z.array(z.uuid()).max(500), z.literal('all')]) }).meta({ id: 'NoticesRead' });

/** The in-app inbox (站内信): what happened to my applications and activities. */
export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'notice.read' },
      schema: {
        summary: 'My notices, newest first',
        tags: ['notices'],
        querystring: z.strictObject({ unread: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: InboxSchema, ...errors(400, 401) },
      },
    },
    async (request) =>
      service.myNotices(app.db, requireActor(request), request.locale, {
        limit: request.query.limit,
        unread: request.query.unread ?? false,
      }),
  );

  app.get(
    '/preferences',
    {
      config: { action: 'notice.read' },
      schema: {
        summary: 'How I am reminded and told: hours before an activity, and an e-mail address',
        tags: ['notices'],
        response: { 200: Preferences, ...errors(401, 422) },
      },
    },
    async (request) => service.myPreferences(app.db, requireActor(request)),
  );

  app.put(
    '/preferences',
    {
      config: { action: 'volunteer.update' },
      schema: {
        summary: 'Set how long before an activity I am reminded, and where notices are e-mailed',
        tags: ['notices'],
        body: Preferences,
        response: { 200: Preferences, ...errors(400, 401, 422) },
      },
    },
    async (request) => service.savePreferences(app.db, requireActor(request), request.body),
  );

  app.post(
    '/read',
    {
      config: { action: 'notice.read' },
      schema: {
        summary: 'Mark notices read (some, or all)',
        tags: ['notices'],
        body: ReadSchema,
        response: { 204: z.null(), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      await service.markRead(app.db, requireActor(request), request.body.ids);
      return reply.status(204).send(null);
    },
  );
};
