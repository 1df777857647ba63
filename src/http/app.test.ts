import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildArea, PASSWORD, signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { areas } from '../db/schema.ts';
import { loggerOptions } from './logging.ts';

const logLines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const options = loggerOptions('info') as pino.LoggerOptions;
  t = await createTestApp({ logger: { ...options, stream: sink } as never });
});
afterAll(() => t.close());

describe('the HTTP shell', () => {
  it('checks the database in /api/health', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: t.database.kind });
  });

  it('publishes an OpenAPI 3.1 document covering every API route, and a reference page', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    // Every API route the server answers is in the document.
    const served = t.app.apiRoutes.map((r) => r.replace(/:(\w+)/g, '{$1}').replace(/\/$/, ''));
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(documented.sort()).toEqual([...new Set(served)].sort());
    const areaCreate = doc.paths['/api/areas'].post.requestBody.content['application/json'].schema;
    expect(areaCreate).toEqual({ $ref: '#/components/schemas/AreaCreate' });
    expect(doc.components.schemas.AreaCreate.required).toEqual(['code', 'name']);
    const page = await t.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });

  it('sends security headers and a request id', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
  });

  it('lets the page draw the city’s configured map tiles, and only from that server', async () => {
    const tiled = await createTestApp({ config: { mapTiles: { url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '' } } });
    try {
      const csp = (await tiled.app.inject({ url: '/api/health' })).headers['content-security-policy'] as string;
      expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tiles\.example\.org(;|$)/);
      expect(csp).toContain("connect-src 'self'");
    } finally {
      await tiled.close();
    }
  });

  it('answers unknown API routes with the one error shape', async () => {
    const response = await t.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en-US' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route, or you may not see it' } });
  });

  it('keeps phone numbers and passwords out of the logs', async () => {
    await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }], { phone: '13700001111' });
    logLines.length = 0;
    await signIn(t.app, { login: '13700001111', password: PASSWORD });
    await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: '13700001111', password: 'wrong-password' } });
    await t.app.inject({ url: '/api/areas?q=13700001111' });
    const text = logLines.join('');
    // One line per request, with its id and outcome.
    expect(
      logLines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'request')
        .map((l) => l.statusCode),
    ).toEqual([200, 401, 200]);
    expect(JSON.parse(logLines[0]).reqId).toMatch(/^[\w-]{8,}$/);
    expect(text).not.toContain('13700001111');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong-password');
    expect(text).toContain('/api/areas?q=…');
  });

  it('rolls a write back with its audit entry, and logs the failure without its values', async () => {
    const db = t.database.db;
    await buildArea(db, '950101');
    const admin = await signIn(t.app, await buildAccount(db, t.config, [{ role: 'city_admin', areaCode: '9501' }]));
    // The audit insert fails after the area row was written inside the same transaction.
    await db.execute(sql`CREATE FUNCTION fail_area_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'area.create' THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END $$`);
    await db.execute(sql`CREATE TRIGGER fail_area_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_area_audit()`);
    logLines.length = 0;
    const response = await admin.request({ method: 'POST', url: '/api/areas', payload: { code: '950101001', name: '机密名称-XYZ' } });
    await db.execute(sql`DROP TRIGGER fail_area_audit ON audit_log`);

    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL');
    expect(await db.select().from(areas).where(eq(areas.code, '950101001'))).toEqual([]);
    const failure = logLines.map((l) => JSON.parse(l)).find((l) => l.err);
    expect(failure.err).toMatchObject({ type: 'DatabaseError', sqlState: 'P0001', message: 'audit store unavailable' });
    expect(failure.err.query).toContain('insert into "audit_log"');
    expect(logLines.join('')).not.toContain('机密名称-XYZ');
  });
});
