import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAUSE_TYPES } from '../../domain/points/points-chain.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './time-bank.service.ts';

const amount = z.number().positive().max(100_000);
const ruleShape = {
  eligibleCategories: z
    .array(z.string().min(1).max(40))
    .max(100)
    .describe('Category codes (projects’ and requests’) whose confirmed hours deposit credits'),
  creditsPerHour: amount.describe('Credits for one confirmed hour (default 1)'),
  dailyCap: amount.describe('Most credits deposited for service on one China day (Shanghai Changning: 2)'),
  lifetimeCap: amount.describe('Most credits a volunteer may ever have deposited (Nanjing: 1 500)'),
};
const TimeBankRuleSchema = z
  .object({ ...ruleShape, version: z.number().int().describe('Raised on every save; kept on each deposit') })
  .meta({ id: 'TimeBankRule' });
const TimeBankRuleSettingsSchema = TimeBankRuleSchema.extend({ defaults: TimeBankRuleSchema }).meta({ id: 'TimeBankRuleSettings' });

/** One movement on a time credit statement, as the volunteer sees it. */
export const TimeBankLineSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  cause: z.enum(CAUSE_TYPES),
  activityTitle: z.string().nullable(),
  amount: z.string().describe('Signed as the volunteer sees it'),
  balanceAfter: z.string(),
});

const TimeBankSchema = z
  .object({
    balance: z.string().describe('Time credits, two decimals'),
    lifetimeDeposited: z.string().describe('Credits deposited in a lifetime, net of corrections'),
    lifetimeCap: z.string(),
    today: z.string().describe('Today, China day'),
    todayDeposited: z.string().describe('Credits deposited for service given today'),
    dailyCap: z.string(),
    creditsPerHour: z.string(),
    eligibleCategories: z.array(z.string()),
    total: z.number().int().describe('Movements on the statement in all'),
    statement: z.array(TimeBankLineSchema),
    openHolds: z
      .array(
        z.object({
          requestId: z.string(),
          requestNo: z.string(),
          amount: z.string().describe('Credits held at raising'),
          paid: z.string().describe('Paid out of it for confirmed service so far'),
          createdAt: z.string(),
        }),
      )
      .describe('Requests I raised paid in credits that still hold them'),
  })
  .meta({ id: 'TimeBank' });
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const timeBankRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'Which hours deposit time credits, at what rate, within which caps (the city’s rule, over the defaults)',
        tags: ['time-bank'],
        response: { 200: TimeBankRuleSettingsSchema, ...errors(401) },
      },
    },
    async (request) => service.readTimeBankRule(app.db, requireActor(request)),
  );
  app.put(
    '/',
    {
      config: { action: 'timeBank.manageRules' },
      schema: {
        summary: 'Set the time bank rule (city office); holds for hours confirmed from now on',
        tags: ['time-bank'],
        body: z.strictObject(ruleShape),
        response: { 200: TimeBankRuleSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.saveTimeBankRule(app.db, { actor: requireActor(request), requestId: request.id }, request.body),
  );
};

export const timeBankRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      config: { action: 'timeBank.read' },
      schema: {
        summary: 'My time bank: balance, deposits against the caps, statement (newest first)',
        tags: ['time-bank'],
        querystring: PageQuery,
        response: { 200: TimeBankSchema, ...errors(401, 404) },
      },
    },
    async (request) => service.myTimeBank(app.db, requireActor(request), request.query),
  );
};
