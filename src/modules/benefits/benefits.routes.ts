import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OFFER_STATUSES } from '../../domain/benefits/offers.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as s from './benefits.schemas.ts';
import * as offers from './benefits.service.ts';
import * as redemption from './redemption.service.ts';
import { monthlyStatement, partnerStatement, statementWorkbook } from './statement.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Id = z.object({ id: z.uuid() });
const tags = ['benefits'];

/** The volunteer's side: benefits near me, redeem, my codes, cancel. */
export const benefitsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: { id: string }, actor: ReturnType<typeof requireActor>) => ({ actor, requestId: request.id });
  app.get(
    '/offers',
    {
      config: { action: 'benefit.redeem' },
      schema: {
        summary: 'Benefits near me: approved offers in their window I may belong to, nearest area first, with why I may not take one',
        tags,
        response: { 200: s.NearMeSchema, ...errors(401, 422) },
      },
    },
    async (request) => redemption.benefitsNearMe(app.db, requireActor(request), request.locale),
  );
  app.post(
    '/offers/:id/redeem',
    {
      config: { action: 'benefit.redeem' },
      schema: {
        summary: 'Redeem: stock taken, points paid, a one-time code issued — all in one transaction',
        tags,
        params: Id,
        response: { 201: s.RedeemedSchema, ...errors(401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return redemption.redeem(app.db, app.config, ctx(request, requireActor(request)), request.params.id);
    },
  );
  app.get(
    '/redemptions/me',
    {
      config: { action: 'benefit.redeem' },
      schema: {
        summary: 'My codes, open ones first (an open code’s digits included)',
        tags,
        response: { 200: z.array(s.MyRedemptionSchema), ...errors(401, 422) },
      },
    },
    async (request) => redemption.myRedemptions(app.db, app.config, requireActor(request)),
  );
  app.post(
    '/redemptions/:id/cancel',
    {
      config: { action: 'benefit.redeem' },
      schema: {
        summary: 'Cancel an unused code of mine: stock and points come back (once; cancelling again changes nothing)',
        tags,
        params: Id,
        response: { 200: z.object({ id: z.uuid(), status: z.string() }), ...errors(401, 404, 422) },
      },
    },
    async (request) => redemption.cancelMine(app.db, app.config, ctx(request, requireActor(request)), request.params.id),
  );

  // — The partner's side: its offers, the codes it scans, its statement.
  app.get(
    '/partner/offers',
    {
      config: { action: 'benefit.manageOffers' },
      schema: { summary: 'My partner’s offers', tags, response: { 200: s.MyOffersSchema, ...errors(401, 404) } },
    },
    async (request) => offers.myOffers(app.db, requireActor(request)),
  );
  app.post(
    '/partner/offers',
    {
      config: { action: 'benefit.manageOffers' },
      schema: {
        summary: 'Draft an offer (shown once the office of the partner’s area approves it)',
        tags,
        body: s.OfferBody,
        response: { 201: s.OfferSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return offers.createOffer(app.db, ctx(request, requireActor(request)), request.body);
    },
  );
  app.put(
    '/partner/offers/:id',
    {
      config: { action: 'benefit.manageOffers' },
      schema: {
        summary: 'Change a draft or rejected offer',
        tags,
        params: Id,
        body: s.OfferBody,
        response: { 200: s.OfferSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => offers.updateOffer(app.db, ctx(request, requireActor(request)), request.params.id, request.body),
  );
  for (const [path, to] of [
    ['submit', 'submitted'],
    ['withdraw', 'withdrawn'],
  ] as const)
    app.post(
      `/partner/offers/:id/${path}`,
      {
        config: { action: 'benefit.manageOffers' },
        schema: { summary: `Move my offer to “${to}”`, tags, params: Id, response: { 200: s.OfferSchema, ...errors(401, 404, 409, 422) } },
      },
      async (request) => offers.moveMyOffer(app.db, ctx(request, requireActor(request)), request.params.id, to),
    );
  app.post(
    '/partner/codes/check',
    {
      config: { action: 'benefit.scan' },
      schema: {
        summary: 'Look up a code of one of my offers (another partner’s code is not found)',
        tags,
        body: s.CodeBody,
        response: { 200: s.CodeCheckSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => redemption.lookUpCode(app.db, app.config, requireActor(request), request.body.code),
  );
  app.post(
    '/partner/codes/use',
    {
      config: { action: 'benefit.scan' },
      schema: {
        summary: 'Use a code: once; a used, expired or cancelled code is refused with its rule',
        tags,
        body: s.CodeBody,
        response: { 200: s.CodeCheckSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => redemption.spendCode(app.db, app.config, ctx(request, requireActor(request)), request.body.code),
  );
  app.post(
    '/partner/offers/:id/check-volunteer',
    {
      config: { action: 'benefit.scan' },
      schema: {
        summary: 'A star-based advantage: is this volunteer (by volunteer number) eligible, and if not why (no code, no points)',
        tags,
        params: Id,
        body: z.strictObject({ volunteerNo: z.string().min(1).max(40) }),
        response: { 200: s.AdvantageCheckSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) =>
      redemption.checkAdvantage(app.db, requireActor(request), request.params.id, request.body.volunteerNo, request.locale),
  );
  statementRoutes(
    app,
    '/partner/statement',
    'benefit.manageOffers',
    'Monthly statement: per offer, codes issued / used / expired / cancelled and points, per China month',
    z.object({}),
    (request) => monthlyStatement(app.db, requireActor(request), request.query.month),
  );
};

/** The office's side: partners of its area and the offers to review. */
export const benefitsOfficeRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: { id: string }) => ({ actor: requireActor(request as never), requestId: request.id });
  app.get(
    '/partners',
    {
      config: { action: 'benefit.managePartners' },
      schema: { summary: 'Benefit partners of my area', tags, response: { 200: z.array(s.PartnerSchema), ...errors(401) } },
    },
    async (request) => offers.listPartners(app.db, requireActor(request)),
  );
  app.post(
    '/partners',
    {
      config: { action: 'benefit.managePartners' },
      schema: {
        summary: 'Register a benefit partner in my area',
        tags,
        body: s.PartnerBody,
        response: { 201: s.PartnerSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return offers.createPartner(app.db, ctx(request), request.body);
    },
  );
  app.post(
    '/partners/:id/members',
    {
      config: { action: 'benefit.managePartners' },
      schema: {
        summary: 'Link a partner account (by its login) to act for this partner',
        tags,
        params: Id,
        body: z.strictObject({ login: z.string().min(1).max(100) }),
        response: { 200: z.object({ partnerId: z.uuid(), accountId: z.uuid(), displayName: z.string() }), ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => offers.linkPartnerAccount(app.db, ctx(request), request.params.id, request.body.login),
  );
  app.delete(
    '/partners/:id/members/:accountId',
    {
      config: { action: 'benefit.managePartners' },
      schema: {
        summary: 'Unlink an account from this partner (it then acts for no partner)',
        tags,
        params: z.strictObject({ id: z.uuid(), accountId: z.uuid() }),
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await offers.unlinkPartnerAccount(app.db, ctx(request), request.params.id, request.params.accountId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/offers',
    {
      config: { action: 'benefit.review' },
      schema: {
        summary: 'Offers of my area (not drafts), those waiting for a decision first',
        tags,
        querystring: z.object({ status: z.enum(OFFER_STATUSES).optional() }),
        response: { 200: z.array(s.OfferViewSchema), ...errors(401) },
      },
    },
    async (request) => offers.offersToReview(app.db, requireActor(request), request.query.status ?? null),
  );
  app.post(
    '/offers/:id/decision',
    {
      config: { action: 'benefit.review' },
      schema: {
        summary: 'Approve or reject a submitted offer (a rejection says why)',
        tags,
        params: Id,
        body: z.strictObject({ approve: z.boolean(), note: z.string().max(500).optional() }),
        response: { 200: s.OfferSchema, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => offers.decideOffer(app.db, ctx(request), request.params.id, request.body),
  );
  statementRoutes(
    app,
    '/partners/:id/statement',
    'benefit.partnerStatement',
    'A partner’s monthly statement, read by the office of its area',
    Id,
    (request) => partnerStatement(app.db, requireActor(request), (request.params as { id: string }).id, request.query.month),
  );
};

type StatementRequest = FastifyRequest & { query: z.infer<typeof s.MonthQuery>; params: unknown };

/** A monthly statement as JSON and as XLSX, at `path` and `path`.xlsx. */
function statementRoutes(
  app: Parameters<FastifyPluginAsyncZod>[0],
  path: string,
  action: 'benefit.manageOffers' | 'benefit.partnerStatement',
  summary: string,
  params: z.ZodObject,
  read: (request: StatementRequest) => ReturnType<typeof monthlyStatement>,
) {
  app.get(
    path,
    {
      config: { action },
      schema: { summary, tags, params, querystring: s.MonthQuery, response: { 200: s.StatementSchema, ...errors(400, 401, 404) } },
    },
    async (request) => read(request as StatementRequest),
  );
  app.get(
    `${path}.xlsx`,
    {
      config: { action },
      schema: {
        summary: `${summary} (XLSX)`,
        tags,
        params,
        querystring: s.MonthQuery,
        produces: [XLSX],
        response: { 200: z.any().describe('XLSX workbook'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const statement = await read(request as StatementRequest);
      const body = await statementWorkbook(statement, request.locale);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="benefits-${statement.month}.xlsx"`)
        .send(body);
    },
  );
}
