import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import type { HotlineOutcome } from '../../domain/requests/catalog.ts';
import type { AuditContext } from '../../platform/audit.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { maskMobile, maskName } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { authorize, grantsReaching, may } from '../../platform/policy.ts';
import { findByPhone, historyFor, readable, toBeneficiary } from '../beneficiaries/index.ts';
import { volunteerStanding } from '../records/index.ts';
import { byPhoneIndex, byVolunteerNo, findVolunteer } from '../volunteers/index.ts';
import * as q from './hotline.queries.ts';

type Ctx = AuditContext & { actor: Actor };

/** The area an operator answers for: the first grant that reaches hotline.answer (an operator has one seat). */
function seatArea(actor: Actor): string {
  const area = grantsReaching(actor, 'hotline.answer').find((g) => g.reach === 'area' && g.grant.areaCode)?.grant.areaCode;
  if (!area) throw new AppError('FORBIDDEN', 'hotline.noSeat');
  return area;
}

function callerPhone(input: string, field: string): string {
  const phone = normalizeMobile(input);
  if (!phone) throw fieldError(field, 'mobile', 'hotline.badPhone');
  return phone;
}

export const toCall = (c: q.CallListRow) => ({
  ...c,
  startedAt: c.startedAt.toISOString(),
  endedAt: c.endedAt?.toISOString() ?? null,
  durationSeconds: c.endedAt ? Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000) : null,
});

/**
 * A call comes in: it is logged at once (operator, time, the caller's number sealed, the
 * operator's area) and the people that number belongs to are found, each with their recent requests.
 */
export async function startCall(db: Db, config: Config, ctx: Ctx, input: string) {
  const areaCode = seatArea(ctx.actor);
  authorize(ctx.actor, 'hotline.answer', { areaCode }, 'entity.hotlineCall');
  const phone = callerPhone(input, 'callerPhone');
  const found = await findByPhone(db, config, ctx.actor, phone);
  const sealed = seal(config.piiKeys, phone);
  const id = await q.insertCall(db, {
    operatorAccountId: ctx.actor.accountId,
    areaCode,
    callerPhoneCipher: sealed.cipher,
    callerPhoneKeyVersion: sealed.keyVersion,
    callerPhoneIndex: blindIndex(config.piiKeys, 'phone', phone),
    callerPhoneMasked: maskMobile(phone),
    // One person on that number: the call is theirs; several (a daughter calling for both parents): the operator picks.
    beneficiaryId: found.length === 1 ? found[0].id : null,
  });
  const history = await historyFor(
    db,
    found.map((b) => b.id),
    5,
  );
  return {
    call: toCall((await q.findCall(db, id)) as q.CallListRow),
    beneficiaries: found.map((b) => ({
      ...toBeneficiary(b, ctx.actor),
      callerIs: b.phoneIndex === blindIndex(config.piiKeys, 'phone', phone) ? ('self' as const) : ('contact' as const),
      history: history.filter((h) => h.beneficiaryId === b.id),
    })),
  };
}

export interface CallEnd {
  outcome: HotlineOutcome;
  notes?: string;
  beneficiaryId?: string | null;
  requestId?: string | null;
}

/** A link the operator may not follow is answered as if it did not exist: 404 naming the field. */
const linkMissing = (field: 'beneficiaryId' | 'requestId') =>
  new AppError('NOT_FOUND', 'hotline.linkMissing', {}, [{ field, rule: 'exists', messageKey: 'hotline.linkMissing' }]);

/**
 * Ends (or amends) a call with its outcome and notes; links the person and the request it was about.
 * Only the operator who took the call may: to anyone else it is a call that does not exist.
 */
export async function endCall(db: Db, ctx: Ctx, id: string, input: CallEnd) {
  const call = await q.findCallRow(db, id);
  if (!call || call.operatorAccountId !== ctx.actor.accountId) throw notFound('entity.hotlineCall');
  authorize(ctx.actor, 'hotline.answer', { areaCode: call.areaCode }, 'entity.hotlineCall');
  if (input.beneficiaryId) {
    // The person must exist and be one the operator may see: otherwise linking would reveal them.
    if (!(await readable(db, ctx.actor, input.beneficiaryId))) throw linkMissing('beneficiaryId');
  }
  if (input.requestId) {
    // Same for the request: its number would show in the call log.
    const scope = await q.requestScopeOf(db, input.requestId);
    if (!scope || !may(ctx.actor, 'request.read', scope)) throw linkMissing('requestId');
  }
  await q.updateCall(db, id, {
    outcome: input.outcome,
    notes: input.notes ?? call.notes,
    endedAt: call.endedAt ?? new Date(),
    ...(input.beneficiaryId !== undefined ? { beneficiaryId: input.beneficiaryId } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
  });
  return toCall((await q.findCall(db, id)) as q.CallListRow);
}

/** Days are China days: `from`..`to` inclusive. */
const chinaMidnight = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000);

export async function listCalls(
  db: Db,
  config: Config,
  actor: Actor,
  f: Omit<q.CallFilter, 'from' | 'until' | 'phoneIndex' | 'operatorAccountId'> & {
    from?: string;
    to?: string;
    phone?: string;
    mine?: boolean;
  },
) {
  const phoneIndex = f.phone ? blindIndex(config.piiKeys, 'phone', callerPhone(f.phone, 'phone')) : undefined;
  const { items, total } = await q.listCalls(db, actor, {
    ...f,
    phoneIndex,
    operatorAccountId: f.mine ? actor.accountId : undefined,
    from: f.from ? chinaMidnight(f.from) : undefined,
    until: f.to ? chinaMidnight(f.to, 1) : undefined,
  });
  return { items: items.map(toCall), total };
}

/**
 * A caller asks about a volunteer (by volunteer number or phone): the masked name, status, stars
 * and confirmed hours — what the volunteer's own certificate would show anyone, nothing more.
 */
export async function volunteerStatus(db: Db, config: Config, actor: Actor, by: { number?: string; phone?: string }) {
  authorize(actor, 'hotline.answer', { areaCode: seatArea(actor) }, 'entity.volunteer');
  if (!by.number === !by.phone) throw fieldError('number', 'oneOf', 'hotline.lookupOne');
  const where = by.number
    ? byVolunteerNo(by.number.trim().toUpperCase())
    : byPhoneIndex(blindIndex(config.piiKeys, 'phone', callerPhone(by.phone as string, 'phone')));
  const row = await findVolunteer(db, where);
  if (!row || row.volunteer.status === 'deregistered') throw notFound('entity.volunteer');
  const v = row.volunteer;
  return { volunteerNo: v.volunteerNo, nameMasked: maskName(v.name), status: v.status, ...(await volunteerStanding(db, v.id)) };
}
