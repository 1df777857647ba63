/**
 * The filing workflow of organizations and the life of a membership, as transition tables: the
 * service asks these, so no rule about "what may follow what" lives anywhere else.
 */
export const ORGANIZATION_STATUSES = ['pending', 'active', 'rejected', 'suspended', 'revoked'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export const REVIEW_DECISIONS = ['approve', 'reject', 'suspend', 'reinstate', 'revoke'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const REVIEW: Record<ReviewDecision, { from: OrganizationStatus[]; to: OrganizationStatus; needsReason: boolean }> = {
  approve: { from: ['pending'], to: 'active', needsReason: false },
  reject: { from: ['pending'], to: 'rejected', needsReason: true },
  suspend: { from: ['active'], to: 'suspended', needsReason: true },
  reinstate: { from: ['suspended'], to: 'active', needsReason: false },
  // Revocation ends an organization for good; its history stays.
  revoke: { from: ['active', 'suspended'], to: 'revoked', needsReason: true },
};

export type Outcome<T> = { ok: true; to: T } | { ok: false; rule: 'transition' | 'reason' };

export function review(from: OrganizationStatus, decision: ReviewDecision, reason: string | undefined): Outcome<OrganizationStatus> {
  const step = REVIEW[decision];
  if (!step.from.includes(from)) return { ok: false, rule: 'transition' };
  if (step.needsReason && !reason?.trim()) return { ok: false, rule: 'reason' };
  return { ok: true, to: step.to };
}

export const JOIN_MODES = ['open', 'approval', 'invitation'] as const;
export type JoinMode = (typeof JOIN_MODES)[number];
export const MEMBER_ROLES = ['leader', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type MemberStatus = 'applied' | 'invited' | 'active' | 'left' | 'removed' | 'rejected';
/** No row yet, or a membership that ended: a fresh start is possible. */
export type MemberState = MemberStatus | 'none';

const ENDED: MemberState[] = ['none', 'left', 'removed', 'rejected'];

export type MemberEvent = 'join' | 'invite' | 'approve' | 'reject' | 'remove' | 'leave';

export type MemberOutcome = { ok: true; to: MemberStatus } | { ok: false; rule: 'transition' | 'invitation_only' | 'last_leader' };

/**
 * The membership rules: joining follows the organization's mode (open → member at once,
 * approval → an application, invitation → only by accepting an invitation); the last leader
 * can neither leave nor be removed.
 */
export function membershipStep(state: MemberState, event: MemberEvent, ctx: { joinMode: JoinMode; isLastLeader: boolean }): MemberOutcome {
  const leaving = event === 'leave' || event === 'remove';
  if (leaving && ctx.isLastLeader && state === 'active') return { ok: false, rule: 'last_leader' };
  switch (event) {
    case 'join':
      if (state === 'invited') return { ok: true, to: 'active' };
      if (!ENDED.includes(state)) return { ok: false, rule: 'transition' };
      if (ctx.joinMode === 'invitation') return { ok: false, rule: 'invitation_only' };
      return { ok: true, to: ctx.joinMode === 'open' ? 'active' : 'applied' };
    case 'invite':
      if (state === 'applied') return { ok: true, to: 'active' };
      return ENDED.includes(state) ? { ok: true, to: 'invited' } : { ok: false, rule: 'transition' };
    case 'approve':
      return state === 'applied' ? { ok: true, to: 'active' } : { ok: false, rule: 'transition' };
    case 'reject':
      return state === 'applied' ? { ok: true, to: 'rejected' } : { ok: false, rule: 'transition' };
    case 'remove':
      return state === 'active' || state === 'invited' ? { ok: true, to: 'removed' } : { ok: false, rule: 'transition' };
    case 'leave':
      return state === 'active' || state === 'applied' || state === 'invited'
        ? { ok: true, to: 'left' }
        : { ok: false, rule: 'transition' };
  }
}
