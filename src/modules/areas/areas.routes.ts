import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AREA_LEVELS } from '../../domain/areas/area-code.ts';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { PUBLIC_READER, requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import * as q from './areas.queries.ts';
import * as service from './areas.service.ts';

const AreaSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    level: z.enum(AREA_LEVELS),
    parentCode: z.string().nullable(),
    population: z.number().int(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    childCount: z.number().int(),
  })
  .meta({ id: 'Area' });

const AreaPageSchema = page(AreaSchema).meta({ id: 'AreaPage' });

const AreaDetailSchema = AreaSchema.extend({
  ancestors: z.array(AreaSchema.omit({ childCount: true })),
}).meta({ id: 'AreaDetail' });

const Lat = z.number().min(-90).max(90).nullable();
const Lng = z.number().min(-180).max(180).nullable();

const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
  })
  .meta({ id: 'AreaImportReport' });

const AreaCreateSchema = z
  .strictObject({
    code: AreaCodeSchema,
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(100).nullable().optional(),
    population: z.number().int().min(0).max(100_000_000).default(0),
    lat: Lat.optional(),
    lng: Lng.optional(),
  })
  .meta({ id: 'AreaCreate' });

const AreaUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().max(100).nullable().optional(),
    population: z.number().int().min(0).max(100_000_000).optional(),
    lat: Lat.optional(),
    lng: Lng.optional(),
  })
  .meta({ id: 'AreaUpdate' });

export const areaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
    done(null, service.decodeCsv(body as Buffer)),
  );

  // The area tree is public reference data: registration picks a community before signing in.
  app.get(
    '/',
    {
      config: { action: 'area.read', public: true },
      schema: {
        summary: 'List areas: children of a parent, a subtree, or a search',
        security: [],
        tags: ['areas'],
        querystring: z.strictObject({
          parent: AreaCodeSchema.optional().describe('Only direct children of this area'),
          within: AreaCodeSchema.optional().describe('Only areas in this subtree'),
          level: z.enum(AREA_LEVELS).optional(),
          q: z.string().trim().max(50).optional().describe('Name or code prefix'),
          ...PageQuery,
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: AreaPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listAreas(app.db, request.actor ?? PUBLIC_READER, request.query),
  );

  app.get(
    '/:code',
    {
      config: { action: 'area.read', public: true },
      schema: {
        summary: 'One area with its ancestors',
        security: [],
        tags: ['areas'],
        params: z.object({ code: AreaCodeSchema }),
        response: { 200: AreaDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getArea(app.db, request.actor ?? PUBLIC_READER, request.params.code),
  );

  app.post(
    '/',
    {
      config: { action: ['area.create', 'area.read'] },
      schema: {
        summary: 'Create an area under an existing parent',
        tags: ['areas'],
        body: AreaCreateSchema,
        response: { 201: AreaDetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const area = await service.createArea(
        app.db,
        { actor: requireActor(request), requestId: request.id },
        {
          code: b.code,
          name: b.name,
          name_en: b.nameEn ?? undefined,
          population: String(b.population),
          lat: b.lat == null ? undefined : String(b.lat),
          lng: b.lng == null ? undefined : String(b.lng),
        },
      );
      return reply.status(201).send(area);
    },
  );

  app.patch(
    '/:code',
    {
      config: { action: ['area.update', 'area.read'] },
      schema: {
        summary: 'Change an area’s name, population or centroid',
        tags: ['areas'],
        params: z.object({ code: AreaCodeSchema }),
        body: AreaUpdateSchema,
        response: { 200: AreaDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.updateArea(app.db, { actor: requireActor(request), requestId: request.id }, request.params.code, request.body),
  );

  app.post(
    '/import',
    {
      config: { action: 'area.import' },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        summary: 'Import an area list from CSV (columns code,name,name_en,level,population,lat,lng)',
        description:
          'Send the file as text/csv (UTF-8 or GB18030). Every row is checked first; any problem answers 400 with ' +
          'one detail per row and field, and nothing is written. With dryRun=true nothing is written either way.',
        tags: ['areas'],
        consumes: ['text/csv'],
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') }),
        body: z.string().min(1),
        response: { 200: ImportReportSchema, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) =>
      service.importAreas(app.db, { actor: requireActor(request), requestId: request.id }, request.body, request.query.dryRun === 'true'),
  );
};
