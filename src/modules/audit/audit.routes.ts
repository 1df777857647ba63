import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AreaCodeSchema, DateTimeInput, errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { AppError } from '../../platform/errors.ts';
import { PageQuery, page } from '../../platform/pagination.ts';
import { mayAtAll } from '../../platform/policy.ts';
import { listAudit } from './audit.queries.ts';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.date(),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    areaCode: z.string().nullable(),
    requestId: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

const AuditPageSchema = page(AuditEntrySchema).meta({ id: 'AuditPage' });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'audit.read' },
      schema: {
        summary: 'Browse the audit log (auditors; city admins within their city)',
        tags: ['audit'],
        querystring: z.strictObject({
          actorId: z.uuid().optional(),
          action: z.string().trim().max(64).optional().describe('Action or its prefix, e.g. "area."'),
          entityType: z.string().trim().max(64).optional(),
          entityId: z.string().trim().max(64).optional(),
          areaCode: AreaCodeSchema.optional(),
          from: DateTimeInput.optional(),
          to: DateTimeInput.optional(),
          ...PageQuery,
        }),
        response: { 200: AuditPageSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!mayAtAll(actor, 'audit.read')) throw new AppError('FORBIDDEN', 'error.forbidden');
      return listAudit(app.db, actor, request.query);
    },
  );
};
