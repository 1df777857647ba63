import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as service from './ledger-checks.ts';

const CheckSchema = z
  .object({
    id: z.string(),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
    status: z.enum(['running', 'intact', 'broken', 'failed']),
    entries: z.number().int().describe('Entries checked so far; when finished, in all'),
    total: z.number().int().describe('Entries in the ledger when the check began'),
    head: z.string().nullable().describe('The hash of the last entry (intact)'),
    badSeq: z.number().int().nullable().describe('The first entry that was altered, removed or inserted (broken)'),
    problem: z.enum(['altered', 'removed', 'inserted']).nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'LedgerCheck' });

const shape = ({ startedBy: _, ...row }: service.LedgerCheck) => row;

/** The auditor's check of the hour ledger's hash chain, run in the background with its progress kept. */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/checks',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'Recompute the hour ledger’s hash chain (in the background); answers the running check if one is under way',
        tags: ['records'],
        response: { 202: CheckSchema, ...errors(401, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(shape(await service.startLedgerCheck(app.db, { actor: requireActor(request), requestId: request.id }, app.log))),
  );

  app.get(
    '/checks',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'The latest checks of the hour ledger',
        tags: ['records'],
        response: { 200: z.array(CheckSchema), ...errors(401, 404) },
      },
    },
    async (request) => (await service.recentLedgerChecks(app.db, requireActor(request))).map(shape),
  );

  app.get(
    '/checks/:id',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'One check of the hour ledger, with its progress',
        tags: ['records'],
        params: z.object({ id: z.uuid() }),
        response: { 200: CheckSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => shape(await service.ledgerCheck(app.db, requireActor(request), request.params.id)),
  );
};
