import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../domain/auth/roles.ts';
import {
  type AccountRow,
  type CachedSession,
  findLiveSession,
  hashToken,
  SESSION_COOKIE,
  SessionCache,
  touchSession,
} from '../modules/auth/index.ts';
import { AppError } from '../platform/errors.ts';
import { type Locale, localeFromHeader } from '../platform/i18n/messages.ts';

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
  account: AccountRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    locale: Locale;
  }
  interface FastifyInstance {
    sessionCache: SessionCache;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
  }
}

/** The header the web app sends with the language its screen is in. */
export const UI_LANGUAGE_HEADER = 'x-volunet-language';
const chosenLocale = (header: string | string[] | undefined): Locale | undefined =>
  header === 'zh-CN' || header === 'en-US' ? header : undefined;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_AFTER_MS = 5 * 60 * 1000;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who reads public reference data (the area tree) without signing in: whatever a resident may
 * read, and nothing of anyone's own, since no record belongs to this account.
 */
export const PUBLIC_READER: Actor = { accountId: 'public', displayName: 'public', grants: [{ role: 'resident' }] };

/** The actor of a request, or an UNAUTHENTICATED error. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

async function liveSession(app: FastifyInstance, tokenHash: string): Promise<CachedSession | undefined> {
  const cached = app.sessionCache.get(tokenHash);
  if (cached) return cached;
  const row = await findLiveSession(app.db, tokenHash);
  if (!row) return undefined;
  const entry: CachedSession = {
    tokenHash,
    csrfToken: row.session.csrfToken,
    lastSeenAt: row.session.lastSeenAt.getTime(),
    expiresAt: row.session.expiresAt.getTime(),
    account: row.account,
    grants: row.grants.map((g) => ({ ...g, role: g.role as Role })),
  };
  app.sessionCache.set(entry);
  return entry;
}

/** API routes need a signed-in actor unless marked public; the web app and docs are public. */
function needsSignIn(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (request.is404 || !url?.startsWith('/api/') || url === '/api/docs' || url.startsWith('/api/docs/')) return false;
  return !request.routeOptions.config.public;
}

/**
 * Resolves the session cookie to an actor on every request, enforces CSRF on cookie-authenticated
 * writes (the token is bound to the session and sent back in `x-csrf-token`), and refuses
 * non-public routes to anonymous callers.
 */
export function installSessions(app: FastifyInstance) {
  app.decorate('sessionCache', new SessionCache(app.config.sessionCacheSeconds * 1000, undefined, app.invalidations));
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRequest', async (request) => {
    request.locale = localeFromHeader(request.headers['accept-language']);
    const token = request.cookies[SESSION_COOKIE];
    const live = token ? await liveSession(app, hashToken(token)) : undefined;
    if (!live) {
      if (needsSignIn(request)) requireActor(request);
      return;
    }
    request.session = { tokenHash: live.tokenHash, csrfToken: live.csrfToken, account: live.account };
    request.actor = { accountId: live.account.id, displayName: live.account.displayName, grants: live.grants };
    // The language the web app shows right now (sent by it on every call) wins over the one saved
    // on the account, which may lag behind a switch by a request; other callers get the saved one.
    request.locale = chosenLocale(request.headers[UI_LANGUAGE_HEADER]) ?? live.account.locale;
    if (Date.now() - live.lastSeenAt > TOUCH_AFTER_MS) {
      live.lastSeenAt = Date.now();
      await touchSession(app.db, live.tokenHash);
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, live.csrfToken)) {
        throw new AppError('FORBIDDEN', 'error.csrf');
      }
    }
  });
}
