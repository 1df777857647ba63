import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES, type RequestStatus } from './catalog.ts';
import {
  escalationAreaOf,
  FINAL_STATUSES,
  isOverdue,
  REQUEST_ACTIONS,
  requestActionsFrom,
  requestStep,
  volunteerView,
} from './lifecycle.ts';

describe('requestStep', () => {
  it.each([
    ['new', 'triage', 'triaged'],
    ['triaged', 'assign', 'assigned'],
    ['triaged', 'publish', 'triaged'],
    ['triaged', 'take', 'assigned'],
    ['assigned', 'assign', 'assigned'],
    ['assigned', 'start', 'in_progress'],
    ['in_progress', 'done', 'done'],
    ['assigned', 'done', 'done'],
    ['done', 'rate', 'rated'],
    ['rated', 'close', 'closed'],
    ['done', 'close', 'closed'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(requestStep(from, action, 'x')).toEqual({ ok: true, to });
  });

  it.each([
    ['new', 'assign'],
    ['new', 'start'],
    ['triaged', 'done'],
    ['done', 'cancel'],
    ['closed', 'rate'],
    ['merged', 'triage'],
    ['cancelled', 'triage'],
  ] as const)('refuses %s --%s-->', (from, action) => {
    expect(requestStep(from, action, 'x')).toEqual({ ok: false, rule: 'transition' });
  });

  it('cancelling needs a reason', () => {
    expect(requestStep('triaged', 'cancel', '  ')).toEqual({ ok: false, rule: 'reason' });
    expect(requestStep('triaged', 'cancel', '重复登记')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('any sequence of steps from new stays among the statuses, never leaves a final one, and never reaches merged', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REQUEST_ACTIONS), { maxLength: 30 }), (actions) => {
        let status: RequestStatus = 'new';
        for (const action of actions) {
          const outcome = requestStep(status, action, 'reason');
          if (FINAL_STATUSES.includes(status)) expect(outcome.ok).toBe(false);
          if (outcome.ok) status = outcome.to;
          expect(REQUEST_STATUSES).toContain(status);
          expect(status).not.toBe('merged');
        }
      }),
    );
  });

  it('the buttons offered from a status are exactly the steps that succeed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REQUEST_STATUSES), (status) => {
        const offered = requestActionsFrom(status);
        for (const action of REQUEST_ACTIONS) expect(requestStep(status, action, 'r').ok).toBe(offered.includes(action));
      }),
    );
  });
});

describe('volunteerView (条例 Art 21)', () => {
  it.each([
    ['triaged', false, 'masked'],
    ['triaged', true, 'masked'],
    ['assigned', true, 'full'],
    ['in_progress', true, 'full'],
    ['assigned', false, 'masked'],
    ['done', true, 'minimal'],
    ['closed', true, 'minimal'],
    ['rated', true, 'minimal'],
    ['cancelled', true, 'minimal'],
  ] as const)('%s, assigned %s → %s', (status, assigned, view) => {
    expect(volunteerView(status, assigned)).toBe(view);
  });
});

describe('escalation', () => {
  const due = { triageDueAt: new Date('2026-12-07T02:00:00Z'), assignDueAt: new Date('2026-12-07T10:00:00Z') };
  it.each([
    ['new', '2026-12-07T01:59:59Z', false],
    ['new', '2026-12-07T02:00:00Z', true],
    ['triaged', '2026-12-07T05:00:00Z', false],
    ['triaged', '2026-12-07T10:00:00Z', true],
    ['assigned', '2026-12-08T00:00:00Z', false],
  ] as const)('%s at %s overdue: %s', (status, now, overdue) => {
    expect(isOverdue({ status, ...due }, new Date(now))).toBe(overdue);
  });

  it('climbs community → street → district → city and stays there', () => {
    expect([0, 1, 2, 3, 4].map((l) => escalationAreaOf('330106001001', l))).toEqual([
      '330106001001',
      '330106001',
      '330106',
      '3301',
      '3301',
    ]);
  });
});
