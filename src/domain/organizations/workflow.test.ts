import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOIN_MODES, type MemberEvent, type MemberState, membershipStep, REVIEW_DECISIONS, review } from './workflow.ts';

describe('the filing workflow', () => {
  it.each([
    ['pending', 'approve', undefined, 'active'],
    ['pending', 'reject', '材料不全', 'rejected'],
    ['active', 'suspend', '未按规定开展活动', 'suspended'],
    ['suspended', 'reinstate', undefined, 'active'],
    ['suspended', 'revoke', '长期停止活动', 'revoked'],
    ['active', 'revoke', '违法违规', 'revoked'],
  ] as const)('%s → %s gives %s', (from, decision, reason, to) => {
    expect(review(from, decision, reason)).toEqual({ ok: true, to });
  });

  it('needs a reason to reject, suspend or revoke', () => {
    expect(review('pending', 'reject', '  ')).toEqual({ ok: false, rule: 'reason' });
    expect(review('active', 'suspend', undefined)).toEqual({ ok: false, rule: 'reason' });
    expect(review('active', 'revoke', '')).toEqual({ ok: false, rule: 'reason' });
  });

  it('never leaves a final status (rejected, revoked) whatever the decision', () => {
    fc.assert(
      fc.property(fc.constantFrom('rejected', 'revoked'), fc.constantFrom(...REVIEW_DECISIONS), (from, decision) => {
        expect(review(from, decision, 'any reason').ok).toBe(false);
      }),
    );
  });
});

describe('memberships', () => {
  const ctx = (joinMode: (typeof JOIN_MODES)[number], isLastLeader = false) => ({ joinMode, isLastLeader });

  it('joins according to the join mode', () => {
    expect(membershipStep('none', 'join', ctx('open'))).toEqual({ ok: true, to: 'active' });
    expect(membershipStep('none', 'join', ctx('approval'))).toEqual({ ok: true, to: 'applied' });
    expect(membershipStep('none', 'join', ctx('invitation'))).toEqual({ ok: false, rule: 'invitation_only' });
    expect(membershipStep('invited', 'join', ctx('invitation'))).toEqual({ ok: true, to: 'active' });
    expect(membershipStep('left', 'join', ctx('open'))).toEqual({ ok: true, to: 'active' });
    expect(membershipStep('active', 'join', ctx('open'))).toEqual({ ok: false, rule: 'transition' });
  });

  it('approves, rejects and removes only from the right state', () => {
    expect(membershipStep('applied', 'approve', ctx('approval'))).toEqual({ ok: true, to: 'active' });
    expect(membershipStep('applied', 'reject', ctx('approval'))).toEqual({ ok: true, to: 'rejected' });
    expect(membershipStep('active', 'approve', ctx('approval'))).toEqual({ ok: false, rule: 'transition' });
    expect(membershipStep('active', 'remove', ctx('open'))).toEqual({ ok: true, to: 'removed' });
    expect(membershipStep('applied', 'invite', ctx('approval'))).toEqual({ ok: true, to: 'active' });
  });

  it('never lets the last leader go, by leaving or by removal', () => {
    fc.assert(
      fc.property(fc.constantFrom<MemberEvent>('leave', 'remove'), fc.constantFrom(...JOIN_MODES), (event, mode) => {
        expect(membershipStep('active', event, ctx(mode, true))).toEqual({ ok: false, rule: 'last_leader' });
      }),
    );
  });

  it('only ever moves to a status that exists', () => {
    const states: MemberState[] = ['none', 'applied', 'invited', 'active', 'left', 'removed', 'rejected'];
    const events: MemberEvent[] = ['join', 'invite', 'approve', 'reject', 'remove', 'leave'];
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...events), fc.constantFrom(...JOIN_MODES), fc.boolean(), (s, e, m, last) => {
        const outcome = membershipStep(s, e, ctx(m, last));
        if (outcome.ok) expect(['applied', 'invited', 'active', 'left', 'removed', 'rejected']).toContain(outcome.to);
      }),
    );
  });
});
