import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operationIdOf, transform, transformObject } from './openapi.ts';
import { serializerCompiler } from './serializer.ts';

const Item = z.object({ id: z.string(), tags: z.array(z.string()) }).meta({ id: 'OpenApiTestItem' });
const Note = z.strictObject({ text: z.string().default('') }).meta({ id: 'OpenApiTestNote' });
const NewItem = z.strictObject({ tags: z.array(z.string()), note: Note.optional() }).meta({ id: 'OpenApiTestNewItem' });
z.object({ never: z.string() }).meta({ id: 'OpenApiTestUnused' });

async function documentOf(routes: FastifyPluginAsyncZod) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' } }, transform, transformObject });
  await app.register(routes);
  await app.ready();
  try {
    return app.swagger() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, object> } };
  } finally {
    await app.close();
  }
}

const bodyRef = (document: Awaited<ReturnType<typeof documentOf>>, url: string, method: string) =>
  (document.paths[url][method] as { requestBody: { content: { 'application/json': { schema: object } } } }).requestBody.content[
    'application/json'
  ].schema;

describe('the OpenAPI document’s components', () => {
  it('holds each named schema a route uses, once, and none it does not', async () => {
    const document = await documentOf(async (app) => {
      app.get('/items', { schema: { response: { 200: z.array(Item) } } }, async () => []);
      app.post('/items', { schema: { body: NewItem, response: { 201: Item } } }, async (_, reply) =>
        reply.status(201).send({ id: '1', tags: [] }),
      );
      app.put('/notes', { schema: { body: Note, response: { 200: Note } } }, async (request) => request.body);
    });
    expect(Object.keys(document.components.schemas)).toEqual([
      'OpenApiTestItem',
      'OpenApiTestNewItem',
      'OpenApiTestNote',
      'OpenApiTestNoteInput',
    ]);
    // Only sent: its own name. Sent and answered: as sent (the default may be left out), and as answered.
    expect(bodyRef(document, '/items', 'post')).toEqual({ $ref: '#/components/schemas/OpenApiTestNewItem' });
    expect(document.components.schemas.OpenApiTestNewItem).toMatchObject({
      properties: { note: { $ref: '#/components/schemas/OpenApiTestNoteInput' } },
    });
    expect(bodyRef(document, '/notes', 'put')).toEqual({ $ref: '#/components/schemas/OpenApiTestNoteInput' });
    expect(document.components.schemas.OpenApiTestNoteInput).not.toHaveProperty('required');
    expect(document.components.schemas.OpenApiTestNote).toMatchObject({ required: ['text'] });
  });

  it('refuses two different schemas under one name', async () => {
    const first = z.object({ one: z.string() }).meta({ id: 'OpenApiTestTwin' });
    const second = z.object({ other: z.number() }).meta({ id: 'OpenApiTestTwin' });
    await expect(
      documentOf(async (app) => {
        app.get('/first', { schema: { response: { 200: first } } }, async () => ({ one: '' }));
        app.get('/second', { schema: { response: { 200: second } } }, async () => ({ other: 0 }));
      }),
    ).rejects.toThrow('Two different schemas are registered as "OpenApiTestTwin" (one of them in /first)');
  });
});

describe('operation names', () => {
  it.each([
    ['GET', '/api/volunteers/:id/export', 'getVolunteersByIdExport'],
    ['POST', '/api/auth/sign-in', 'postAuthSignIn'],
    ['GET', '/api/verify/:code', 'getVerifyByCode'],
    ['PUT', '/api/settings/work-calendar', 'putSettingsWorkCalendar'],
    ['GET', '/api/openapi.json', 'getOpenapiJson'],
  ])('%s %s is %s', (method, url, id) => {
    expect(operationIdOf(method, url)).toBe(id);
  });

  it('names every operation of a document, each once', async () => {
    const document = await documentOf(async (app) => {
      app.get('/api/items/:id', { schema: { response: { 200: Item } } }, async () => ({ id: '1', tags: [] }));
      app.post('/api/items', { schema: { body: NewItem, response: { 201: Item } } }, async () => ({ id: '1', tags: [] }));
    });
    const ids = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((o) => (o as { operationId?: string }).operationId),
    );
    expect(ids.sort()).toEqual(['getItemsById', 'postItems']);
  });
});
