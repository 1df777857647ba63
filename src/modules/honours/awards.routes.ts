import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as s from './awards.schemas.ts';
import * as rounds from './awards.service.ts';
import * as notice from './awards-notice.service.ts';

const IdParams = z.object({ id: z.uuid() });
const tags = ['awards'];

/** Annual awards (表彰评选): rounds, nominations, scores, the public notice, objections, the award. */
export const awardsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: Parameters<typeof requireActor>[0] & { id: string }) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/rounds',
    {
      config: { action: ['award.manage', 'award.nominate'] },
      schema: {
        summary: 'Award rounds the office runs (its area and below), and open rounds the actor may nominate in',
        tags,
        response: { 200: s.RoundListSchema, ...errors(401) },
      },
    },
    async (request) => rounds.listRounds(app.db, requireActor(request)),
  );

  app.post(
    '/rounds',
    {
      config: { action: 'award.manage' },
      schema: {
        summary: 'Open an award round for the office’s own area (city or district). Audited',
        tags,
        body: s.NewRoundSchema,
        response: { 201: s.RoundSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await rounds.openRound(app.db, ctx(request), request.body)),
  );

  app.get(
    '/rounds/:id',
    {
      config: { action: ['award.manage', 'award.nominate'] },
      schema: {
        summary:
          'A round: to its office every nominee with eligibility today, scores, ranking and objections; to a nominator its own nominations',
        tags,
        params: IdParams,
        response: { 200: s.RoundDetailSchema, ...errors(401, 404) },
      },
    },
    async (request) => rounds.roundDetail(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/rounds/:id/nominations',
    {
      config: { action: ['award.nominate', 'award.manage', 'sanction.read'] },
      schema: {
        summary: 'Nominate a volunteer (organization, project) with a reason; eligibility is checked at once. Audited',
        tags,
        params: IdParams,
        body: s.NominationSchema,
        response: { 201: z.object({ id: z.uuid() }), ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await rounds.nominate(app.db, ctx(request), request.params.id, request.body)),
  );

  app.put(
    '/nominees/:id/scores',
    {
      config: { action: 'award.review' },
      schema: {
        summary: 'Score an eligible nominee on each criterion (a reviewer of the round’s area); replaces the reviewer’s earlier scores',
        tags,
        params: IdParams,
        body: s.ScoresSchema,
        response: { 204: z.null(), ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      await rounds.scoreNominee(app.db, ctx(request), request.params.id, request.body.scores);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/rounds/:id/selection',
    {
      config: { action: 'award.manage' },
      schema: {
        summary: 'Select the nominees to award, up to the quota (replaces the selection). Audited',
        tags,
        params: IdParams,
        body: s.SelectionSchema,
        response: { 204: z.null(), ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      await rounds.selectNominees(app.db, ctx(request), request.params.id, request.body.nomineeIds);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/rounds/:id/publish',
    {
      config: { action: 'award.manage' },
      schema: {
        summary: 'Publish the selected list (公示) for five working days from today, by the city’s work calendar. Audited',
        tags,
        params: IdParams,
        response: { 200: z.object({ publishedOn: z.iso.date(), noticeEndsOn: z.iso.date() }), ...errors(401, 404, 422) },
      },
    },
    async (request) => notice.publishNotice(app.db, ctx(request), request.params.id),
  );

  app.post(
    '/objections/:id/resolve',
    {
      config: { action: 'award.manage' },
      schema: {
        summary: 'Resolve an objection: upheld takes the nominee off the list; dismissed keeps it. With a reason; audited',
        tags,
        params: IdParams,
        body: s.ResolutionSchema,
        response: {
          200: z.object({
            status: z.enum(['upheld', 'dismissed']),
            others: z.number().int().describe('Other open objections to the nominee closed with it'),
          }),
          ...errors(400, 401, 404, 409, 422),
        },
      },
    },
    async (request) => notice.resolveObjection(app.db, ctx(request), request.params.id, request.body),
  );

  app.post(
    '/rounds/:id/finalize',
    {
      config: { action: 'award.manage' },
      schema: {
        summary: 'After the notice, with no open objection: record each award (volunteers: on their record). Audited',
        tags,
        params: IdParams,
        response: { 200: z.object({ awarded: z.number().int(), finalizedOn: z.iso.date() }), ...errors(401, 404, 422) },
      },
    },
    async (request) => notice.finalizeRound(app.db, ctx(request), request.params.id),
  );

  app.get(
    '/me',
    {
      config: { action: 'award.readOwn' },
      schema: {
        summary: '我的荣誉: the volunteer’s stars and the awards on their record',
        tags,
        response: { 200: s.MyHonoursSchema, ...errors(401, 404) },
      },
    },
    async (request) => notice.myHonours(app.db, requireActor(request)),
  );

  app.get(
    '/notices',
    {
      config: { public: true },
      schema: {
        summary: 'Public notices now running (公示, no sign-in): names, organization and the award; never an ID or phone',
        tags,
        response: { 200: s.PublicNoticesSchema },
      },
    },
    async () => notice.publicNotices(app.db),
  );

  app.post(
    '/nominees/:id/objections',
    {
      config: { public: true, rateLimit: { max: app.config.signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        summary: 'Object to a nominee on a public notice (no sign-in), through the notice’s last day; the contact is sealed',
        tags,
        params: IdParams,
        body: s.ObjectionBodySchema,
        response: { 201: z.object({ id: z.uuid(), noticeEndsOn: z.iso.date() }), ...errors(400, 404, 422, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await notice.fileObjection(
            app.db,
            app.config.piiKeys,
            { actor: request.actor ?? null, requestId: request.id },
            request.params.id,
            request.body,
          ),
        ),
  );

  app.get(
    '/roll',
    {
      config: { public: true },
      schema: {
        summary: 'The honours roll (no sign-in): awarded volunteers, organizations and projects, by year',
        tags,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: s.HonoursRollSchema, ...errors(400) },
      },
    },
    async (request) => notice.honoursRoll(app.db, request.query.year),
  );
};
