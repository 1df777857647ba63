import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BENEFICIARY_KINDS } from '../../domain/requests/catalog.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { serviceGuardReport } from './service-guard.service.ts';
import { serviceGuardWorkbook } from './service-guard-export.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Person = {
  beneficiaryId: z.string(),
  name: z.string(),
  kind: z.enum(BENEFICIARY_KINDS),
  areaCode: z.string(),
  areaName: z.string(),
};

const GuardRule = z.object({ perDay: z.number().optional(), perWeek: z.number().optional(), mode: z.enum(['warn', 'block']) });

const ManyServicesSchema = z
  .object({
    ...Person,
    categoryCode: z.string(),
    categoryNameZh: z.string(),
    categoryNameEn: z.string(),
    guard: GuardRule.nullable().describe('The category’s rule today'),
    services: z.number().int().describe('Services of this category in the period'),
    maxPerDay: z.number().int().describe('On the busiest China day of the period'),
    maxPerWeek: z.number().int().describe('In the busiest ISO week touching the period (the whole week counts)'),
    lastOn: z.string().describe('China day of the latest service in the period'),
    exceeded: z.boolean().describe('The rule was exceeded on some day or week'),
  })
  .meta({ id: 'OverServiceRow' });

const NotServedSchema = z
  .object({
    ...Person,
    registeredOn: z.string(),
    lastServedOn: z.string().nullable().describe('null: never served'),
    openRequests: z.number().int().describe('Requests for the period not (yet) served: open or cancelled'),
  })
  .meta({ id: 'NotServedRow' });

const GuardEventSchema = z
  .object({
    at: z.iso.datetime(),
    kind: z.enum(['guard_warned', 'guard_overridden']),
    requestId: z.string(),
    requestNo: z.string(),
    categoryCode: z.string(),
    beneficiaryId: z.string(),
    name: z.string(),
    actorName: z.string().nullable(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('rule, count, limit, reason …'),
  })
  .meta({ id: 'GuardEvent' });

const ServiceGuardReportSchema = z
  .object({
    within: z.string(),
    period: z.object({ from: z.string(), until: z.string() }),
    manyServices: z.array(ManyServicesSchema).describe('Rule exceeded first, then most services; at most 500'),
    notServed: z.array(NotServedSchema).describe('Never served first; at most 500'),
    guardEvents: z.array(GuardEventSchema).describe('Newest first; at most 500'),
  })
  .meta({ id: 'ServiceGuardReport' });

const ReportQuery = z.strictObject({
  within: AreaCodeSchema.describe('A community, or any area above it'),
  from: z.iso.date().optional().describe('China date, included; default 29 days before `until`'),
  until: z.iso.date().optional().describe('China date, included; default today'),
  minServices: z.coerce.number().int().min(1).max(1000).optional().describe('List from this many services of one category (default 2)'),
});

export const serviceGuardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/export.xlsx',
    {
      config: { action: 'serviceGuard.report' },
      schema: {
        summary: 'The over-service report as XLSX: one sheet per table',
        tags: ['requests'],
        querystring: ReportQuery,
        produces: [XLSX],
        response: { 200: z.any().describe('XLSX workbook'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const report = await serviceGuardReport(app.db, requireActor(request), request.query);
      const body = await serviceGuardWorkbook(report, request.locale);
      const name = `service-guard-${report.within}-${report.period.from}-${report.period.until}.xlsx`;
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${name}"`).send(body);
    },
  );

  app.get(
    '/',
    {
      config: { action: 'serviceGuard.report' },
      schema: {
        summary: 'The over-service report of an area: beneficiaries served a lot, those not served, the guard’s warnings',
        tags: ['requests'],
        querystring: ReportQuery,
        response: { 200: ServiceGuardReportSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => serviceGuardReport(app.db, requireActor(request), request.query),
  );
};
