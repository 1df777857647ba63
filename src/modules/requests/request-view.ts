import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { BeneficiaryKind } from '../../domain/requests/catalog.ts';
import { isOverdue, requestActionsFrom, volunteerView } from '../../domain/requests/lifecycle.ts';
import { recordAudit } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import { maskName } from '../../platform/masking.ts';
import { unseal } from '../../platform/pii.ts';
import { may, mayAtAll } from '../../platform/policy.ts';
import { selfOf } from '../volunteers/index.ts';
import * as q from './requests.queries.ts';
import { type CreatedRequest, type Ctx, requestScope } from './requests.service.ts';

type View = NonNullable<q.RequestView>;

/** The fields every viewer sees; who sees the person and the place is decided by the caller. */
function base(v: View, locale: Locale, now: Date) {
  const r = v.request;
  return {
    id: r.id,
    requestNo: r.requestNo,
    status: r.status,
    categoryCode: r.categoryCode,
    categoryName: locale === 'zh-CN' ? v.categoryNameZh : v.categoryNameEn,
    areaCode: r.areaCode,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    urgency: r.urgency,
    headcount: r.headcount,
    skills: r.skills,
    channel: r.channel,
    escalationLevel: r.escalationLevel,
    escalatedAt: r.escalatedAt,
    triageDueAt: r.triageDueAt,
    assignDueAt: r.assignDueAt,
    overdue: isOverdue(r, now),
    publishedAt: r.publishedAt,
    organizationId: r.organizationId,
    organizationName: v.organizationName,
    stationId: r.stationId,
    activityId: r.activityId,
    rating: r.rating,
    ratingComment: r.ratingComment,
    createdAt: r.createdAt,
    mergedInto: r.mergedInto ? { id: r.mergedInto, requestNo: v.mergedIntoNo ?? '' } : null,
  };
}

export type Presented = ReturnType<typeof base> & {
  notes: string;
  placeMasked: string | null;
  place: string | null;
  beneficiary: { id: string; name: string; kind: BeneficiaryKind; phone: string | null } | null;
};

/** As the list shows it to those who may read requests: the person's name, the masked place. */
export function presentForList(v: View, locale: Locale, now: Date): Presented {
  const b = v.beneficiary;
  return {
    ...base(v, locale, now),
    notes: v.request.notes,
    placeMasked: v.request.placeMasked,
    place: null,
    beneficiary: { id: b.id, name: b.name, kind: b.kind, phone: null },
  };
}

const guardWarnings = (events: Awaited<ReturnType<typeof q.eventsOf>>) =>
  events
    .filter((e) => e.kind === 'guard_warned' || e.kind === 'guard_overridden')
    .map((e) => ({
      rule: String(e.params.rule),
      count: Number(e.params.count),
      limit: Number(e.params.limit),
      period: String(e.params.period),
    }));

/** How a person can be called: their own phone, else the family contact's. */
function phoneOf(config: Config, b: q.BeneficiaryRow) {
  const sealed = b.phoneCipher
    ? { cipher: b.phoneCipher, keyVersion: b.phoneKeyVersion ?? 1 }
    : b.contactPhoneCipher
      ? { cipher: b.contactPhoneCipher, keyVersion: b.contactPhoneKeyVersion ?? 1 }
      : null;
  return sealed ? unseal(config.piiKeys, sealed) : null;
}

const fullPlace = (config: Config, r: q.RequestRow) =>
  r.placeCipher ? unseal(config.piiKeys, { cipher: r.placeCipher, keyVersion: r.placeKeyVersion ?? 1 }) : null;

/**
 * One request as the viewer may see it (条例 Art 21). Offices, operators and stations: the person
 * and the masked place. The handling organization, and a volunteer assigned to it, while the
 * service is on: the full place and a phone (each such read audited). A volunteer before that:
 * the masked place and a masked name; after it: the category and the date only. The resident: their own.
 */
export async function getRequest(db: Db, config: Config, ctx: Ctx, id: string, now = new Date()) {
  const v = await q.findRequestView(db, id);
  if (!v) throw notFound('entity.serviceRequest');
  const reader = may(ctx.actor, 'request.read', requestScope(v.request, v.beneficiary));
  const assignments = await q.assignmentsOf(db, id);
  const me = !reader && mayAtAll(ctx.actor, 'request.take') ? await selfOf(db, ctx.actor) : undefined;
  return present(db, config, ctx, { v, assignments, me, events: () => q.eventsOf(db, id) }, now);
}

/**
 * A request just raised, shown by the same rules from what createRequest wrote: it has nobody
 * assigned, is not published (so nobody may take it) and is not being served (so the full place
 * is for the person themselves only).
 */
