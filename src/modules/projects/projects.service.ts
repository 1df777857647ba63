import type { Db } from '../../db/client.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import {
  actionsFrom,
  EDITABLE_STATUSES,
  PROJECT_STEPS,
  type ProjectAction,
  PUBLIC_STATUSES,
  projectStep,
  type RiskLevel,
  readinessIssues,
} from '../../domain/projects/lifecycle.ts';
import type { Issue } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { authorize, may } from '../../platform/policy.ts';
import { sanitizeRichText } from '../../platform/rich-text.ts';
import { selfOf } from '../volunteers/index.ts';
import * as q from './projects.queries.ts';

type Ctx = AuditContext & { actor: Actor };

export interface ProjectInput {
  organizationId: string;
  title: string;
  categoryCode: string;
  areaCode: string;
  description?: string;
  beneficiaries?: string;
  risks?: string;
  riskLevel?: RiskLevel;
  insuranceRequired?: boolean;
  budgetYuan?: number | null;
  fundingSource?: string | null;
}

const validation = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

const scopeOf = (p: { areaCode: string; organizationId: string }) => ({ areaCode: p.areaCode, organizationId: p.organizationId });

async function checkReferences(db: Db, input: Partial<ProjectInput>) {
  const issues: Issue[] = [];
  if (input.categoryCode !== undefined && !(await q.categoryExists(db, input.categoryCode)))
    issues.push({ field: 'categoryCode', rule: 'exists', messageKey: 'project.categoryMissing', params: { code: input.categoryCode } });
  if (input.areaCode !== undefined && !(await q.areaExists(db, input.areaCode)))
    issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'account.areaMissing', params: { code: input.areaCode } });
  if (issues.length) throw validation(issues);
}

/** Stored as written, except the description, which keeps only what a page may show. */
function cleaned<T extends Partial<ProjectInput>>(input: T): T {
  return input.description === undefined ? input : { ...input, description: sanitizeRichText(input.description) };
}

/** An organization drafts a project for an area it serves; nothing is public until it recruits. */
export async function createProject(db: Db, ctx: Ctx, input: ProjectInput) {
  authorize(ctx.actor, 'project.create', { organizationId: input.organizationId }, 'entity.organization');
  const org = await q.organizationOf(db, input.organizationId);
  if (!org) throw notFound('entity.organization');
  if (org.status !== 'active') throw new AppError('RULE_VIOLATION', 'project.organizationNotActive');
  await checkReferences(db, input);
  return db.transaction(async (tx) => {
    const project = await q.insertProject(tx, { ...cleaned(input), status: 'draft', createdBy: ctx.actor.accountId });
    await q.insertEvent(tx, {
      projectId: project.id,
      action: 'create',
      fromStatus: null,
      toStatus: 'draft',
      actorId: ctx.actor.accountId,
      actorLabel: ctx.actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: 'project.create',
      entityType: 'project',
      entityId: project.id,
      areaCode: project.areaCode,
      summary: { organizationId: project.organizationId, title: project.title },
    });
    return project;
  });
}

/** What showing one project checks: who may see it, and which steps and ratings the screen offers. */
export const DETAIL_ACTIONS = [
  'project.read',
  'project.browse',
  'project.manage',
  'project.review',
  'project.rate',
] as const satisfies readonly Action[];

/**
 * Organizers and offices read projects in their scope; everyone reads the public ones. The steps
 * listed are those this actor may take now, so a page shows exactly the buttons that work.
 */
export async function getProject(db: Db, actor: Actor, id: string) {
  const row = await q.findProject(db, id);
  if (!row) throw notFound('entity.project');
  const p = row.project;
  const scope = scopeOf(p);
  const manages = may(actor, 'project.manage', scope);
  const reviews = may(actor, 'project.review', scope);
  const visible = may(actor, 'project.read', scope) || (PUBLIC_STATUSES.includes(p.status) && may(actor, 'project.browse', scope));
  if (!visible) throw notFound('entity.project');
  const actions = actionsFrom(p.status).filter((a) => (PROJECT_STEPS[a].by === 'office' ? reviews : manages));
  return {
    id: p.id,
    title: p.title,
    organizationId: p.organizationId,
    organizationName: row.organizationName,
    categoryCode: p.categoryCode,
    areaCode: p.areaCode,
    areaName: row.areaName,
    status: p.status,
    riskLevel: p.riskLevel,
    insuranceRequired: p.insuranceRequired,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    description: p.description,
    beneficiaries: p.beneficiaries,
    risks: p.risks,
    budgetYuan: p.budgetYuan,
    fundingSource: p.fundingSource,
    statusReason: p.statusReason,
    evaluationSummary: p.evaluationSummary,
    mayEdit: manages && EDITABLE_STATUSES.includes(p.status),
    actions,
    events: await q.eventsOf(db, p.id),
    figures: await q.figuresOf(db, p.id),
    ratings: ratingSummary(await q.ratingsOf(db, p.id)),
    mayRate: RATABLE.includes(p.status) ? await raterKind(db, actor, p.id) : null,
    myRating: await q.ratingBy(db, p.id, actor.accountId),
  };
}

/** Ratings open once the project runs (条例: evaluation at close draws on them). */
const RATABLE: readonly string[] = ['running', 'closed', 'evaluated'];

