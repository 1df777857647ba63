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
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import { MODULES } from '../modules/manifest.ts';
import { AppError } from '../platform/errors.ts';
import { Invalidations } from '../platform/invalidation.ts';
import { installWorkers } from '../platform/jobs.ts';
import { errorHandler } from './error-handler.ts';
import { installNulGuard } from './input-guard.ts';
import { loggerOptions, logRequest } from './logging.ts';
import { transform, transformObject } from './openapi.ts';
import { installRouteActions } from './route-actions.ts';
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
    /** Revocations applied here and sent to every other server on the database. */
    invalidations: Invalidations;
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
  app.decorate('invalidations', new Invalidations(options.database.db, app.log));
  await app.invalidations.listen(options.database);
  app.addHook('onClose', () => app.invalidations.close());
  // First: every later hook and route runs inside the request's policy context.
  installRouteActions(app);
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
      // Relative: the API is wherever this document was fetched from.
      servers: [{ url: '/', description: 'This server' }],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vn_session' } },
      },
      security: [{ session: [] }],
    },
    transform,
    transformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installSessions(app);
  installNulGuard(app);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  for (const module of MODULES) {
    for (const { prefix, plugin } of module.routes ?? []) await app.register(plugin, { prefix });
  }
  installWorkers(
    app,
    MODULES.flatMap((module) => module.workers ?? []),
  );
  for (const install of MODULES.flatMap((module) => module.background ?? [])) install(app);

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
