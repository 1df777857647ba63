import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/auth/roles.ts';
import * as q from '../modules/auth/auth.queries.ts';
import { hashToken, SESSION_COOKIE } from '../modules/auth/auth.service.ts';
import { AppError } from './errors.ts';
import { type Locale, localeFromHeader } from './messages.ts';

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
  account: q.AccountRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_AFTER_MS = 5 * 60 * 1000;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The actor of a request, or an UNAUTHENTICATED error. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

/** API routes need a signed-in actor unless marked public; the web app and docs are public. */
function needsSignIn(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (request.is404 || !url?.startsWith('/api/') || url.startsWith('/api/docs')) return false;
  return !request.routeOptions.config.public;
}

/**
 * Resolves the session cookie to an actor on every request, enforces CSRF on cookie-authenticated
 * writes (the token is bound to the session and sent back in `x-csrf-token`), and refuses
 * non-public routes to anonymous callers.
 */
export function installSessions(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRequest', async (request) => {
    request.locale = localeFromHeader(request.headers['accept-language']);
    const token = request.cookies[SESSION_COOKIE];
    const tokenHash = token ? hashToken(token) : undefined;
    const live = tokenHash ? await q.findLiveSession(app.db, tokenHash) : undefined;
    if (!live || !tokenHash) {
      if (needsSignIn(request)) requireActor(request);
      return;
    }
    request.session = { tokenHash, csrfToken: live.session.csrfToken, account: live.account };
    request.actor = {
      accountId: live.account.id,
      displayName: live.account.displayName,
      grants: await q.grantsOf(app.db, live.account.id),
    };
    request.locale = live.account.locale;
    if (Date.now() - live.session.lastSeenAt.getTime() > TOUCH_AFTER_MS) await q.touchSession(app.db, tokenHash);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, live.session.csrfToken)) {
        throw new AppError('FORBIDDEN', 'error.csrf');
      }
    }
  });
}
