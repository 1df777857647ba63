import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { skills } from '../../db/schema.ts';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';

const SkillSchema = z
  .object({
    code: z.string(),
    category: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    needsCertificate: z.boolean(),
    builtin: z.boolean(),
  })
  .meta({ id: 'Skill' });

/** The skills catalog: everyone reads it (registration needs it before sign-in); the city extends it. */
export const skillRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { public: true },
      schema: { summary: 'The skills catalog', tags: ['skills'], security: [], response: { 200: z.array(SkillSchema) } },
    },
    async () => app.db.select().from(skills).orderBy(skills.category, skills.code),
  );

  app.post(
    '/',
    {
      config: { action: 'skill.manage' },
      schema: {
        summary: 'Add a skill to the catalog (city office)',
        tags: ['skills'],
        body: z.strictObject({
          code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
          category: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
          nameZh: z.string().trim().min(1).max(40),
          nameEn: z.string().trim().min(1).max(60),
          needsCertificate: z.boolean().default(false),
        }),
        response: { 201: SkillSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'skill.manage', {}, 'entity.skill');
      const created = await app.db.transaction(async (tx) => {
        const [row] = await tx.insert(skills).values(request.body).onConflictDoNothing().returning();
        if (!row) throw new AppError('CONFLICT', 'skill.exists', { code: request.body.code });
        await recordAudit(
          tx,
          { actor, requestId: request.id },
          { action: 'skill.create', entityType: 'skill', entityId: row.code, summary: { category: row.category } },
        );
        return row;
      });
      return reply.status(201).send(created);
    },
  );
};
