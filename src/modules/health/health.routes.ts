import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from './health.queries.ts';

const HealthSchema = z
  .object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), latencyMs: z.number() })
  .meta({ id: 'Health' });

const UnavailableSchema = z
  .object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgres']) })
  .meta({ id: 'HealthUnavailable' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database check',
        security: [],
        tags: ['system'],
        response: {
          200: HealthSchema,
          503: UnavailableSchema,
        },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      try {
        await pingDatabase(app.db);
      } catch (err) {
        request.log.error({ err }, 'database check failed');
        return reply.status(503).send({ status: 'unavailable' as const, database: app.database.kind });
      }
      return { status: 'ok' as const, database: app.database.kind, latencyMs: performance.now() - started };
    },
  );
};
