import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { FamilyRelationSchema } from './family.routes.ts';
import { PageQuery, TimeBankLineSchema } from './time-bank.routes.ts';
import { volunteerTimeBank } from './volunteer-time-bank.service.ts';

const VolunteerTimeBankSchema = z
  .object({
    balance: z.string().describe('Time credits, two decimals'),
    lifetimeDeposited: z.string().describe('Credits deposited in a lifetime, net of corrections'),
    lifetimeCap: z.string(),
    today: z.string().describe('Today, China day'),
    todayDeposited: z.string().describe('Credits deposited for service given today'),
    dailyCap: z.string(),
    total: z.number().int().describe('Movements on the statement in all'),
    statement: z.array(TimeBankLineSchema).describe('Newest first'),
    family: z.array(FamilyRelationSchema).describe('The relationships the volunteer recorded, any status; relatives masked'),
  })
  .meta({ id: 'VolunteerTimeBank' });

export const volunteerTimeBankRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/time-bank',
    {
      config: { action: 'timeBank.readVolunteer' },
      schema: {
        summary: 'A volunteer’s time credits: balance, deposits against the caps, statement, family (offices of their area)',
        tags: ['time-bank'],
        params: z.object({ id: z.uuid() }),
        querystring: PageQuery,
        response: { 200: VolunteerTimeBankSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => volunteerTimeBank(app.db, requireActor(request), request.params.id, request.query),
  );
};
