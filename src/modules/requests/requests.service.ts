import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import type { ScopedResource } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { DEFAULT_REQUEST_SLA, type RequestChannel, type RequestSla, type RequestUrgency } from '../../domain/requests/catalog.ts';
import { type GuardFinding, guardFindings, guardRange } from '../../domain/requests/over-service.ts';
import { maskPlace } from '../../domain/requests/place-mask.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Locale, MessageKey } from '../../platform/i18n/messages.ts';
import { seal, unseal } from '../../platform/pii.ts';
import { authorize, may } from '../../platform/policy.ts';
import { requestRaised } from '../../platform/request-hooks.ts';
import { readSetting } from '../../platform/settings.ts';
import { knownSkillCodes } from '../volunteers/index.ts';
import * as q from './requests.queries.ts';

export type Ctx = AuditContext & { actor: Actor; locale: Locale };

export interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}
export const invalid = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

export interface RequestInput {
  beneficiaryId: string;
  categoryCode: string;
  windowStart: Date;
  windowEnd: Date;
  urgency?: RequestUrgency;
  headcount?: number;
  skills?: string[];
  notes?: string;
  place?: { address: string; areaCode?: string; lat?: number; lng?: number };
  channel: RequestChannel;
  stationId?: string;
  callId?: string;
  guardOverrideReason?: string;
  /** The raiser pays in time credits (docs/incentives.md): held at raising by the time bank's hook. */
  payInCredits?: boolean;
}

/** A request is the beneficiary's: its scope is theirs (their area, station, own account) and the place's area. */
export const beneficiaryScope = (b: q.BeneficiaryRow, areaCode = b.areaCode): ScopedResource => ({
  areaCode,
  stationId: b.stationId,
  accountId: b.accountId,
});

export const requestScope = (r: q.RequestRow, b: { accountId: string | null }): ScopedResource => ({
  areaCode: r.areaCode,
  organizationId: r.organizationId,
  stationId: r.stationId,
  accountId: b.accountId,
});

/** A request for "right now" written down a few minutes late is still fine; older windows are in the past. */
const PAST_GRACE_MS = 15 * 60_000;
/** A request is for help within the coming year, and one service lasts at most a day (its shift is one activity). */
const AHEAD_DAYS = 366;
const LONGEST_HOURS = 24;

async function checkInput(db: Executor, ctx: Ctx, b: q.BeneficiaryRow, input: RequestInput, now: Date) {
  const issues: Issue[] = [];
  const areaCode = input.place?.areaCode ?? b.areaCode;
  const { category, areaName, sla } = await q.creationContext(db, input.categoryCode, areaCode);
  if (!category?.active)
    issues.push({ field: 'categoryCode', rule: 'exists', messageKey: 'request.categoryMissing', params: { code: input.categoryCode } });
  if (b.status !== 'active') issues.push({ field: 'beneficiaryId', rule: 'active', messageKey: 'request.beneficiaryInactive' });
  // A volunteer must be able to reach the person: a phone of theirs or a family contact's, their own
  // account (the phone page), or the station that looks after them.
  if (!b.phoneCipher && !b.contactPhoneCipher && !b.accountId && !b.stationId && !input.stationId)
    issues.push({ field: 'beneficiaryId', rule: 'reachable', messageKey: 'request.unreachable', params: { name: b.name } });
  if (!input.place && !b.addressCipher) issues.push({ field: 'place', rule: 'required', messageKey: 'request.placeRequired' });
  if (areaName === undefined)
    issues.push({ field: 'place.areaCode', rule: 'exists', messageKey: 'request.areaMissing', params: { code: areaCode } });
  else if (!may(ctx.actor, 'request.create', beneficiaryScope(b, areaCode)))
    issues.push({ field: 'place.areaCode', rule: 'scope', messageKey: 'request.areaOutOfScope', params: { code: areaCode } });
  if (input.windowStart.getTime() < now.getTime() - PAST_GRACE_MS)
    issues.push({ field: 'windowStart', rule: 'future', messageKey: 'request.windowPast' });
  if (input.windowEnd <= input.windowStart) issues.push({ field: 'windowEnd', rule: 'afterStart', messageKey: 'request.windowOrder' });
  if (input.windowStart.getTime() > now.getTime() + AHEAD_DAYS * 86_400_000)
    issues.push({ field: 'windowStart', rule: 'withinYear', messageKey: 'request.windowFar', params: { days: AHEAD_DAYS } });
  if (input.windowEnd.getTime() - input.windowStart.getTime() > LONGEST_HOURS * 3_600_000)
    issues.push({ field: 'windowEnd', rule: 'maxLength', messageKey: 'request.windowLong', params: { hours: LONGEST_HOURS } });
  const headcount = input.headcount ?? 1;
  if (category && headcount > category.maxVolunteers)
    issues.push({
      field: 'headcount',
      rule: 'max',
      messageKey: 'request.headcountMax',
      params: { max: category.maxVolunteers, category: category.nameZh },
    });
  const skills = input.skills ?? category?.defaultSkills ?? [];
  const known = await knownSkillCodes(db, skills);
  const unknown = skills.filter((s) => !known.has(s));
  if (unknown.length)
    issues.push({ field: 'skills', rule: 'exists', messageKey: 'request.skillsMissing', params: { codes: unknown.join(', ') } });
  if (input.stationId && !(await q.stationExists(db, input.stationId)))
    issues.push({ field: 'stationId', rule: 'exists', messageKey: 'request.stationMissing' });
  if (input.callId) {
    const call = await q.findHotlineCall(db, input.callId);
    if (!call || call.operatorAccountId !== ctx.actor.accountId)
      issues.push({ field: 'callId', rule: 'exists', messageKey: 'request.callMissing' });
  }
  if (issues.length || !category || areaName === undefined) throw invalid(issues);
  return { category, areaCode, areaName, sla, headcount, skills };
}

