import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../../domain/enrollment/eligibility.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { saveSetting } from '../activities/activities.queries.ts';
import { limitsFor } from '../activities/activities.service.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { authorize } from '../auth/authorize.ts';

const hours = (max: number) => z.number().min(0.5).max(max);

const WorkloadSchema = z
  .object({
    dailyHours: hours(24).describe('Most hours one person may serve in a China day'),
    restHours: hours(24).describe('Least rest between shifts on different days'),
    weeklyHours: hours(168),
    minorDailyHours: hours(24),
    minorRestHours: hours(24),
    minorWeeklyHours: hours(168),
    overlapGraceMinutes: z.number().int().min(0).max(120).describe('Two shifts may overlap this much (a handover)'),
  })
  .meta({ id: 'WorkloadLimits' });

/** Settings the city configures; each change is audited. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/workload',
    {
      schema: {
        summary: 'Working-time limits for accepting volunteers (the city’s, over the defaults)',
        tags: ['settings'],
        response: { 200: WorkloadSchema.extend({ defaults: WorkloadSchema }), ...errors(401) },
      },
    },
    async (request) => {
      requireActor(request);
      return { ...(await limitsFor(app.db, null)), defaults: DEFAULT_LIMITS };
    },
  );

  app.put(
    '/workload',
    {
      schema: {
        summary: 'Set the city’s working-time limits (city admin)',
        tags: ['settings'],
        body: WorkloadSchema.strict()
          .refine((v) => v.minorDailyHours <= v.dailyHours, { path: ['minorDailyHours'], params: { i18n: 'settings.minorsStricter' } })
          .refine((v) => v.minorWeeklyHours <= v.weeklyHours, { path: ['minorWeeklyHours'], params: { i18n: 'settings.minorsStricter' } })
          .refine((v) => v.minorRestHours >= v.restHours, { path: ['minorRestHours'], params: { i18n: 'settings.minorsStricter' } }),
        response: { 200: WorkloadSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'settings.manage', {}, 'entity.route');
      await app.db.transaction(async (tx) => {
        await saveSetting(tx, 'workload', request.body, actor.accountId);
        await recordAudit(
          tx,
          { actor, requestId: request.id },
          { action: 'settings.workload', entityType: 'settings', entityId: 'workload', summary: request.body },
        );
      });
      return limitsFor(app.db, null);
    },
  );
};