export function presentCreated(db: Db, config: Config, ctx: Ctx, created: CreatedRequest, now = new Date()) {
  return present(db, config, ctx, { v: created.view, assignments: [], events: async () => created.events, person: created.person }, now);
}

interface Loaded {
  v: View;
  assignments: Awaited<ReturnType<typeof q.assignmentsOf>>;
  /** The viewer's own volunteer record, where they are not a reader but may take requests. */
  me?: { id: string };
  events: () => Promise<q.EventView[]>;
  /** The person's full record, when the caller has it already. */
  person?: q.BeneficiaryRow;
}

async function present(db: Db, config: Config, ctx: Ctx, { v, assignments, me, events: eventsOf, person }: Loaded, now: Date) {
  const r = v.request;
  const id = r.id;
  const scope = requestScope(r, v.beneficiary);
  const reader = may(ctx.actor, 'request.read', scope);
  const assigned = !!me && assignments.some((a) => a.volunteerId === me.id);
  const open = r.publishedAt && (r.status === 'triaged' || r.status === 'assigned');
  if (!reader && !assigned && !(me && open)) throw notFound('entity.serviceRequest');
  const events = await eventsOf();
  const shown = presentForList(v, ctx.locale, now);
  const serving = r.status === 'assigned' || r.status === 'in_progress';
  const handler = !!r.organizationId && may(ctx.actor, 'request.assign', { organizationId: r.organizationId });
  const own = !!v.beneficiary.accountId && v.beneficiary.accountId === ctx.actor.accountId;
  let detail: Presented = shown;
  if (!reader) {
    const view = volunteerView(r.status, assigned);
    detail =
      view === 'minimal'
        ? { ...shown, notes: '', placeMasked: null, beneficiary: null }
        : {
            ...shown,
            // The free-text notes may tell about the home or the family: the volunteer serving only.
            notes: assigned ? shown.notes : '',
            beneficiary: { ...(shown.beneficiary as NonNullable<Presented['beneficiary']>), name: maskName(v.beneficiary.name) },
          };
  }
  const unmasked = (assigned || handler) && serving;
  if (unmasked || own) {
    const b = person ?? ((await q.findBeneficiary(db, v.beneficiary.id)) as q.BeneficiaryRow);
    detail = {
      ...detail,
      place: fullPlace(config, r),
      beneficiary: { id: b.id, name: b.name, kind: b.kind, phone: own ? null : phoneOf(config, b) },
    };
    if (unmasked)
      await recordAudit(db, ctx, {
        action: 'request.readPlace',
        entityType: 'service_request',
        entityId: id,
        areaCode: r.areaCode,
        summary: { requestNo: r.requestNo },
      });
  }
  // With every place taken, nobody more can be assigned or take it.
  const full = assignments.length >= r.headcount;
  const steps = requestActionsFrom(r.status)
    .filter((a) => !(full && (a === 'assign' || a === 'publish' || a === 'take')))
    .filter((a) => mayStep(ctx.actor, a, scope, !!me && !assigned && !!open));
  return {
    ...detail,
    guardWarnings: reader || own ? guardWarnings(events) : [],
    events: reader ? events.map((e) => ({ ...e, actorName: e.actorName ?? null })) : [],
    // Who serves it (names, volunteer numbers) is for those who read requests and those serving.
    assignments: reader || assigned ? assignments.map(({ accountId: _, enrollmentId: __, ...a }) => a) : [],
    mayActions: steps,
  };
}

/** Which of the steps open from the status this viewer may take (the page's buttons). */
function mayStep(actor: Actor, action: string, scope: ReturnType<typeof requestScope>, mayTake: boolean) {
  switch (action) {
    case 'triage':
      return may(actor, 'request.triage', scope);
    case 'assign':
    case 'publish':
      return may(actor, 'request.assign', scope);
    case 'start':
    case 'done':
    case 'close':
      return may(actor, 'request.progress', scope);
    case 'cancel':
      return may(actor, 'request.cancel', scope);
    case 'rate':
      return may(actor, 'request.rate', scope);
    case 'take':
      return mayTake;
    default:
      return false;
  }
}

export async function listRequests(db: Executor, actor: Actor, locale: Locale, f: q.RequestFilter, now = new Date()) {
  const { items, total } = await q.listRequests(db, actor, 'request.read', f, now);
  return { items: items.map((v) => ({ ...presentForList(v, locale, now), guardWarnings: [] })), total };
}

/** The notice a merged request answers with. */
export const mergedNotice = (locale: Locale, requestNo: string) => translate(locale, 'request.merged', { requestNo });
