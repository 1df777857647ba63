import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildAccount,
  buildArea,
  buildOrganization,
  PASSWORD,
  phoneNumber,
  residentIdFor,
  signIn,
  yearsAgo,
} from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { hashToken } from '../modules/auth/index.ts';

/**
 * Two servers on one database. The second is built from a fresh copy of every module, as another
 * process would have, so nothing held in a module (a cache) is shared between them; both keep
 * what they read for an hour, so only a revocation reaching them can make them forget it.
 */
let a: TestApp;
let b: FastifyInstance;
beforeAll(async () => {
  a = await createTestApp({ config: { sessionCacheSeconds: 3600 } });
  vi.resetModules();
  const other = await import('./app.ts');
  b = await other.buildApp({ database: a.database, config: a.config, logger: false, serveWeb: false });
  await b.ready();
});
afterAll(async () => {
  await b.close();
  await a.close();
});

/** Resolves once `app` has heard of the revocation of `key` (it is applied by then). */
const heard = (app: FastifyInstance, topic: 'session' | 'account' | 'device', key: string) =>
  new Promise<void>((resolve) => {
    const off = app.invalidations.on(topic, (k) => {
      if (k !== key) return;
      off();
      resolve();
    });
  });

const on = (app: FastifyInstance, cookie: string, url: string) => app.inject({ url, headers: { cookie } });

describe('a revocation made on one server', () => {
  it('ends a signed-out session on every server at once', async () => {
    const account = await buildAccount(a.database.db, a.config, [{ role: 'resident' }]);
    const session = await signIn(a.app, account);
    expect((await on(b, session.cookie, '/api/auth/me')).statusCode).toBe(200);
    const told = heard(b, 'session', hashToken(session.cookie.replace('vn_session=', '')));
    expect((await session.request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
    await told;
    expect((await on(b, session.cookie, '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends the sessions of a disabled account on every server at once', async () => {
    await buildArea(a.database.db, '990101001001');
    const body = {
      name: '王小明',
      docType: 'resident_id',
      docNumber: residentIdFor(yearsAgo(25)),
      phone: phoneNumber(),
      areaCode: '990101001001',
      consent: true,
      password: PASSWORD,
    };
    expect((await a.app.inject({ method: 'POST', url: '/api/volunteers/register', payload: body })).statusCode).toBe(201);
    const here = await signIn(a.app, { login: body.phone, password: PASSWORD });
    const there = await signIn(a.app, { login: body.phone, password: PASSWORD });
    const me = (await on(b, there.cookie, '/api/auth/me')).json();
    expect(me.id).toBeTruthy();
    const told = heard(b, 'account', me.id);
    const id = (await here.request({ url: '/api/volunteers/me' })).json().id;
    expect((await here.request({ method: 'POST', url: `/api/volunteers/${id}/deregister` })).statusCode).toBe(204);
    await told;
    expect((await on(b, there.cookie, '/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a revoked card-reader key on every server at once', async () => {
    const orgId = await buildOrganization(a.database.db, a.config, { areaCode: '990101001' });
    const organizer = await signIn(a.app, await buildAccount(a.database.db, a.config, [{ role: 'org_admin', organizationId: orgId }]));
    const device = (
      await organizer.request({ method: 'POST', url: '/api/attendance/devices', payload: { name: '读卡器', organizationId: orgId } })
    ).json();
    const upload = (id: string) =>
      b.inject({
        method: 'POST',
        url: '/api/attendance/device-events',
        headers: { 'x-device-key': device.key },
        payload: { events: [{ id, card: 'V0000000000', at: new Date().toISOString() }] },
      });
    expect((await upload('e1')).statusCode).toBe(200);
    const told = heard(b, 'device', device.id);
    expect((await organizer.request({ method: 'POST', url: `/api/attendance/devices/${device.id}/revoke` })).statusCode).toBe(204);
    await told;
    expect((await upload('e2')).statusCode).toBe(403);
  });
});
