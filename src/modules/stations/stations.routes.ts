import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AreaCodeSchema, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import { authorize } from '../../platform/policy.ts';
import * as q from './stations.queries.ts';
import { STATION_KINDS, STATION_STATUSES } from './stations.queries.ts';
import * as service from './stations.service.ts';

const StationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(STATION_KINDS),
    areaCode: z.string(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    floorArea: z.number().describe('m²'),
    openingHours: z.string().nullable(),
    hostOrganizationId: z.string().nullable(),
    hostOrganizationName: z.string().nullable(),
    status: z.enum(STATION_STATUSES),
    lastInspectedOn: z.string().nullable().describe('Date of the latest inspection'),
    toStandard: z.boolean().nullable().describe('The latest inspection met every standard in force today; null when never inspected'),
  })
  .meta({ id: 'Station' });

const StationPageSchema = page(StationSchema).meta({ id: 'StationPage' });

const KeeperSchema = z.object({ accountId: z.string(), displayName: z.string() }).meta({ id: 'StationKeeper' });

const InspectionSchema = z
  .object({
    id: z.string(),
    inspectedOn: z.string(),
    inspectorName: z.string(),
    itemsMet: z.array(z.string()),
    notes: z.string().nullable(),
    createdAt: z.iso.datetime(),
    toStandard: z.boolean().describe('Met every standard in force today'),
  })
  .meta({ id: 'StationInspection' });

const StationDetailSchema = StationSchema.extend({
  keepers: z.array(KeeperSchema),
  inspections: z.array(InspectionSchema).describe('Newest first'),
  mayManage: z.boolean(),
  mayInspect: z.boolean(),
}).meta({ id: 'StationDetail' });

const StandardSchema = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    active: z.boolean(),
    sort: z.number().int(),
  })
  .meta({ id: 'StationStandard' });

const text = (max: number) => z.string().trim().max(max);
const StationFields = {
  name: text(100).min(1),
  kind: z.enum(STATION_KINDS),
  areaCode: AreaCodeSchema.describe('The area it serves, at any level'),
  address: text(200).min(1),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  floorArea: z.number().min(0).max(1_000_000).optional().describe('m²'),
  openingHours: text(100).nullable().optional(),
  hostOrganizationId: z.uuid().nullable().optional().describe('The organization that runs it'),
  status: z.enum(STATION_STATUSES).optional(),
};

const IdParams = z.object({ id: z.uuid() });

const STANDARD_CODE = /^[a-z][a-z0-9_]{1,39}$/;
// A refinement rather than .regex(): its message comes from the server's own (translated) messages.
const StandardCodeSchema = z
  .string()
  .refine((code) => STANDARD_CODE.test(code), { params: { i18n: 'station.badStandardCode' } })
  .meta({ pattern: STANDARD_CODE.source })
  .describe('Stable key that inspections cite: a lower-case letter, then 1–39 lower-case letters, digits or underscores');

const StandardsSchema = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          code: StandardCodeSchema,
          nameZh: text(60).min(1),
          nameEn: text(100).min(1),
          active: z.boolean().default(true).describe('false retires it (leaving it out does the same)'),
          sort: z.number().int().min(0).max(10_000).default(0).describe('Place on the checklist, ascending'),
        }),
      )
      .min(1)
      .max(100)
      .describe('The whole checklist; an index in an error’s field (items.3.code) is a position in this array'),
  })
  .meta({ id: 'StationStandards' });

const StationCreateSchema = z.strictObject(StationFields).meta({ id: 'StationCreate' });
const StationUpdateSchema = z.strictObject(StationFields).partial().meta({ id: 'StationUpdate' });

const KeeperGrantSchema = z
  .strictObject({ login: z.string().trim().min(1).max(100).describe('Phone number or username') })
  .meta({ id: 'StationKeeperGrant' });

const InspectionCreateSchema = z
  .strictObject({
    inspectedOn: z.iso.date().describe('Not later than today (China time)'),
    itemsMet: z.array(z.string().min(1).max(40)).max(100).describe('Codes of the standards met'),
    notes: text(1000).nullable().optional(),
  })
  .meta({ id: 'StationInspectionCreate' });

export const stationRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });

  app.get(
    '/',
    {
      config: { action: 'station.read' },
      schema: {
        summary: 'List service stations, each with whether it is to standard',
        tags: ['stations'],
        querystring: z.strictObject({
          within: AreaCodeSchema.optional().describe('Only stations in this area subtree'),
          kind: z.enum(STATION_KINDS).optional(),
          q: z.string().trim().max(50).optional().describe('Part of the name'),
          toStandard: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => (v === undefined ? undefined : v === 'true'))
            .describe('true: the latest inspection met every standard; false: it missed one (never inspected matches neither)'),
          ...PageQuery,
        }),
        response: { 200: StationPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => q.listStations(app.db, requireActor(request), request.query),
  );

  app.get(
    '/standards',
    {
      config: { action: 'station.read' },
      schema: {
        summary: 'The standards checklist, in force first, then retired ones',
        tags: ['stations'],
        response: { 200: z.array(StandardSchema), ...errors(401) },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'station.read', {}, 'entity.station');
      return q.listStandards(app.db);
    },
  );

  app.put(
    '/standards',
    {
      config: { action: 'station.configureStandards' },
      schema: {
        summary: 'Replace the standards checklist (city admin)',
        description:
          'Items are written by code (added or updated); standards left out are retired, never deleted, because ' +
          'old inspections cite them. A station is to standard when its latest inspection met every active item.',
        tags: ['stations'],
        body: StandardsSchema,
        response: { 200: z.array(StandardSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => service.replaceStandards(app.db, ctx(request), request.body.items),
  );

  app.get(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'One station with its keepers and inspection history',
        tags: ['stations'],
        params: IdParams,
        response: { 200: StationDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.getStation(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Create a station in an area I manage',
        tags: ['stations'],
        body: StationCreateSchema,
        response: { 201: StationDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createStation(app.db, ctx(request), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Change a station (its area only to one I manage)',
        tags: ['stations'],
        params: IdParams,
        body: StationUpdateSchema,
        response: { 200: StationDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.updateStation(app.db, ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/keepers',
    {
      config: { action: 'station.manage' },
      schema: {
        summary: 'Make an account a keeper of the station',
        tags: ['stations'],
        params: IdParams,
        body: KeeperGrantSchema,
        response: { 200: z.array(KeeperSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { accountId, keepers } = await service.grantKeeper(app.db, app.config, ctx(request), request.params.id, request.body.login);
      app.sessionCache.forgetAccount(accountId);
      return keepers;
    },
  );

  app.delete(
    '/:id/keepers/:accountId',
    {
      config: { action: 'station.manage' },
      schema: {
        summary: 'Take the keeper role for this station away from an account',
        tags: ['stations'],
        params: z.object({ id: z.uuid(), accountId: z.uuid() }),
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeKeeper(app.db, ctx(request), request.params.id, request.params.accountId);
      app.sessionCache.forgetAccount(request.params.accountId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/inspections',
    {
      config: { action: service.DETAIL_ACTIONS },
      schema: {
        summary: 'Record an inspection against the standards checklist',
        tags: ['stations'],
        params: IdParams,
        body: InspectionCreateSchema,
        response: { 201: StationDetailSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordInspection(app.db, ctx(request), request.params.id, request.body)),
  );
};
