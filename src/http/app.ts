import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import { activityRoutes } from '../modules/activities/activities.routes.ts';
import { areaRoutes } from '../modules/areas/areas.routes.ts';
import { installDeviceInboxDrain } from '../modules/attendance/attendance.devices.ts';
import { attendanceRoutes } from '../modules/attendance/attendance.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { calendarRoutes } from '../modules/calendar/calendar.routes.ts';
import { enrollmentRoutes } from '../modules/enrollment/enrollment.routes.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { duplicateRoutes } from '../modules/import/duplicates.routes.ts';
import { importRoutes } from '../modules/import/import.routes.ts';
import { installImportResumer } from '../modules/import/import-resumer.ts';
import { installKpiRefresh } from '../modules/kpi/kpi.job.ts';
import { kpiRoutes } from '../modules/kpi/kpi.routes.ts';
import { installNoticeWorker } from '../modules/notices/notice-worker.ts';
import { noticeRoutes } from '../modules/notices/notices.routes.ts';
import { organizationRoutes } from '../modules/organizations/organizations.routes.ts';
import { projectRoutes } from '../modules/projects/projects.routes.ts';
import { certificateRoutes } from '../modules/records/certificates.routes.ts';
import { ledgerRoutes } from '../modules/records/ledger.routes.ts';
import { recordRoutes } from '../modules/records/records.routes.ts';
import { reminderRoutes } from '../modules/records/reminders.routes.ts';
import { settingsRoutes } from '../modules/settings/settings.routes.ts';
import { skillRoutes } from '../modules/skills/skills.routes.ts';
import { stationRoutes } from '../modules/stations/stations.routes.ts';
import { trainingRoutes } from '../modules/training/training.routes.ts';
import { volunteerRoutes } from '../modules/volunteers/volunteers.routes.ts';
import { AppError } from '../platform/errors.ts';
import { errorHandler } from './error-handler.ts';
import { loggerOptions, logRequest } from './logging.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { serializerCompiler } from './serializer.ts';
import { installSessions } from './session.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: Database;
    config: Config;
    /** Every API route as "METHOD /path", for checks that the OpenAPI document is complete. */
    apiRoutes: string[];
  }
}

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface BuildAppOptions {
  database: Database;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from dist/web when it exists (default true). */
  serveWeb?: boolean;
}

const tileOrigin = (config: Config) =>
  config.mapTiles && /^https?:/.test(config.mapTiles.url) ? [new URL(config.mapTiles.url.replace(/[{}]/g, '')).origin] : [];

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(options.config.logLevel),
    // Always our own id: a caller's id must not be able to forge or collide audit correlation.
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // One line per request, written when it completes (see logging.ts), instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('database', options.database);
  app.decorate('db', options.database.db);
  app.decorate('config', options.config);
  app.decorate('apiRoutes', [] as string[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url === '/api/docs' || route.url.startsWith('/api/docs/') || route.schema?.hide) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.apiRoutes.push(`${method} ${route.url}`);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onResponse', async (request, reply) => logRequest(request, reply));

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design and Swagger UI inject their styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // A configured tile server's images are drawn under the KPI map.
        imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin(options.config)],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Volunet API — 志愿一张网',
        description:
          'Every route of Volunet. Sign in with POST /api/auth/sign-in; cookie-authenticated writes need the ' +
          '`x-csrf-token` header from GET /api/auth/me. Errors share one shape: `{ error: { code, message, details } }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vn_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installSessions(app);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(areaRoutes, { prefix: '/api/areas' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(skillRoutes, { prefix: '/api/skills' });
  await app.register(volunteerRoutes, { prefix: '/api/volunteers' });
  await app.register(organizationRoutes, { prefix: '/api/organizations' });
  await app.register(stationRoutes, { prefix: '/api/stations' });
  await app.register(importRoutes, { prefix: '/api/imports' });
  await app.register(duplicateRoutes, { prefix: '/api/duplicates' });
  await app.register(projectRoutes, { prefix: '/api/projects' });
  await app.register(activityRoutes, { prefix: '/api/activities' });
  await app.register(enrollmentRoutes, { prefix: '/api/enrollments' });
  await app.register(trainingRoutes, { prefix: '/api/training' });
  await app.register(calendarRoutes, { prefix: '/api/calendar' });
  await app.register(noticeRoutes, { prefix: '/api/notices' });
  await app.register(settingsRoutes, { prefix: '/api/settings' });
  await app.register(recordRoutes, { prefix: '/api/records' });
  await app.register(reminderRoutes, { prefix: '/api/records' });
  await app.register(certificateRoutes, { prefix: '/api' });
  await app.register(ledgerRoutes, { prefix: '/api/ledger' });
  await app.register(attendanceRoutes, { prefix: '/api/attendance' });
  await app.register(kpiRoutes, { prefix: '/api/kpi' });
  installImportResumer(app);
  installNoticeWorker(app);
  installDeviceInboxDrain(app);
  installKpiRefresh(app);

  const serveWeb = (options.serveWeb ?? true) && existsSync(path.join(webDistDir, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any non-API GET gets its shell.
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    throw new AppError('NOT_FOUND', 'error.notFound', { entity: 'entity.route' });
  });
  return app;
}
