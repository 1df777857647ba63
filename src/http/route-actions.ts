import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import type { Action } from '../domain/auth/policy.ts';
import { translate } from '../platform/i18n/messages.ts';
import { newPolicyContext, type PolicyContext, runWithPolicyContext } from '../platform/policy-context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The policy actions this route checks (authorize, may, scopeFilter, a volunteer's self
     * actions): one, or every one it may check. Each API route declares its actions, or is
     * `public` and checks none. A check of an undeclared action fails the request in tests and
     * is logged as an error in production.
     */
    action?: Action | readonly Action[];
  }
  interface FastifyRequest {
    /** What the policy saw during this request (the checks made, the own record loaded). */
    policy: PolicyContext | null;
  }
  interface FastifyInstance {
    /** Every API route with the actions it declares, for the test that walks them. */
    routeDeclarations: RouteDeclaration[];
  }
}

export interface RouteDeclaration {
  /** "METHOD /path" */
  route: string;
  public: boolean;
  actions: Action[];
}

export const declaredActions = (config: FastifyContextConfig | undefined): Action[] =>
  config?.action === undefined ? [] : [config.action].flat();

/** The routes held to their declaration: the API, not its documentation pages. */
export const isApiRoute = (url: string) => url.startsWith('/api/') && url !== '/api/docs' && !url.startsWith('/api/docs/');

/**
 * Holds every request to its route's declared actions: each request gets its own policy context
 * (where authorize() and friends note what they check), and before the answer goes out the
 * checked actions must be among the declared ones. Install before any route and hook.
 */
export function installRouteActions(app: FastifyInstance) {
  app.decorate('routeDeclarations', [] as RouteDeclaration[]);
  app.decorateRequest('policy', null);
  app.addHook('onRoute', (route) => {
    if (!isApiRoute(route.url)) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const config = route.config as FastifyContextConfig | undefined;
      app.routeDeclarations.push({ route: `${method} ${route.url}`, public: !!config?.public, actions: declaredActions(config) });
    }
  });

  app.addHook('onRequest', (request, _reply, done) => {
    const context = newPolicyContext();
    request.policy = context;
    runWithPolicyContext(context, done);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const checked = request.policy?.checked;
    if (!checked?.size) return payload;
    const declared = declaredActions(request.routeOptions.config);
    const undeclared = [...checked].filter((action) => !declared.includes(action));
    if (undeclared.length === 0) return payload;
    const route = `${request.method} ${request.routeOptions.url}`;
    request.log.error({ route, undeclared, declared }, 'the route checked policy actions it does not declare (config.action)');
    if (!app.config.strictRouteActions) return payload;
    // The answer is replaced, whatever it was (a 404 from the check itself, a file): the test sees why.
    const details = { route, undeclaredActions: undeclared };
    const message = translate(request.locale, 'error.internal', { requestId: request.id });
    reply.code(500).type('application/json; charset=utf-8').removeHeader('content-disposition');
    return JSON.stringify({ error: { code: 'INTERNAL', message, details } });
  });
}
