import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KPI_CATALOGUE, KPI_CODES, type KpiDefinition } from '../../domain/kpi/catalogue.ts';
import { MONTH_PATTERN } from '../../domain/kpi/window.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { todayInChina } from '../../platform/clock.ts';
import { translate } from '../../platform/i18n/messages.ts';
import * as service from './kpi.service.ts';
import { annualReportPdf, areaLabel, formatTarget, formatValue, kpiMap, tableWorkbook } from './kpi-export.ts';

const CodeParams = z.object({ code: AreaCodeSchema });
const Month = z.string().regex(MONTH_PATTERN).describe('YYYY-MM');
const Point = { lat: z.number(), lng: z.number() };
const definitionOf = (code: string) => KPI_CATALOGUE.find((d) => d.code === code) as KpiDefinition;

const MapSchema = z
  .object({
    radiusKm: z.number().describe('The straight-line distance walked in 20 minutes at the city’s speed and detour factor'),
    tiles: z
      .object({ url: z.string(), attribution: z.string() })
      .nullable()
      .describe('The city’s map tiles (XYZ template, Web Mercator) to draw under the map; null when none is configured'),
    stations: z
      .array(z.object({ id: z.string(), name: z.string(), ...Point, inArea: z.boolean() }))
      .describe('The area’s open stations, and those beyond its lines within walking time of one of its communities (inArea false)'),
    communities: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameEn: z.string().nullable(),
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        population: z.number(),
        covered: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'KpiMap' });

const download = (reply: FastifyReply, type: string, filename: string, body: Buffer) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename="${filename}"`).send(body);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The KPI page's map, its tables as XLSX and an area's annual report as PDF (issue 6); the same access as the figures. */
export const kpiExportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas/:code/map',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary:
          'Open stations and communities of an area with their coordinates, and which communities have a station within 20 minutes’ walk',
        tags: ['kpi'],
        params: CodeParams,
        response: {
          200: MapSchema,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      await service.readableArea(app.db, requireActor(request), request.params.code);
      return { ...(await kpiMap(app.db, request.params.code)), tiles: app.config.mapTiles ?? null };
    },
  );

  app.get(
    '/areas/:code/xlsx',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'One table of the KPI page as XLSX: the area’s KPIs, its sub-areas ranked by a KPI, or the monthly trend',
        tags: ['kpi'],
        params: CodeParams,
        querystring: z.strictObject({
          table: z.enum(['kpis', 'ranking', 'trend']),
          kpi: z.enum(KPI_CODES).default('hoursPerVolunteer').describe('For the ranking'),
          until: Month.optional(),
          months: z.coerce.number().int().min(1).max(60).default(12).describe('For the trend'),
        }),
        produces: [XLSX],
        response: { 200: z.any().describe('XLSX workbook'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { code } = request.params;
      const { table, kpi, until, months } = request.query;
      const locale = request.locale;
      let rows: (string | number)[][];
      if (table === 'kpis') {
        const r = await service.areaKpis(app.db, actor, code, until);
        rows = r.kpis.map((k) => {
          const d = definitionOf(k.code);
          const f = { ...k, unit: d.unit, target: d.target };
          return [
            translate(locale, `kpi.${k.code}`),
            formatValue(k.value, d.unit, locale),
            formatTarget(f, locale),
            translate(locale, `kpi.status.${k.status}`),
            k.numerator,
            k.denominator,
          ];
        });
      } else if (table === 'ranking') {
        const r = await service.childRanking(app.db, actor, code, kpi, until);
        rows = r.children.map((c, i) => [
          i + 1,
          c.area.code,
          areaLabel(c.area, locale),
          formatValue(c.value, r.definition.unit, locale),
          translate(locale, `kpi.status.${c.status}`),
          c.numerator,
          c.denominator,
        ]);
      } else {
        const r = await service.areaTrend(app.db, actor, code, months, until);
        rows = r.map((m) => [m.month, m.hours, m.active, m.registrations]);
      }
      const body = await tableWorkbook(table, `${code}-${table}`, rows, locale);
      return download(reply, XLSX, `kpi-${code}-${table}.xlsx`, body);
    },
  );

  app.get(
    '/areas/:code/report.pdf',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary:
          'The annual report of an area (PDF, in the reader’s language): each KPI for the calendar year against its target, and the sub-areas ranked',
        tags: ['kpi'],
        params: CodeParams,
        querystring: z.strictObject({
          year: z
            .string()
            .regex(/^\d{4}$/)
            .describe('The calendar year (January to December)'),
          kpi: z.enum(KPI_CODES).default('hoursPerVolunteer').describe('The KPI the sub-areas are ranked by'),
        }),
        produces: ['application/pdf'],
        response: { 200: z.any().describe('PDF'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { code } = request.params;
      const { year, kpi } = request.query;
      const until = `${year}-12`;
      const [r, ranking] = [
        await service.areaKpis(app.db, actor, code, until),
        await service.childRanking(app.db, actor, code, kpi, until),
      ];
      const body = await annualReportPdf({
        area: r.area,
        year,
        kpis: r.kpis.map((k) => {
          const d = definitionOf(k.code);
          return { ...k, name: translate(request.locale, `kpi.${k.code}`), unit: d.unit, target: d.target };
        }),
        rankingName: translate(request.locale, `kpi.${kpi}`),
        ranking: ranking.children.map((c) => ({ ...c, unit: ranking.definition.unit })),
        generatedOn: todayInChina(),
        locale: request.locale,
      });
      return download(reply, 'application/pdf', `kpi-report-${code}-${year}.pdf`, body);
    },
  );
};