function ratingSummary(rows: Awaited<ReturnType<typeof q.ratingsOf>>) {
  const of = (kind: 'volunteer' | 'beneficiary') => {
    const r = rows.find((x) => x.rater_kind === kind);
    return { count: r?.n ?? 0, average: r?.average ?? null };
  };
  return { volunteer: of('volunteer'), beneficiary: of('beneficiary') };
}

/** Volunteers rate a project they served on; residents (the people served) rate as beneficiaries. */
async function raterKind(db: Db, actor: Actor, projectId: string): Promise<'volunteer' | 'beneficiary' | null> {
  if (!may(actor, 'project.rate', { accountId: actor.accountId })) return null;
  const self = await selfOf(db, actor);
  if (self && (await q.servedOn(db, projectId, self.id))) return 'volunteer';
  return actor.grants.some((g) => g.role === 'resident') ? 'beneficiary' : null;
}

export async function rateProject(db: Db, ctx: Ctx, id: string, input: { score: number; comment?: string }) {
  const found = await q.findProject(db, id);
  if (!found) throw notFound('entity.project');
  if (!RATABLE.includes(found.project.status)) throw new AppError('RULE_VIOLATION', 'project.notRatable');
  const kind = await raterKind(db, ctx.actor, id);
  if (!kind) throw new AppError('RULE_VIOLATION', 'project.mayNotRate');
  await db.transaction(async (tx) => {
    await q.saveRating(tx, {
      projectId: id,
      raterKind: kind,
      accountId: ctx.actor.accountId,
      score: input.score,
      comment: input.comment?.trim() || null,
    });
    await recordAudit(tx, ctx, {
      action: 'project.rate',
      entityType: 'project',
      entityId: id,
      areaCode: found.project.areaCode,
      summary: { kind, score: input.score },
    });
  });
  return getProject(db, ctx.actor, id);
}

/** Details change while the project is a draft, or after a rejection to revise it. */
export async function updateProject(db: Db, ctx: Ctx, id: string, patch: Partial<Omit<ProjectInput, 'organizationId'>>) {
  const row = await q.findProject(db, id);
  if (!row) throw notFound('entity.project');
  authorize(ctx.actor, 'project.manage', scopeOf(row.project), 'entity.project');
  await checkReferences(db, patch);
  await db.transaction(async (tx) => {
    const p = await q.lockProject(tx, id);
    if (!EDITABLE_STATUSES.includes(p.status)) throw new AppError('RULE_VIOLATION', 'project.notEditable');
    await q.updateProject(tx, id, cleaned(patch));
    await recordAudit(tx, ctx, {
      action: 'project.update',
      entityType: 'project',
      entityId: id,
      areaCode: patch.areaCode ?? p.areaCode,
      summary: { fields: Object.keys(patch) },
    });
  });
  return getProject(db, ctx.actor, id);
}

/**
 * One step of the lifecycle. The organizer submits, recruits, starts, closes and evaluates; the
 * office of the project's area approves or rejects. Submitting checks that the project says
 * what volunteers must know; every step is kept in the timeline and the audit log.
 */
export async function takeStep(db: Db, ctx: Ctx, id: string, action: ProjectAction, note: string | undefined) {
  const row = await q.findProject(db, id);
  if (!row) throw notFound('entity.project');
  const step = PROJECT_STEPS[action];
  const scope = scopeOf(row.project);
  if (!may(ctx.actor, 'project.read', scope)) throw notFound('entity.project');
  authorize(ctx.actor, step.by === 'office' ? 'project.review' : 'project.manage', scope, 'entity.project');
  await db.transaction(async (tx) => {
    const p = await q.lockProject(tx, id);
    const outcome = projectStep(p.status, action, note);
    if (!outcome.ok) {
      if (outcome.rule === 'reason') throw validation([{ field: 'note', rule: 'required', messageKey: 'project.reasonRequired' }]);
      if (outcome.rule === 'summary') throw validation([{ field: 'note', rule: 'required', messageKey: 'project.summaryRequired' }]);
      throw new AppError('RULE_VIOLATION', 'project.badTransition', { from: `project.status.${p.status}` });
    }
    if (action === 'submit') {
      const issues = readinessIssues(p);
      if (issues.length) throw validation(issues);
    }
    const text = note?.trim() || null;
    await q.updateProject(tx, id, {
      status: outcome.to,
      statusReason: action === 'reject' ? text : null,
      ...(action === 'evaluate' ? { evaluationSummary: text } : {}),
    });
    await q.insertEvent(tx, {
      projectId: id,
      action,
      fromStatus: p.status,
      toStatus: outcome.to,
      note: text,
      actorId: ctx.actor.accountId,
      actorLabel: ctx.actor.displayName,
    });
    await recordAudit(tx, ctx, {
      action: `project.${action}`,
      entityType: 'project',
      entityId: id,
      areaCode: p.areaCode,
      summary: { from: p.status, to: outcome.to, note: text },
    });
  });
  return getProject(db, ctx.actor, id);
}

export async function addCategory(db: Db, ctx: Ctx, input: { code: string; nameZh: string; nameEn: string }) {
  authorize(ctx.actor, 'projectCategory.manage', {}, 'entity.projectCategory');
  return db.transaction(async (tx) => {
    const inserted = await q.insertCategory(tx, { ...input, builtin: false });
    if (!inserted) throw validation([{ field: 'code', rule: 'unique', messageKey: 'project.categoryTaken', params: { code: input.code } }]);
    await recordAudit(tx, ctx, { action: 'projectCategory.create', entityType: 'projectCategory', entityId: input.code, summary: input });
    return inserted;
  });
}
