import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RELATION_STATUSES, RELATIONS } from '../../domain/time-bank/family.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { balanceSheetOf } from './balance-sheet.service.ts';
import { donateCredits, grantFromPool, poolsInScope, transferCredits } from './credits.service.ts';
import { decideRelation, endRelation, myRelations, recordRelation, relationsToReview, revokeRelation } from './family.service.ts';

export const FamilyRelationSchema = z
  .object({
    id: z.uuid(),
    volunteerId: z.uuid(),
    volunteerName: z.string().describe('Masked for the office'),
    volunteerNo: z.string(),
    relativeId: z.uuid().describe('The relative’s registry record: the account credits go to'),
    relation: z.enum(RELATIONS),
    relativeName: z.string().describe('Masked for the office'),
    idNumberMasked: z.string().describe('The relative’s ID number, masked (sealed at rest)'),
    relativeAge: z.number().int().describe('Today, China day, from the ID number’s birth date (never shown itself)'),
    areaCode: z.string(),
    status: z.enum(RELATION_STATUSES),
    remark: z.string().nullable().describe('What the office checked, or why it refused'),
    decidedAt: z.string().nullable(),
    endReason: z.string().nullable().describe('Why the volunteer ended it or the office revoked it'),
    endedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'FamilyRelation' });
const FamilyRelationCreateSchema = z
  .strictObject({
    relation: z.enum(RELATIONS),
    name: z.string().min(1).max(50).describe('As registered'),
    idNumber: z.string().min(15).max(20).describe('Resident ID number (GB 11643); the birth date is read from it'),
  })
  .meta({ id: 'FamilyRelationCreate' });
const FamilyReviewPageSchema = z.object({ total: z.number().int(), items: z.array(FamilyRelationSchema) }).meta({ id: 'FamilyReviewPage' });
const FamilyDecisionSchema = z
  .strictObject({ confirm: z.boolean(), remark: z.string().max(500).describe('Documents checked (户口簿, 结婚证 …) or why refused') })
  .meta({ id: 'FamilyDecision' });
const FamilyEndSchema = z.strictObject({ reason: z.string().max(500).optional() }).meta({ id: 'FamilyEnd' });
const FamilyRevokeSchema = z
  .strictObject({ reason: z.string().max(500).describe('Why the office revokes it (离婚, 材料不实 …)') })
  .meta({ id: 'FamilyRevoke' });
const amount = z.number().describe('Credits, above 0, two decimals at most');
/** Built once for every app this process builds: a schema is registered by its name, one object per name. */
const DonationCreateSchema = z.strictObject({ amount }).meta({ id: 'TimeCreditDonationCreate' });
const TransferCreateSchema = z
  .strictObject({ toVolunteerId: z.uuid().describe('The relative’s registry record (FamilyRelation.relativeId)'), amount })
  .meta({ id: 'TimeCreditTransferCreate' });
const TransferSchema = z
  .object({ id: z.uuid(), seq: z.number().int(), amount: z.string(), relation: z.enum(RELATIONS), relativeAge: z.number().int() })
  .meta({ id: 'TimeCreditTransfer' });
const DonationSchema = z
  .object({ id: z.uuid(), seq: z.number().int(), amount: z.string(), poolAreaCode: z.string() })
  .meta({ id: 'TimeCreditDonation' });
const GrantCreateSchema = z
  .strictObject({ volunteerNo: z.string().min(1).max(40), amount, reason: z.string().max(500) })
  .meta({ id: 'PoolGrantCreate' });
