import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import { requireActor } from '../../http/session.ts';
import { addSkill, listSkills } from './skills.service.ts';

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

const SkillCreateSchema = z
  .strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    category: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    needsCertificate: z.boolean().default(false),
  })
  .meta({ id: 'SkillCreate' });

/** The skills catalog: everyone reads it (registration needs it before sign-in); the city extends it. */
export const skillRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { public: true },
      schema: { summary: 'The skills catalog', tags: ['skills'], security: [], response: { 200: z.array(SkillSchema) } },
    },
    async () => listSkills(app.db),
  );

  app.post(
    '/',
    {
      config: { action: 'skill.manage' },
      schema: {
        summary: 'Add a skill to the catalog (city office)',
        tags: ['skills'],
        body: SkillCreateSchema,
        response: { 201: SkillSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addSkill(app.db, { actor: requireActor(request), requestId: request.id }, request.body)),
  );
};
