import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { ACTIVITY_DETAIL_ACTIONS } from '../activities/index.ts';
import * as service from './calendar.service.ts';

const ICS = 'text/calendar; charset=utf-8';
const LinkSchema = z.object({ path: z.string() }).meta({ id: 'CalendarLink' });

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/link',
    {
      config: { action: 'volunteer.read' },
      schema: {
        summary: 'The secret address of my calendar feed (made on first use)',
        tags: ['calendar'],
        response: { 200: LinkSchema, ...errors(401, 422) },
      },
    },
    async (request) => ({ path: `/api/calendar/feed/${await service.calendarToken(app.db, requireActor(request), false)}.ics` }),
  );

  app.post(
    '/link',
    {
      config: { action: 'volunteer.update' },
      schema: {
        summary: 'A new secret address for my calendar feed; the old one stops working',
        tags: ['calendar'],
        response: { 200: LinkSchema, ...errors(401, 422) },
      },
    },
    async (request) => ({ path: `/api/calendar/feed/${await service.calendarToken(app.db, requireActor(request), true)}.ics` }),
  );

  app.get(
    '/feed/:file',
    {
      config: { public: true },
      schema: {
        summary: 'A volunteer’s accepted shifts as an iCal feed (no sign-in: the address is the secret)',
        tags: ['calendar'],
        params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,64}\.ics$/) }),
        produces: ['text/calendar'],
        response: { 200: z.string().describe('text/calendar'), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const body = await service.personalFeed(app.db, request.params.file.replace(/\.ics$/, ''));
      return reply.type(ICS).header('cache-control', 'private, max-age=300').send(body);
    },
  );

  app.get(
    '/activity/:id',
    {
      config: { action: ACTIVITY_DETAIL_ACTIONS },
      schema: {
        summary: 'One activity as an .ics file',
        tags: ['calendar'],
        params: z.object({ id: z.uuid() }),
        produces: ['text/calendar'],
        response: { 200: z.string().describe('text/calendar'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const body = await service.activityIcs(app.db, requireActor(request), request.params.id);
      return reply.type(ICS).header('content-disposition', `attachment; filename="activity-${request.params.id}.ics"`).send(body);
    },
  );
};
