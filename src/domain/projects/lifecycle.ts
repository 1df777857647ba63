import type { Issue } from '../volunteers/registration.ts';

/**
 * A project's life (征集、申报、立项评审、实施、评估) as one transition table: the service asks it,
 * so no rule about "what may follow what" lives anywhere else.
 *
 *   draft → submitted → approved → recruiting → running → closed → evaluated
 *                     ↘ rejected → (revised) submitted again
 */
export const PROJECT_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'recruiting', 'running', 'closed', 'evaluated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_ACTIONS = ['submit', 'approve', 'reject', 'recruit', 'start', 'close', 'evaluate'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

/** Who takes a step: the organizing organization, or the office of the project's area (立项评审). */
export type ProjectActor = 'organizer' | 'office';

interface Step {
  from: readonly ProjectStatus[];
  to: ProjectStatus;
  by: ProjectActor;
  /** A rejection says why; an evaluation carries the organizer's summary. */
  needsText?: 'reason' | 'summary';
}

export const PROJECT_STEPS: Record<ProjectAction, Step> = {
  submit: { from: ['draft', 'rejected'], to: 'submitted', by: 'organizer' },
  approve: { from: ['submitted'], to: 'approved', by: 'office' },
  reject: { from: ['submitted'], to: 'rejected', by: 'office', needsText: 'reason' },
  recruit: { from: ['approved'], to: 'recruiting', by: 'organizer' },
  start: { from: ['recruiting'], to: 'running', by: 'organizer' },
  close: { from: ['running'], to: 'closed', by: 'organizer' },
  evaluate: { from: ['closed'], to: 'evaluated', by: 'organizer', needsText: 'summary' },
};

/** Details can change until the office has approved the project (and after a rejection, to revise it). */
export const EDITABLE_STATUSES: readonly ProjectStatus[] = ['draft', 'rejected'];

/** Volunteers see a project (and may join its activities) only once it is recruiting. */
export const PUBLIC_STATUSES: readonly ProjectStatus[] = ['recruiting', 'running', 'closed', 'evaluated'];

export type StepOutcome = { ok: true; to: ProjectStatus } | { ok: false; rule: 'transition' | 'reason' | 'summary' };

export function projectStep(from: ProjectStatus, action: ProjectAction, text: string | undefined): StepOutcome {
  const step = PROJECT_STEPS[action];
  if (!step.from.includes(from)) return { ok: false, rule: 'transition' };
  if (step.needsText && !text?.trim()) return { ok: false, rule: step.needsText };
  return { ok: true, to: step.to };
}

/** The steps open from a status, for the buttons a page shows. */
export const actionsFrom = (status: ProjectStatus): ProjectAction[] =>
  PROJECT_ACTIONS.filter((a) => PROJECT_STEPS[a].from.includes(status));

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface ProjectFacts {
  description: string;
  beneficiaries: string;
  risks: string;
  riskLevel: RiskLevel;
  insuranceRequired: boolean;
  budgetYuan: number | null;
  fundingSource: string | null;
}

/**
 * What a project must say before the office can review it. Volunteers must be told the risks
 * they take (条例 Art 12); physically risky work needs every participant insured (Art 17); a
 * budget names where its money comes from.
 */
export function readinessIssues(p: ProjectFacts): Issue[] {
  const issues: Issue[] = [];
  const blank = (s: string | null) => !s?.replace(/<[^>]*>/g, '').trim();
  if (blank(p.description)) issues.push({ field: 'description', rule: 'required', messageKey: 'project.descriptionRequired' });
  if (blank(p.beneficiaries)) issues.push({ field: 'beneficiaries', rule: 'required', messageKey: 'project.beneficiariesRequired' });
  if (p.riskLevel !== 'low' && blank(p.risks)) issues.push({ field: 'risks', rule: 'disclosed', messageKey: 'project.risksRequired' });
  if (p.riskLevel === 'high' && !p.insuranceRequired)
    issues.push({ field: 'insuranceRequired', rule: 'high_risk', messageKey: 'project.insuranceForHighRisk' });
  if (p.budgetYuan && p.budgetYuan > 0 && blank(p.fundingSource))
    issues.push({ field: 'fundingSource', rule: 'required', messageKey: 'project.fundingSourceRequired' });
  return issues;
}
