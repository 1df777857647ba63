import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  DEFAULT_REQUEST_SLA,
  DEFAULT_VOLUNTEER_CAPS,
  type RequestSla,
  type ServiceGuardRule,
  type VolunteerCaps,
} from '../../domain/requests/catalog.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize, may } from '../../platform/policy.ts';
import { readSetting, saveSetting } from '../../platform/settings.ts';
import * as q from './request-settings.queries.ts';

type Ctx = AuditContext & { actor: Actor };

interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

const invalid = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

// jsonb keeps its own key order: compare the rule's parts, not its text.
const sameGuard = (a: ServiceGuardRule | null, b: ServiceGuardRule | null) =>
  a === b || (!!a && !!b && a.mode === b.mode && a.perDay === b.perDay && a.perWeek === b.perWeek);

/** The catalog as every signed-in role reads it (the request form's choices, the guard's rules). */
export async function listRequestCategories(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return q.listCategories(db);
}

/**
 * Replaces the catalog: the items given are written (new codes added, the rest updated); those left
 * out are deleted when no request ever used them and the city added them, retired otherwise (the
 * builtin ones and every category a request cites stay, so old requests keep their name).
 */
export async function replaceRequestCategories(db: Db, ctx: Ctx, items: q.CategoryInput[]) {
  // One catalog for the whole city: nothing to hide, so a plain 403 rather than a 404.
  if (!may(ctx.actor, 'requestCategory.manage', {})) throw new AppError('FORBIDDEN', 'error.forbidden');
  const issues: Issue[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code))
      issues.push({ field: `items.${i}.code`, rule: 'unique', messageKey: 'requestCategory.duplicate', params: { code: item.code } });
    seen.add(item.code);
  });
  const known = await q.knownSkillCodes(db, [...new Set(items.flatMap((item) => item.defaultSkills))]);
  items.forEach((item, i) => {
    item.defaultSkills.forEach((code, j) => {
      if (!known.has(code))
        issues.push({
          field: `items.${i}.defaultSkills.${j}`,
          rule: 'exists',
          messageKey: 'requestCategory.unknownSkill',
          params: { code },
        });
    });
  });
  if (!items.some((item) => item.active)) issues.push({ field: 'items', rule: 'active', messageKey: 'requestCategory.noneActive' });
  if (issues.length) throw invalid(issues);
  await db.transaction(async (tx) => {
    const before = new Map((await q.listCategories(tx)).map((c) => [c.code, c]));
    const normalized = items.map((item) => ({ ...item, defaultSkills: [...new Set(item.defaultSkills)] }));
    await q.upsertCategories(tx, normalized);
    const removed = await q.removeCategoriesExcept(
      tx,
      items.map((item) => item.code),
    );
    const changedGuard = normalized
      .filter((item) => before.has(item.code) && !sameGuard(before.get(item.code)?.guard ?? null, item.guard ?? null))
      .map((item) => ({ code: item.code, guard: item.guard ?? null }));
    await recordAudit(tx, ctx, {
      action: 'requestCategory.update',
      entityType: 'requestCategory',
      summary: {
        added: items.filter((item) => !before.has(item.code)).map((item) => item.code),
        retired: [...removed.retired, ...items.filter((item) => !item.active && before.get(item.code)?.active).map((item) => item.code)],
        deleted: removed.deleted,
        guardChanged: changedGuard,
        active: items.filter((item) => item.active).length,
      },
    });
  });
  return q.listCategories(db);
}

/** The city's time to triage and to assign per urgency (the defaults until it saves its own). */
export async function requestSlaOf(db: Executor): Promise<RequestSla> {
  return (await readSetting(db, 'requestSla')) ?? DEFAULT_REQUEST_SLA;
}

export async function readRequestSla(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return { ...(await requestSlaOf(db)), defaults: DEFAULT_REQUEST_SLA };
}

export async function saveRequestSla(db: Db, ctx: Ctx, sla: RequestSla) {
  authorize(ctx.actor, 'settings.manage', {}, 'entity.route');
  await db.transaction(async (tx) => {
    await saveSetting(tx, 'requestSla', sla, ctx.actor.accountId);
    await recordAudit(tx, ctx, { action: 'settings.requestSla', entityType: 'settings', entityId: 'requestSla', summary: { ...sla } });
  });
  return requestSlaOf(db);
}

/** The city's weekly caps on taking requests and receiving invitations (the defaults until it saves its own). */
export async function volunteerCapsOf(db: Executor): Promise<VolunteerCaps> {
  return { ...DEFAULT_VOLUNTEER_CAPS, ...(await readSetting(db, 'volunteerCaps')) };
}

export async function readVolunteerCaps(db: Db, actor: Actor) {
  authorize(actor, 'settings.read', {}, 'entity.route');
  return { ...(await volunteerCapsOf(db)), defaults: DEFAULT_VOLUNTEER_CAPS };
}

/** Lowering a cap holds at once for everyone above it; a volunteer's own lower cap is kept. */
export async function saveVolunteerCaps(db: Db, ctx: Ctx, caps: VolunteerCaps) {
  authorize(ctx.actor, 'settings.manage', {}, 'entity.route');
  await db.transaction(async (tx) => {
    await saveSetting(tx, 'volunteerCaps', caps, ctx.actor.accountId);
    await recordAudit(tx, ctx, {
      action: 'settings.volunteerCaps',
      entityType: 'settings',
      entityId: 'volunteerCaps',
      summary: { ...caps },
    });
  });
  return volunteerCapsOf(db);
}
