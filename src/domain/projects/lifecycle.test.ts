import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionsFrom,
  PROJECT_ACTIONS,
  PROJECT_STATUSES,
  type ProjectAction,
  type ProjectFacts,
  type ProjectStatus,
  projectStep,
  readinessIssues,
} from './lifecycle.ts';

describe('the project lifecycle', () => {
  it('walks from draft to evaluated, one step at a time', () => {
    const path: [ProjectAction, ProjectStatus, string?][] = [
      ['submit', 'submitted'],
      ['approve', 'approved'],
      ['recruit', 'recruiting'],
      ['start', 'running'],
      ['close', 'closed'],
      ['evaluate', 'evaluated', '服务老人 120 人次，满意度高'],
    ];
    let status: ProjectStatus = 'draft';
    for (const [action, to, text] of path) {
      expect(projectStep(status, action, text)).toEqual({ ok: true, to });
      status = to;
    }
    expect(actionsFrom(status)).toEqual([]);
  });

  it('a rejection needs a reason, and a rejected project can be revised and submitted again', () => {
    expect(projectStep('submitted', 'reject', ' ')).toEqual({ ok: false, rule: 'reason' });
    expect(projectStep('submitted', 'reject', '风险告知不充分')).toEqual({ ok: true, to: 'rejected' });
    expect(projectStep('rejected', 'submit', undefined)).toEqual({ ok: true, to: 'submitted' });
    expect(projectStep('closed', 'evaluate', '')).toEqual({ ok: false, rule: 'summary' });
  });

  it('refuses every step out of order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROJECT_STATUSES), fc.constantFrom(...PROJECT_ACTIONS), (from, action) => {
        const outcome = projectStep(from, action, 'text');
        expect(outcome.ok).toBe(actionsFrom(from).includes(action));
      }),
    );
    expect(projectStep('draft', 'approve', undefined)).toEqual({ ok: false, rule: 'transition' });
    expect(projectStep('submitted', 'start', undefined)).toEqual({ ok: false, rule: 'transition' });
    expect(projectStep('evaluated', 'close', undefined)).toEqual({ ok: false, rule: 'transition' });
  });
});

describe('readiness for review', () => {
  const ready: ProjectFacts = {
    description: '<p>为独居老人每周上门陪伴</p>',
    beneficiaries: '社区独居老人',
    risks: '',
    riskLevel: 'low',
    insuranceRequired: false,
    budgetYuan: null,
    fundingSource: null,
  };

  it('accepts a complete low-risk project', () => {
    expect(readinessIssues(ready)).toEqual([]);
  });

  it('names each missing disclosure', () => {
    const fields = (p: Partial<ProjectFacts>) => readinessIssues({ ...ready, ...p }).map((i) => `${i.field}:${i.rule}`);
    expect(fields({ description: '<p> </p>' })).toEqual(['description:required']);
    expect(fields({ riskLevel: 'medium' })).toEqual(['risks:disclosed']);
    expect(fields({ riskLevel: 'high', risks: '水域救援有溺水风险' })).toEqual(['insuranceRequired:high_risk']);
    expect(fields({ budgetYuan: 5000 })).toEqual(['fundingSource:required']);
    expect(fields({ beneficiaries: ' ' })).toEqual(['beneficiaries:required']);
  });
});
