import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, type Session, signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { errorHandler } from './error-handler.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9901' }]));
});
afterAll(() => t.close());

const NUL = 'a\u0000b';

interface Operation {
  method: string;
  path: string;
  public: boolean;
  jsonBody?: Record<string, unknown>;
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
}

/** Every operation of the OpenAPI document, with its JSON body schema resolved one level. */
async function operations(): Promise<Operation[]> {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  const resolve = (schema: Record<string, unknown> | undefined) => {
    const ref = schema?.$ref as string | undefined;
    return ref ? doc.components.schemas[ref.split('/').pop() as string] : schema;
  };
  return Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const body = (op.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        public: Array.isArray(op.security) && op.security.length === 0,
        jsonBody: resolve(body),
        parameters: op.parameters as Operation['parameters'],
      };
    }),
  );
}

/** A path with its parameters filled in with values of the right shape. */
const fillPath = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => (/code/i.test(name) ? '9901' : '00000000-0000-4000-8000-000000000000'));

/** The first string property of a body schema (the field a NUL goes into), or a name it does not know. */
function stringField(schema: Record<string, unknown> | undefined): string {
  const properties = (schema?.properties ?? {}) as Record<string, { type?: unknown }>;
  const found = Object.entries(properties).find(([, p]) => p.type === 'string' || (Array.isArray(p.type) && p.type.includes('string')));
  return found?.[0] ?? 'note';
}

describe('a NUL character (U+0000) at the edge', () => {
  it('is refused as 400 naming the field, on every route that takes a JSON body, a query string or path parameters', async () => {
    const ops = await operations();
    const tried: string[] = [];
    for (const op of ops) {
      const send = op.public ? (o: object) => t.app.inject(o) : admin.request;
      const query = op.parameters?.find((p) => p.in === 'query');
      if (op.jsonBody && !['GET', 'DELETE'].includes(op.method)) {
        const field = stringField(op.jsonBody);
        const response = await send({ method: op.method, url: fillPath(op.path), payload: { [field]: NUL } });
        expect({ route: `${op.method} ${op.path}`, status: response.statusCode }).toEqual({
          route: `${op.method} ${op.path}`,
          status: 400,
        });
        expect(response.json().error.details).toContainEqual(expect.objectContaining({ field, rule: 'noNul' }));
        tried.push(`${op.method} ${op.path} body`);
      }
      if (query) {
        const response = await send({ method: op.method, url: `${fillPath(op.path)}?${query.name}=a%00b` });
        expect({ route: `${op.method} ${op.path}`, status: response.statusCode }).toEqual({
          route: `${op.method} ${op.path}`,
          status: 400,
        });
        expect(response.json().error.details).toContainEqual(expect.objectContaining({ field: query.name, rule: 'noNul' }));
        tried.push(`${op.method} ${op.path} query`);
      }
    }
    // Sign-in, registration and the area search are open without signing in.
    expect(tried).toEqual(
      expect.arrayContaining(['POST /api/auth/sign-in body', 'POST /api/volunteers/register body', 'GET /api/areas query']),
    );
    expect(tried.length).toBeGreaterThan(40);
  });

  it('names nested fields and path parameters, with the rule in the caller’s language', async () => {
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/device-events',
      headers: { 'x-device-key': 'k', 'accept-language': 'en-US' },
      payload: { events: [{ id: 'e1', card: NUL, at: new Date().toISOString() }] },
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details).toEqual([{ field: 'events.0.card', rule: 'noNul', message: expect.stringMatching(/U\+0000/) }]);
    const key = await admin.request({ method: 'PATCH', url: '/api/areas/9901', payload: { 'x\u0000y': 1 } });
    expect(key.json().error.details).toContainEqual(expect.objectContaining({ field: 'x\u0000y', rule: 'noNul' }));
    const param = await t.app.inject({ url: '/api/areas/99%0001' });
    expect(param.statusCode).toBe(400);
    expect(param.json().error.details).toContainEqual(expect.objectContaining({ field: 'code', rule: 'noNul' }));
    const zh = await t.app.inject({ url: '/api/areas?q=%00' });
    expect(zh.json().error.message).toMatch(/空字符/);
  });

  it('answers 400, not 500, when one reaches PostgreSQL anyway (SQLSTATE 22021 / 22P05)', async () => {
    // A header is not checked at the edge, and sign-in keeps the user agent: it drops the character.
    const account = await buildAccount(t.database.db, t.config, [{ role: 'resident' }]);
    const header = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'user-agent': NUL },
      payload: { login: account.login, password: account.password },
    });
    expect(header.statusCode).toBe(200);
    // Text refuses the character and jsonb its escape, each with its own code; both answer 400.
    const bare = Fastify({ logger: false });
    bare.decorateRequest('locale', 'en-US');
    bare.setErrorHandler(errorHandler);
    bare.get('/text', async () => t.database.db.execute(sql`select ${NUL}::text`));
    bare.get('/jsonb', async () => t.database.db.execute(sql`select ${'{"a":"\\u0000"}'}::jsonb`));
    for (const url of ['/text', '/jsonb']) {
      const response = await bare.inject({ url });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION', details: [{ field: 'input', rule: 'noNul' }] });
    }
    await bare.close();
  });
});

/** Sends only the headers of a request claiming `length` bytes, and answers what the server says before any body. */
async function claim(
  url: string,
  length: number,
  contentType: string,
): Promise<{ status: number; body: { error: Record<string, unknown> } }> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: url,
        headers: { ...adminHeaders(), 'content-type': contentType, 'content-length': length },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    // The body is never sent: the answer must come from the claim alone.
    request.flushHeaders();
  });
}

const adminHeaders = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'x-volunet-language': 'en-US' });

describe('a body over the limit', () => {
  it('is refused with the limit of the route that refused it', async () => {
    const importing = await claim('/api/imports?source=generic', 60 * 1024 * 1024, 'application/octet-stream');
    expect(importing.status).toBe(413);
    expect(importing.body.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body too large (limit 50 MiB)',
      details: { limit: 50 * 1024 * 1024 },
    });

    const devices = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/device-events',
      headers: { 'x-device-key': 'k', 'content-type': 'application/json' },
      payload: `{"events":[${'"x",'.repeat(1_400_000)}"x"]}`,
    });
    expect(devices.statusCode).toBe(413);
    expect(devices.json().error).toMatchObject({ message: '请求体过大（上限 5 MiB）', details: { limit: 5 * 1024 * 1024 } });

    const json = await admin.request({
      method: 'POST',
      url: '/api/areas',
      headers: { 'content-type': 'application/json', 'x-volunet-language': 'en-US' },
      payload: JSON.stringify({ code: '9902', name: 'x'.repeat(1024 * 1024) }),
    });
    expect(json.statusCode).toBe(413);
    expect(json.json().error).toMatchObject({ message: 'Request body too large (limit 1 MiB)', details: { limit: 1024 * 1024 } });
  });
});