/** The guard's refusal: 422 naming the override reason, each finding in the details. */
export function guardBlocked(findings: GuardFinding[], name: string) {
  return new AppError(
    'RULE_VIOLATION',
    'request.guardBlocked',
    { name, count: findings[0].count, limit: findings[0].limit },
    findings.map((f) => ({
      field: 'guardOverrideReason',
      rule: 'serviceGuard',
      messageKey: `request.guard.${f.rule}` as MessageKey,
      params: { count: f.count, limit: f.limit, period: f.period },
      guard: f,
    })),
  );
}

/** A reason worth the name: four characters at least (an override is audited and read later). */
export const overrideReason = (text: string | undefined) => (text && text.trim().length >= 4 ? text.trim() : undefined);

/** Due times from the city's SLA for the urgency. */
export async function dueTimes(db: Executor, urgency: RequestUrgency, from: Date) {
  return dueTimesOf(await readSetting(db, 'requestSla'), urgency, from);
}

/** Due times from an SLA setting as read (undefined: never saved, the defaults apply). */
function dueTimesOf(setting: RequestSla | undefined, urgency: RequestUrgency, from: Date) {
  const sla = (setting ?? DEFAULT_REQUEST_SLA)[urgency] ?? DEFAULT_REQUEST_SLA[urgency];
  return {
    triageDueAt: new Date(from.getTime() + sla.triageMinutes * 60_000),
    assignDueAt: new Date(from.getTime() + sla.assignMinutes * 60_000),
  };
}

/** What a raised request answers with, from what was written (nothing is read back). */
export interface CreatedRequest {
  id: string;
  merged: boolean;
  view: q.RequestViewRow;
  /** The new request's events, in the order the timeline reads them. */
  events: q.EventView[];
  person: q.BeneficiaryRow;
}

/**
 * Raises a request: under the beneficiary's lock, checks every rule first (nothing half-written),
 * merges a duplicate of an open request or applies the over-service guard, and writes the request,
 * its events, the hotline call's link and any override's audit entry in one transaction.
 * The answer is built from what was written: a hotline operator saves while the caller waits, and
 * reading the request back cost as much as checking it (bench/hotline.bench.ts).
 */
