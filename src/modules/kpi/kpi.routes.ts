import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AREA_LEVELS } from '../../domain/areas/area-code.ts';
import { KPI_CATALOGUE, KPI_CODES, type KpiDefinition, type KpiEvaluation } from '../../domain/kpi/catalogue.ts';
import { MONTH_PATTERN } from '../../domain/kpi/window.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import { authorize } from '../../platform/policy.ts';
import { refreshKpisNow } from './kpi.job.ts';
import { walkSettingsOf } from './kpi.registry.ts';
import * as service from './kpi.service.ts';
import { kpiDemandRoutes } from './kpi-demand.routes.ts';
import { kpiExportRoutes } from './kpi-export.routes.ts';

const Month = z.string().regex(MONTH_PATTERN).describe('YYYY-MM');
const Until = z.strictObject({
  until: Month.optional().describe('The last month of the 12-month window (default: this month, China time); 2025-12 is the year 2025'),
});
const CodeParams = z.object({ code: AreaCodeSchema });
const STATUSES = ['met', 'notMet', 'noTarget', 'noData'] as const;

const DefinitionFields = {
  code: z.enum(KPI_CODES),
  name: z.string().describe('In the user’s language'),
  unit: z.enum(['share', 'hours', 'm2Per10k']),
  direction: z.enum(['higher', 'lower']),
  target: z
    .object({ value: z.number(), comparator: z.enum(['atLeast', 'above']), source: z.string() })
    .nullable()
    .describe('null: shown for information'),
  reference: z.object({ value: z.number(), source: z.string() }).nullable().describe('A figure to compare with (Shenzhen’s)'),
  levels: z.array(z.enum(AREA_LEVELS)),
};
const DefinitionSchema = z.object(DefinitionFields).meta({ id: 'KpiDefinition' });

const FigureFields = {
  value: z.number().nullable().describe('numerator ÷ denominator (× 10 000 for floor area); null when the denominator is 0'),
  numerator: z.number(),
  denominator: z.number(),
  status: z.enum(STATUSES),
};
const KpiSchema = z.object({ ...DefinitionFields, ...FigureFields }).meta({ id: 'Kpi' });

const AreaSchema = z
  .object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.enum(AREA_LEVELS) })
  .meta({ id: 'KpiArea' });
const WindowSchema = z.object({ from: z.string(), until: z.string() }).describe('Months, both included');

const WalkSchema = z
  .strictObject({
    walkingSpeedKmh: z.number().min(1).max(10).describe('Default 4.5'),
    detourFactor: z.number().min(1).max(3).describe('Walking distance ÷ straight-line distance; default 1.3'),
  })
  .meta({ id: 'KpiWalkSettings' });

const AreaKpisSchema = z
  .object({
    area: AreaSchema,
    window: WindowSchema,
    asOf: z.object({
      ledgerSeq: z.number().int().describe('The last ledger entry in the figures'),
      refreshedAt: z.string().nullable(),
    }),
    kpis: z.array(KpiSchema),
  })
  .meta({ id: 'AreaKpis' });

const RankingSchema = z
  .object({
    window: WindowSchema,
    kpi: DefinitionSchema,
    children: z.array(z.object({ area: AreaSchema, ...FigureFields }).meta({ id: 'KpiAreaFigure' })),
  })
  .meta({ id: 'KpiRanking' });

const TrendSchema = z
  .object({
    months: z.array(
      z
        .object({ month: z.string(), hours: z.number(), active: z.number().int(), registrations: z.number().int() })
        .meta({ id: 'KpiTrendMonth' }),
    ),
  })
  .meta({ id: 'KpiTrend' });

const RegisteredTotalsSchema = z
  .object({
    entries: z.array(
      z
        .object({
          total: z.number().int(),
          reportedOn: z.string(),
          note: z.string(),
          enteredBy: z.string().nullable().describe('The account that entered it; null for figures loaded with the demo'),
          enteredAt: z.string(),
        })
        .meta({ id: 'RegisteredTotal' }),
    ),
  })
  .meta({ id: 'RegisteredTotals' });

const RegisteredTotalEntrySchema = z
  .strictObject({
    total: z.number().int().min(0).max(100_000_000),
    reportedOn: z.iso.date().describe('The date of the platforms’ reports'),
    note: z.string().trim().max(500).default('').describe('Which platforms’ reports the figure reconciles'),
  })
  .meta({ id: 'RegisteredTotalEntry' });

const RefreshSchema = z
  .object({
    entries: z.number().int(),
    volunteers: z.number().int(),
    registry: z.boolean(),
    caughtUp: z.boolean(),
    ledgerSeq: z.number().int(),
  })
  .meta({ id: 'KpiRefresh' });

