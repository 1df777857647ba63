import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEMS } from '../../domain/ledger/keyed-chain.ts';
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
    head: z.string().nullable().describe('The link (HMAC) of the last entry (intact)'),
    badSeq: z.number().int().nullable().describe('The first entry that does not verify or reconcile (broken)'),
    badRecord: z.string().nullable().describe('A confirmed service record without its entries (broken, unreconciled)'),
    problem: z.enum(PROBLEMS).nullable(),
    checkpointSeq: z.number().int().nullable().describe('The entry of the saved checkpoint the check was held against'),
    error: z.string().nullable(),
  })
  .meta({ id: 'LedgerCheck' });

const CheckpointSchema = z
  .object({
    ledger: z.string().describe('Which ledger: hours'),
    seq: z.number().int(),
    head: z.string().describe('The link (HMAC) of entry `seq`'),
    entries: z.number().int(),
    sum: z.string().describe('The sum of the entries’ amounts up to `seq` (hours, two decimals)'),
    at: z.string(),
    signature: z.string().describe('Ed25519 over the fields, with the key published at /api/verify-key'),
  })
  .meta({ id: 'LedgerCheckpoint' });

const shape = ({ startedBy: _, ...row }: service.LedgerCheck) => row;

/** The auditor's check of the hour ledger's keyed chain, run in the background with its progress kept, and its signed checkpoints. */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const start = (request: FastifyRequest, checkpoint?: unknown) =>
    service.startLedgerCheck(app.db, app.config, { actor: requireActor(request), requestId: request.id }, checkpoint, app.log);

  app.post(
    '/checks',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'Verify the hour ledger (in the background); answers the running check if one is under way',
        tags: ['records'],
        response: { 202: CheckSchema, ...errors(401, 404) },
      },
    },
    async (request, reply) => reply.status(202).send(shape(await start(request))),
  );

  app.post(
    '/checks/against-checkpoint',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'Verify the hour ledger (in the background) against a checkpoint saved outside the database',
        tags: ['records'],
        body: z.object({
          checkpoint: z.unknown().describe('A checkpoint saved from GET /api/ledger/checkpoint or `volunet ledger anchor`'),
        }),
        response: { 202: CheckSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(202).send(shape(await start(request, request.body.checkpoint ?? null))),
  );

  app.get(
    '/checkpoint',
    {
      config: { action: 'ledger.verify' },
      schema: {
        summary: 'A signed checkpoint of the hour ledger as it stands (verified first), to keep outside the database',
        tags: ['records'],
        response: { 200: CheckpointSchema, ...errors(401, 404, 422) },
      },
    },
    async (request) => service.takeLedgerCheckpoint(app.db, app.config, { actor: requireActor(request), requestId: request.id }),
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
