import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTIONS, type Action } from '../../domain/auth/policy.ts';
import { ROLES } from '../../domain/auth/roles.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor, type SessionInfo } from '../../http/session.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import * as service from './auth.service.ts';
import { DEVICE_COOKIE } from './device-cookie.ts';

const GrantSchema = z
  .object({
    role: z.enum(ROLES),
    areaCode: z.string().nullable().optional(),
    organizationId: z.string().nullable().optional(),
    stationId: z.string().nullable().optional(),
  })
  .meta({ id: 'Grant' });

const MeSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    username: z.string().nullable(),
    phoneMasked: z.string().nullable().describe('Masked: 138****5678'),
    locale: z.enum(['zh-CN', 'en-US']),
    grants: z.array(GrantSchema),
    permissions: z.array(z.enum(ACTIONS as [string, ...string[]])).describe('Actions allowed somewhere'),
    csrfToken: z.string().describe('Send back as the x-csrf-token header on every write'),
  })
  .meta({ id: 'Me' });

const SignInSchema = z
  .strictObject({
    login: z.string().trim().min(1).max(64).describe('Mainland mobile number or username'),
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'SignIn' });

const MeUpdateSchema = z.strictObject({ locale: z.enum(['zh-CN', 'en-US']) }).meta({ id: 'MeUpdate' });

const SessionsEndedSchema = z.object({ ended: z.number().int() }).meta({ id: 'SessionsEnded' });

const PasswordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(1).max(200),
  })
  .meta({ id: 'PasswordChange' });

/** The actor, allowed to take a self-scoped action on their own account. */
function requireSelf(request: FastifyRequest, action: Action) {
  const actor = requireActor(request);
  authorize(actor, action, { accountId: actor.accountId }, 'entity.account');
  return actor;
}

function requireSession(request: FastifyRequest): SessionInfo {
  requireActor(request);
  if (!request.session) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.session;
}

function clearCookie(reply: FastifyReply) {
  reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: request.actor, requestId: request.id });

  app.post(
    '/sign-in',
    {
      config: { public: true, rateLimit: { max: app.config.signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with a phone number or username and a password',
        tags: ['auth'],
        security: [],
        body: SignInSchema,
        response: { 200: MeSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await service.signIn(app.db, app.config, ctx(request), {
        ...request.body,
        userAgent: request.headers['user-agent'],
        address: request.ip,
        deviceCookie: request.cookies[DEVICE_COOKIE],
      });
      // Secure whenever the request came over TLS (directly or via a trusted proxy), or when forced.
      const secure = app.config.secureCookies || request.protocol === 'https';
      reply.setCookie(service.SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: result.maxAgeSeconds,
      });
      // Read by sign-in only.
      reply.setCookie(DEVICE_COOKIE, result.deviceCookie, {
        path: '/api/auth/sign-in',
        httpOnly: true,
        sameSite: 'strict',
        secure,
        maxAge: app.config.signInDeviceDays * 86400,
      });
      return { ...service.describeMe(app.config, result.account, result.actor), csrfToken: result.csrfToken };
    },
  );

  app.get(
    '/me',
    {
      config: { action: 'account.readSelf' },
      schema: { summary: 'The signed-in account, its roles and permissions', tags: ['auth'], response: { 200: MeSchema, ...errors(401) } },
    },
    async (request) => {
      const session = requireSession(request);
      const actor = requireSelf(request, 'account.readSelf');
      return { ...service.describeMe(app.config, session.account, actor), csrfToken: session.csrfToken };
    },
  );

  app.patch(
    '/me',
    {
      config: { action: 'account.updateSelf' },
      schema: {
        summary: 'Change own settings (language)',
        tags: ['auth'],
        body: MeUpdateSchema,
        response: { 204: z.null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireSelf(request, 'account.updateSelf');
      await service.setLocale(app.db, { actor, requestId: request.id }, request.body.locale);
      await app.sessionCache.forgetAccount(actor.accountId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sign-out',
    {
      config: { action: 'session.end' },
      schema: { summary: 'End this session', tags: ['auth'], response: { 204: z.null(), ...errors(401, 403) } },
    },
    async (request, reply) => {
      const session = requireSession(request);
      requireSelf(request, 'session.end');
      await service.signOut(app.db, ctx(request), session.tokenHash);
      await app.sessionCache.forgetToken(session.tokenHash);
      clearCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sign-out-everywhere',
    {
      config: { action: 'session.revokeAll' },
      schema: {
        summary: 'End every session of this account, this one included',
        tags: ['auth'],
        response: { 200: SessionsEndedSchema, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireSelf(request, 'session.revokeAll');
      const ended = await service.signOutEverywhere(app.db, { actor, requestId: request.id });
      await app.sessionCache.forgetAccount(actor.accountId);
      clearCookie(reply);
      return { ended };
    },
  );

  app.post(
    '/password',
    {
      config: { action: 'account.changePassword' },
      schema: {
        summary: 'Change own password; other sessions end',
        tags: ['auth'],
        body: PasswordChangeSchema,
        response: { 204: z.null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const actor = requireSelf(request, 'account.changePassword');
      await service.changePassword(app.db, { actor, requestId: request.id }, session.tokenHash, request.body);
      await app.sessionCache.forgetAccount(actor.accountId);
      return reply.status(204).send(null);
    },
  );
};