const GrantSchema = z.object({ id: z.uuid(), seq: z.number().int(), amount: z.string() }).meta({ id: 'PoolGrant' });
const PoolSchema = z
  .object({
    areaCode: z.string(),
    name: z.string(),
    balance: z.string(),
    donated: z.string(),
    granted: z.string(),
    grants: z.array(
      z.object({
        id: z.uuid(),
        volunteerName: z.string(),
        volunteerNo: z.string(),
        amount: z.string(),
        reason: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'TimeCreditPool' });
const figures = {
  deposited: z.string().describe('From confirmed hours, net of corrections'),
  transferredIn: z.string(),
  transferredOut: z.string(),
  donated: z.string().describe('Given by its people to pools'),
  granted: z.string().describe('Received by its people from pools'),
  spent: z.string().describe('Paid for services'),
  inPools: z.string().describe('Held by its community pools'),
  outstanding: z.string().describe('Held by its people and pools: what the bank owes in service'),
  hours: z.string().describe('Confirmed hours served in eligible categories by its volunteers'),
};
const BalanceSheetSchema = z
  .object({
    areaCode: z.string(),
    areaName: z.string(),
    creditsPerHour: z.string(),
    total: z.object(figures),
    rows: z.array(z.object({ areaCode: z.string(), areaName: z.string(), ...figures })),
  })
  .meta({ id: 'TimeBankBalanceSheet' });

const IdParams = z.object({ id: z.uuid() });
const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
};

/** Family, transfers, the community pools and the balance sheet (issue 19, docs/incentives.md "Time bank"). */
export const timeBankFamilyRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });
  app.get(
    '/family',
    {
      config: { action: 'timeBank.family' },
      schema: {
        summary: 'My recorded relatives and their review',
        tags: ['time-bank'],
        response: { 200: z.array(FamilyRelationSchema), ...errors(401, 422) },
      },
    },
    async (request) => myRelations(app.db, requireActor(request)),
  );
  app.post(
    '/family',
    {
      config: { action: 'timeBank.family' },
      schema: {
        summary: 'Record a relative (a registry person, by resident ID number and name); an office of my area confirms it',
        tags: ['time-bank'],
        body: FamilyRelationCreateSchema,
        response: { 201: FamilyRelationSchema, ...errors(400, 401, 409, 422, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordRelation(app.db, app.config, ctx(request), request.body)),
  );
  app.get(
    '/family-reviews',
    {
      config: { action: 'timeBank.reviewFamily' },
      schema: {
        summary: 'Relationships recorded by volunteers of my area, by status, oldest first',
        tags: ['time-bank'],
        querystring: z.object({ status: z.enum(RELATION_STATUSES).default('pending'), ...PageQuery }),
        response: { 200: FamilyReviewPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => relationsToReview(app.db, requireActor(request), request.query),
  );
  app.post(
    '/family/:id/decision',
    {
      config: { action: 'timeBank.reviewFamily' },
      schema: {
        summary: 'Confirm or refuse a pending relationship, noting the documents checked',
        tags: ['time-bank'],
        params: IdParams,
        body: FamilyDecisionSchema,
        response: { 200: FamilyRelationSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => decideRelation(app.db, ctx(request), request.params.id, request.body),
  );
  app.post(
    '/family/:id/end',
    {
      config: { action: 'timeBank.family' },
      schema: {
        summary: 'End one of my relationships (pending or confirmed); kept as ended, no transfer along it after',
        tags: ['time-bank'],
        params: IdParams,
        body: FamilyEndSchema,
        response: { 200: FamilyRelationSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => endRelation(app.db, app.config.ledgerKey, ctx(request), request.params.id, request.body),
  );
  app.post(
    '/family/:id/revoke',
    {
      config: { action: 'timeBank.reviewFamily' },
      schema: {
        summary: 'Revoke a confirmed relationship of my area, with the reason',
        tags: ['time-bank'],
        params: IdParams,
        body: FamilyRevokeSchema,
        response: { 200: FamilyRelationSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => revokeRelation(app.db, app.config.ledgerKey, ctx(request), request.params.id, request.body),
  );
  app.post(
    '/transfers',
    {
      config: { action: 'timeBank.transfer' },
      schema: {
        summary: 'Give credits to a confirmed spouse or relative aged 60+ (Nanjing)',
        tags: ['time-bank'],
        body: TransferCreateSchema,
        response: { 201: TransferSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await transferCredits(app.db, app.config.ledgerKey, ctx(request), request.body)),
  );
  app.post(
    '/donations',
    {
      config: { action: 'timeBank.transfer' },
      schema: {
        summary: 'Donate credits to my community’s pool',
        tags: ['time-bank'],
        body: DonationCreateSchema,
        response: { 201: DonationSchema, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await donateCredits(app.db, app.config.ledgerKey, ctx(request), request.body)),
  );
  app.get(
    '/pools',
    {
      config: { action: 'timeBank.balanceSheet' },
      schema: {
        summary: 'The community pools of my area: balance, donated, granted, latest grants',
        tags: ['time-bank'],
        response: { 200: z.array(PoolSchema), ...errors(401) },
      },
    },
    async (request) => poolsInScope(app.db, requireActor(request)),
  );
  app.post(
    '/pools/:areaCode/grants',
    {
      config: { action: 'timeBank.grant' },
      schema: {
        summary: 'Grant credits from the community’s pool to a person in need of the community, with the reason',
        tags: ['time-bank'],
        params: z.object({ areaCode: z.string().regex(/^\d{12}$/) }),
        body: GrantCreateSchema,
        response: { 201: GrantSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await grantFromPool(app.db, app.config.ledgerKey, ctx(request), request.params.areaCode, request.body)),
  );
  app.get(
    '/balance-sheet',
    {
      config: { action: 'timeBank.balanceSheet' },
      schema: {
        summary: 'Credits deposited, moved, spent and outstanding per area a level below, against eligible hours served',
        tags: ['time-bank'],
        querystring: z.object({
          areaCode: z
            .string()
            .regex(/^\d{4}(\d{2}(\d{3}(\d{3})?)?)?$/)
            .optional(),
        }),
        response: { 200: BalanceSheetSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => balanceSheetOf(app.db, requireActor(request), request.query),
  );
};
