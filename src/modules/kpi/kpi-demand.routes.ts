import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AREA_LEVELS } from '../../domain/areas/area-code.ts';
import { DEMAND_KPI_CODES } from '../../domain/kpi/demand.ts';
import { MONTH_PATTERN } from '../../domain/kpi/window.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { translate } from '../../platform/i18n/messages.ts';
import { areaDemandKpis } from './kpi-demand.ts';

const DemandKpiSchema = z
  .object({
    code: z.enum(DEMAND_KPI_CODES),
    name: z.string().describe('In the user’s language'),
    unit: z.enum(['share', 'minutes', 'perPerson', 'stars']),
    direction: z.enum(['higher', 'lower']),
    value: z.number().nullable().describe('null when there is nothing to count'),
    numerator: z.number().describe('For the median: the median itself'),
    denominator: z.number().describe('For the median: the requests it is taken over'),
  })
  .meta({ id: 'DemandKpi' });

const AreaDemandKpisSchema = z
  .object({
    area: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.enum(AREA_LEVELS) }),
    window: z.object({ from: z.string(), until: z.string() }).describe('Months, both included'),
    kpis: z.array(DemandKpiSchema),
  })
  .meta({ id: 'AreaDemandKpis' });

/** The demand side's KPIs beside the others: requests answered in time, fill rate, time to assign, services, ratings. */
export const kpiDemandRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas/:code/demand',
    {
      config: { action: 'kpi.read' },
      schema: {
        summary: 'An area’s demand-side KPIs for a 12-month window (requests answered in time, fill rate, median time to assign…)',
        tags: ['kpi'],
        params: z.object({ code: AreaCodeSchema }),
        querystring: z.strictObject({ until: z.string().regex(MONTH_PATTERN).optional().describe('YYYY-MM; default this month') }),
        response: { 200: AreaDemandKpisSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const r = await areaDemandKpis(app.db, requireActor(request), request.params.code, request.query.until);
      return {
        area: r.area,
        window: r.window,
        kpis: r.kpis.map((k) => ({ ...k, name: translate(request.locale, `kpi.demand.${k.code}`) })),
      };
    },
  );
};
