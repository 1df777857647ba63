import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { organizerTodo } from './record-reminders.ts';

const TodoSchema = z
  .object({
    organizationId: z.string(),
    name: z.string(),
    pending: z.number().describe('Records awaiting confirmation'),
    overdue: z.number().describe('Pending past the deadline: 10 working days after the activity (MCA 2020 measures, Art 11)'),
    dueSoon: z.number().describe('Pending whose deadline falls within the next 2 working days'),
    nextDeadline: z.string().nullable().describe('The earliest deadline still ahead'),
    corrections: z.number().describe('Open correction requests (Art 12–13)'),
    review: z.number().describe('Check-in events kept for review'),
  })
  .meta({ id: 'OrganizerTodo' });

/** What waits for an organizer: the reminder behind the home page's to-do card. */
export const reminderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/todo',
    {
      config: { action: 'record.manage' },
      schema: {
        summary:
          'What waits for me in each organization whose records I manage (records to confirm, overdue, corrections, check-ins to review)',
        tags: ['records'],
        response: { 200: z.array(TodoSchema), ...errors(401) },
      },
    },
    async (request) => organizerTodo(app.db, requireActor(request)),
  );
};
