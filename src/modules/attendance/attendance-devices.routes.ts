import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import * as devices from './attendance.devices.ts';
import * as review from './attendance.review.ts';
import * as service from './attendance.service.ts';

const DeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stationId: z.string().nullable(),
    stationName: z.string().nullable(),
    keyPrefix: z.string(),
    status: z.enum(['active', 'revoked']),
    createdAt: z.date(),
    revokedAt: z.date().nullable(),
    lastEventAt: z.date().nullable(),
  })
  .meta({ id: 'Device' });

const DeviceRegistrationSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    organizationId: z.uuid(),
    stationId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'DeviceRegistration' });

const RegisteredDeviceSchema = z
  .object({ id: z.string(), name: z.string(), key: z.string(), keyPrefix: z.string() })
  .meta({ id: 'RegisteredDevice' });

const DeviceEventsSchema = z
  .strictObject({
    events: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(80),
          card: z.string().min(1).max(40),
          at: DateTimeInput,
          kind: z.enum(['in', 'out']).optional(),
        }),
      )
      .min(1)
      .max(5000),
  })
  .meta({ id: 'DeviceEventBatch' });

const DeviceEventsReceivedSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        status: z
          .enum(['received', 'duplicate', 'conflict'])
          .describe(
            'duplicate: this reader sent the same event under this id and it is waiting to be judged; conflict: it sent another event under this id, which was not taken (the first is kept). One sent again after judging answers received and, when judged, is dropped as a repeat (or, with other content, as a conflict): ids are per reader, another reader’s never interfere',
          ),
      }),
    ),
  })
  .meta({ id: 'DeviceEventReceipt' });

/** Card readers and kiosks: organizations register and revoke them; a device uploads its events with its key. */
export const attendanceDeviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (request: FastifyRequest) => ({ actor: requireActor(request), requestId: request.id });
  const keys = new devices.DeviceKeys(app.db, app.invalidations, app.config.sessionCacheSeconds * 1000);

  app.get(
    '/devices',
    {
      config: { action: 'device.manage' },
      schema: {
        summary: 'An organization’s card readers and kiosks (keys are never shown again)',
        tags: ['attendance'],
        querystring: z.strictObject({ organizationId: z.uuid() }),
        response: {
          200: z.array(DeviceSchema),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => review.listDevices(app.db, requireActor(request), request.query.organizationId),
  );

  app.post(
    '/devices',
    {
      config: { action: 'device.manage' },
      schema: {
        summary: 'Register a card reader or kiosk; its API key is shown once',
        tags: ['attendance'],
        body: DeviceRegistrationSchema,
        response: { 201: RegisteredDeviceSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.registerDevice(app.db, ctx(request), request.body)),
  );

  app.post(
    '/devices/:id/revoke',
    {
      config: { action: 'device.manage' },
      schema: {
        summary: 'Revoke a device’s key',
        tags: ['attendance'],
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeDevice(app.db, ctx(request), request.params.id);
      await keys.forget(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/device-events',
    {
      config: { public: true },
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        summary:
          'A device uploads a batch of events (header x-device-key): answered once they are stored; each is then judged and paired in the background (see the review queue and the attendance sheet). Idempotent, any order, late by days',
        tags: ['attendance'],
        body: DeviceEventsSchema,
        response: {
          200: DeviceEventsReceivedSchema,
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const header = request.headers['x-device-key'];
      const device = await keys.find(typeof header === 'string' ? header : undefined);
      const results = await devices.receiveDeviceEvents(app.db, device, request.body.events);
      // Judged after the answer; a failure leaves the events in the inbox for the next drain.
      devices.scheduleDeviceInboxDrain(app.db, device.id, app.log);
      return { results };
    },
  );
};