export async function createRequest(db: Db, config: Config, ctx: Ctx, input: RequestInput, now = new Date()): Promise<CreatedRequest> {
  return db.transaction(async (tx) => {
    // The person is locked as they are read: their requests are decided one at a time, and a
    // refusal below rolls back having written nothing.
    const b = await q.findBeneficiaryLocked(tx, input.beneficiaryId);
    if (!b) throw notFound('entity.requestBeneficiary');
    authorize(ctx.actor, 'request.create', beneficiaryScope(b), 'entity.requestBeneficiary');
    const { category, areaCode, areaName, sla, headcount, skills } = await checkInput(tx, ctx, b, input, now);
    const urgency = input.urgency ?? 'normal';
    // The masked place is always worked out from the full address by the one rule (never the
    // beneficiary record's own masked form, which keeps the building for the office's eyes).
    const place = input.place
      ? {
          ...seal(config.piiKeys, input.place.address),
          masked: maskPlace(input.place.address, areaName),
          lat: input.place.lat ?? null,
          lng: input.place.lng ?? null,
        }
      : {
          cipher: b.addressCipher,
          keyVersion: b.addressKeyVersion,
          masked: maskPlace(unsealAddress(config, b), areaName),
          lat: b.lat,
          lng: b.lng,
        };
    const { from, to } = guardRange(input.windowStart);
    const around = await q.requestsAround(tx, b.id, category.code, chinaDate(input.windowStart), from, to);
    const duplicate = around.duplicate;
    let findings: GuardFinding[] = [];
    const reason = overrideReason(input.guardOverrideReason);
    if (!duplicate) {
      findings = guardFindings(category.guard, around.services, input.windowStart);
      if (
        findings.length &&
        category.guard?.mode === 'block' &&
        !(reason && may(ctx.actor, 'request.overrideGuard', beneficiaryScope(b, areaCode)))
      )
        throw guardBlocked(findings, b.name);
    }
    const row = await q.insertNumberedRequest(tx, chinaDate(now), {
      beneficiaryId: b.id,
      categoryCode: category.code,
      areaCode,
      placeCipher: place.cipher,
      placeKeyVersion: place.keyVersion,
      placeMasked: place.masked,
      lat: place.lat,
      lng: place.lng,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      urgency,
      headcount,
      skills,
      notes: input.notes ?? '',
      channel: input.channel,
      status: duplicate ? 'merged' : 'new',
      mergedInto: duplicate?.id ?? null,
      stationId: input.stationId ?? b.stationId,
      ...dueTimesOf(sla, urgency, now),
      createdBy: ctx.actor.accountId,
      createdAt: now,
    });
    const requestNo = row.requestNo;
    const by = ctx.actor.accountId;
    // Ids given here, so the answer lists the events in the order a read of them gives (at, id).
    const events: Parameters<typeof q.insertEvents>[1] = [
      { requestId: row.id, kind: 'created', toStatus: 'new', actorAccountId: by, params: { channel: input.channel }, at: now },
    ];
    if (duplicate) {
      events.push(
        {
          requestId: row.id,
          kind: 'merged',
          fromStatus: 'new',
          toStatus: 'merged',
          actorAccountId: by,
          params: { into: duplicate.requestNo },
          at: now,
        },
        { requestId: duplicate.id, kind: 'merged', actorAccountId: by, params: { from: requestNo }, at: now },
      );
    }
    const overridden = findings.length > 0 && category.guard?.mode === 'block';
    for (const f of findings) {
      const params = { rule: f.rule, count: f.count, limit: f.limit, period: f.period, ...(overridden ? { reason: reason ?? '' } : {}) };
      events.push({ requestId: row.id, kind: overridden ? 'guard_overridden' : 'guard_warned', actorAccountId: by, params, at: now });
    }
    for (const e of events) e.id = randomUUID();
    await q.insertEvents(tx, events);
    if (overridden)
      await recordAudit(tx, ctx, {
        action: 'request.overrideGuard',
        entityType: 'service_request',
        entityId: row.id,
        areaCode,
        summary: { requestNo, categoryCode: category.code, reason, findings },
      });
    if (input.callId) await q.linkHotlineCall(tx, input.callId, row.id);
    // Paid in credits: the time bank holds window hours × headcount of the raiser's credits, or refuses
    // (rolling all of this back). A request merged into an open one is not a new service: nothing is held.
    if (!duplicate)
      await requestRaised(tx, config.ledgerKey, {
        requestId: row.id,
        requestNo,
        raisedByAccountId: ctx.actor.accountId,
        beneficiaryAccountId: b.accountId ?? null,
        estimatedHours: ((input.windowEnd.getTime() - input.windowStart.getTime()) / 3_600_000) * headcount,
        payInCredits: !!input.payInCredits,
      });
    return {
      id: row.id,
      merged: !!duplicate,
      view: {
        request: row,
        beneficiary: { id: b.id, name: b.name, kind: b.kind, accountId: b.accountId },
        categoryNameZh: category.nameZh,
        categoryNameEn: category.nameEn,
        organizationName: null,
        mergedIntoNo: duplicate?.requestNo ?? null,
      },
      events: events
        .filter((e) => e.requestId === row.id)
        .sort((x, y) => ((x.id ?? '') < (y.id ?? '') ? -1 : 1))
        .map((e) => ({
          kind: e.kind,
          fromStatus: e.fromStatus ?? null,
          toStatus: e.toStatus ?? null,
          params: e.params ?? {},
          at: now,
          actorName: ctx.actor.displayName,
        })),
      person: b,
    };
  });
}

/** The beneficiary's address on record (checkInput made sure there is one when no place is given). */
const unsealAddress = (config: Config, b: q.BeneficiaryRow) =>
  b.addressCipher ? unseal(config.piiKeys, { cipher: b.addressCipher, keyVersion: b.addressKeyVersion ?? 1 }) : '';