const definitionOf = (d: KpiDefinition, locale: Locale) => ({
  code: d.code,
  name: translate(locale, `kpi.${d.code}`),
  unit: d.unit,
  direction: d.direction,
  target: d.target,
  reference: d.reference ?? null,
  levels: [...d.levels],
});

const kpiOf = (e: KpiEvaluation, locale: Locale) => ({
  ...definitionOf(KPI_CATALOGUE.find((d) => d.code === e.code) as KpiDefinition, locale),
  value: e.value,
  numerator: e.numerator,
  denominator: e.denominator,
  status: e.status,
});

/** The KPI dashboard's API (issue 6): an area's KPIs against their targets, its sub-areas ranked, monthly trends. */
export const kpiRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/catalogue',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'Every KPI with its target, the target’s source and the levels it is reported at',
        tags: ['kpi'],
        response: { 200: z.array(DefinitionSchema), ...errors(401) },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'settings.read', {}, 'entity.route');
      return KPI_CATALOGUE.map((d) => definitionOf(d, request.locale));
    },
  );

  app.get(
    '/areas/:code',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'An area’s KPIs for a 12-month window, each against its target (offices: their own area and below)',
        tags: ['kpi'],
        params: CodeParams,
        querystring: Until,
        response: {
          200: AreaKpisSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const r = await service.areaKpis(app.db, requireActor(request), request.params.code, request.query.until);
      return { area: r.area, window: r.window, asOf: r.asOf, kpis: r.kpis.map((k) => kpiOf(k, request.locale)) };
    },
  );

  app.get(
    '/areas/:code/children',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'The areas one level down ranked by one KPI, best first (no data last)',
        tags: ['kpi'],
        params: CodeParams,
        querystring: Until.extend({ kpi: z.enum(KPI_CODES) }),
        response: {
          200: RankingSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { kpi, until } = request.query;
      const r = await service.childRanking(app.db, requireActor(request), request.params.code, kpi, until);
      return {
        window: r.window,
        kpi: definitionOf(r.definition, request.locale),
        children: r.children.map((c) => ({
          area: c.area,
          value: c.value,
          numerator: c.numerator,
          denominator: c.denominator,
          status: c.status,
        })),
      };
    },
  );

  app.get(
    '/areas/:code/trend',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'Month by month: confirmed hours, active volunteers (12 months to that month) and new registrations',
        tags: ['kpi'],
        params: CodeParams,
        querystring: Until.extend({ months: z.coerce.number().int().min(1).max(60).default(12).describe('12 or 24, say') }),
        response: {
          200: TrendSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => ({
      months: await service.areaTrend(app.db, requireActor(request), request.params.code, request.query.months, request.query.until),
    }),
  );

  app.get(
    '/areas/:code/registered-total',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'The figures of all registered volunteers on every platform entered for the area, the one in force first',
        tags: ['kpi'],
        params: CodeParams,
        response: {
          200: RegisteredTotalsSchema,
          ...errors(401, 404),
        },
      },
    },
    async (request) => ({ entries: await service.registeredTotals(app.db, requireActor(request), request.params.code) }),
  );

  app.put(
    '/areas/:code/registered-total',
    {
      config: { action: ['kpi.read', 'kpi.enterTotals'] },
      schema: {
        summary: 'Enter all registered volunteers of the area on every platform, as reported (the office of the area)',
        tags: ['kpi'],
        params: CodeParams,
        body: RegisteredTotalEntrySchema,
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await service.enterRegisteredTotal(app.db, ctx(request), request.params.code, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/settings',
    {
      config: { action: 'settings.read' },
      schema: {
        summary: 'How walking time to a station is reckoned for the 20-minute coverage',
        tags: ['kpi'],
        response: { 200: WalkSchema, ...errors(401) },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'settings.read', {}, 'entity.route');
      const { walkingSpeedKmh, detourFactor } = await walkSettingsOf(app.db);
      return { walkingSpeedKmh, detourFactor };
    },
  );

  app.put(
    '/settings',
    {
      config: { action: 'settings.manage' },
      schema: {
        summary: 'Set the walking speed and detour factor (city admin)',
        tags: ['kpi'],
        body: WalkSchema,
        response: { 200: WalkSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { walkingSpeedKmh, detourFactor } = await service.updateWalkSettings(app.db, ctx(request), request.body);
      return { walkingSpeedKmh, detourFactor };
    },
  );

  app.post(
    '/refresh',
    {
      config: { action: 'kpi.refresh' },
      schema: {
        summary: 'Bring the KPI figures up to date now instead of within ten seconds (city admin, auditor)',
        tags: ['kpi'],
        response: {
          200: RefreshSchema,
          ...errors(401, 404),
        },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'kpi.refresh', {}, 'entity.route');
      return refreshKpisNow(app.db);
    },
  );

  await app.register(kpiExportRoutes);
  await app.register(kpiDemandRoutes);
};
