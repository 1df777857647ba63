import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEMS } from '../../domain/ledger/keyed-chain.ts';
import { CAUSE_TYPES } from '../../domain/points/points-chain.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { bonusCandidates, giveBonus } from './bonus.service.ts';
import * as service from './points.service.ts';
import { checkPoints, pointsCheckpoint, takePointsCheckpoint } from './points-verify.ts';

const multiplier = z.number().min(0).max(5);
const ruleShape = {
  pointsPerHour: z.number().positive().max(10_000).describe('Points for one confirmed hour (Kunshan: 10)'),
  categoryMultipliers: z.record(z.string().min(1).max(40), multiplier).describe('Project category code → multiplier 0–5; others count 1'),
  riskMultipliers: z.strictObject({ low: multiplier, medium: multiplier, high: multiplier }).describe('By the project’s risk level'),
  bonusCapPerMonth: z.number().int().min(0).max(100_000).describe('Bonus points a volunteer may be given in a China month'),
};
const PointsRuleInput = z.strictObject(ruleShape);
const PointsRuleSchema = z
  .object({ ...ruleShape, version: z.number().int().describe('Raised on every save; kept on each posting') })
  .meta({ id: 'PointsRule' });
const PointsRuleSettingsSchema = PointsRuleSchema.extend({ defaults: PointsRuleSchema }).meta({ id: 'PointsRuleSettings' });

const PointsSchema = z
  .object({
    balance: z.string().describe('Points, two decimals'),
    stars: z.number().int(),
    totalHours: z.number(),
    total: z.number().int().describe('Movements on the statement in all'),
    statement: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        cause: z.enum(CAUSE_TYPES),
        activityTitle: z.string().nullable(),
        amount: z.string().describe('Signed as the volunteer sees it'),
        balanceAfter: z.string(),
      }),
    ),
  })
  .meta({ id: 'Points' });
const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const BonusCandidatesSchema = z
  .object({
    total: z.number().int(),
    capPerMonth: z.number().int().describe('Bonus points a volunteer may be given in a China month'),
    items: z.array(
      z.object({
        recordId: z.uuid(),
        volunteerName: z.string(),
        volunteerNo: z.string(),
        activityTitle: z.string(),
        serviceDate: z.string(),
        hours: z.string(),
        bonus: z.string().nullable().describe('The bonus this record got, or null'),
        capLeft: z.number().describe('What is left of the volunteer’s bonus cap this month'),
      }),
    ),
  })
  .meta({ id: 'BonusCandidates' });

const VerdictSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    head: z.string().optional(),
    sum: z.string().optional(),
    seq: z.number().int().nullable().optional(),
    problem: z.enum(PROBLEMS).optional(),
    recordId: z.string().optional().describe('A confirmed record without its points'),
    accountId: z.string().optional().describe('An account whose balance is not the sum of its movements'),
    redemptionId: z
      .string()
      .optional()
      .describe('A benefit redemption without its points movement (or its refund), or not at its offer’s price'),
    offerId: z
      .string()
      .optional()
      .describe('A benefit offer whose stock left plus its open and used codes is not the stock it was approved with'),
    holdId: z.string().optional().describe('A time-credit hold without its hold movement (or released without its release)'),
    currency: z.string().optional().describe('A currency whose balances do not sum to zero'),
    movedFrom: z.number().int().optional(),
  })
  .meta({ id: 'PointsVerdict' });

const CheckpointSchema = z
  .object({
    ledger: z.string(),
    seq: z.number().int(),
    head: z.string(),
    entries: z.number().int(),
    sum: z.string(),
    at: z.string(),
    signature: z.string(),
  })
  .meta({ id: 'PointsCheckpoint' });

const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

export const pointsRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'How hours become points (the city’s rule, over the defaults)',
        tags: ['points'],
        response: { 200: PointsRuleSettingsSchema, ...errors(401) },
      },
    },
    async (request) => service.readPointsRule(app.db, requireActor(request)),
  );
  app.put(
    '/',
    {
      config: { action: 'points.manageRules' },
      schema: {
        summary: 'Set the points rule (city office); holds for hours confirmed from now on',
        tags: ['points'],
        body: PointsRuleInput,
        response: { 200: PointsRuleSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.savePointsRule(app.db, ctx(request), request.body),
  );
};

export const pointsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      config: { action: 'points.read' },
      schema: {
        summary: 'My points: balance, stars and statement (newest first)',
        tags: ['points'],
        querystring: PageQuery,
        response: { 200: PointsSchema, ...errors(401, 404) },
      },
    },
    async (request) => service.myPoints(app.db, requireActor(request), request.query),
  );
  app.get(
    '/bonus-candidates',
    {
      config: { action: 'points.bonus' },
      schema: {
        summary:
          'An organization’s confirmed records of the last 90 days, newest first, with the bonus each got and its volunteer’s cap left',
        tags: ['points'],
        querystring: PageQuery.extend({ organizationId: z.uuid() }),
        response: { 200: BonusCandidatesSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { organizationId, ...page } = request.query;
      return bonusCandidates(app.db, requireActor(request), organizationId, page);
    },
  );
  app.post(
    '/bonus',
    {
      config: { action: 'points.bonus' },
      schema: {
        summary: 'Give bonus points for a confirmed record (the organization that ran it; once per record, within the monthly cap)',
        tags: ['points'],
        body: z.strictObject({ recordId: z.uuid(), organizationId: z.uuid(), points: z.number().int().min(1).max(10_000) }),
        response: { 200: z.object({ seq: z.number().int(), amount: z.string() }), ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) =>
      giveBonus(app.db, app.config.ledgerKey, ctx(request), request.body.recordId, request.body.points, request.body.organizationId),
  );
  app.post(
    '/verify',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'Verify the points ledger: the keyed chain, each movement against its cause, balances and zero sums',
        tags: ['points'],
        body: z.object({ checkpoint: z.unknown().optional().describe('A checkpoint saved from GET /api/points/checkpoint') }).optional(),
        response: { 200: VerdictSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const input = request.body?.checkpoint;
      const cp = input === undefined ? undefined : pointsCheckpoint(input, app.config);
      return checkPoints(app.db, app.config, ctx(request), cp);
    },
  );
  app.get(
    '/checkpoint',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'A signed checkpoint of the points ledger (verified first)',
        tags: ['points'],
        response: { 200: CheckpointSchema, ...errors(401, 404, 422) },
      },
    },
    async (request) => takePointsCheckpoint(app.db, app.config, ctx(request)),
  );
};

export const volunteerPointsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/points',
    {
      config: { action: 'points.read' },
      schema: {
        summary: 'A volunteer’s points (offices of their area, organizations they serve with)',
        tags: ['points'],
        params: z.object({ id: z.uuid() }),
        querystring: PageQuery,
        response: { 200: PointsSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.volunteerPoints(app.db, requireActor(request), request.params.id, request.query),
  );
};
