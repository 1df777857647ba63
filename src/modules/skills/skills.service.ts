import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { insertSkill, type NewSkill } from './skills.queries.ts';

export { listSkills } from './skills.queries.ts';

/** The city office adds a skill to the catalog; a code in use is a conflict. */
export async function addSkill(db: Db, ctx: AuditContext & { actor: Actor }, skill: NewSkill) {
  authorize(ctx.actor, 'skill.manage', {}, 'entity.skill');
  return db.transaction(async (tx) => {
    const row = await insertSkill(tx, skill);
    if (!row) throw new AppError('CONFLICT', 'skill.exists', { code: skill.code });
    await recordAudit(tx, ctx, { action: 'skill.create', entityType: 'skill', entityId: row.code, summary: { category: row.category } });
    return row;
  });
}
