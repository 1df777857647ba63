import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery } from '../../platform/pagination.ts';
import {
  BeneficiaryCreateSchema,
  BeneficiaryDetailSchema,
  BeneficiaryPageSchema,
  BeneficiaryPiiSchema,
  BeneficiarySchema,
  BeneficiaryUpdateSchema,
} from './beneficiaries.schemas.ts';
import * as service from './beneficiaries.service.ts';

const IdParams = z.object({ id: z.uuid() });

/** The people served: registered on consent, found by phone or name, personal data sealed and masked. */
export const beneficiaryRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Find people served: by phone (their own or a family contact’s) or by name, within my reach',
        tags: ['beneficiaries'],
        querystring: z.strictObject({
          phone: z.string().trim().max(30).optional().describe('Mobile number; matches their own or a contact’s'),
          q: z.string().trim().max(50).optional().describe('Part of the name'),
          within: AreaCodeSchema.optional().describe('Only people in this area subtree'),
          ...PageQuery,
        }),
        response: { 200: BeneficiaryPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => service.searchBeneficiaries(app.db, app.config, requireActor(request), request.query),
  );

  app.get(
    '/me',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'My own beneficiary record (a resident)',
        tags: ['beneficiaries'],
        response: { 200: BeneficiarySchema, ...errors(401, 404) },
      },
    },
    async (request) => service.ownBeneficiary(app.db, requireActor(request)),
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One person served, masked, with their past requests (who served, rating)',
        tags: ['beneficiaries'],
        params: IdParams,
        response: { 200: BeneficiaryDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getBeneficiary(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/:id/pii',
    {
      config: { action: 'beneficiary.readPii' },
      schema: {
        summary: 'Unmasked phones, address and care notes (every read is audited)',
        tags: ['beneficiaries'],
        params: IdParams,
        response: { 200: BeneficiaryPiiSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.revealPii(app.db, app.config, ctx(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Register a person served, on their or a guardian’s consent',
        description:
          'At least one way to reach them (phone, contact phone or address), else 400 naming `phone`. A resident ' +
          'registering gets the record linked to their own account (one per account, 409 otherwise).',
        tags: ['beneficiaries'],
        body: BeneficiaryCreateSchema,
        response: { 201: BeneficiarySchema, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { consent: _, ...input } = request.body;
      return reply.status(201).send(await service.createBeneficiary(app.db, app.config, ctx(request), input));
    },
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change a person’s record (null or an empty string erases a personal field)',
        tags: ['beneficiaries'],
        params: IdParams,
        body: BeneficiaryUpdateSchema,
        response: { 200: BeneficiaryDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.updateBeneficiary(app.db, app.config, ctx(request), request.params.id, request.body),
  );
};
