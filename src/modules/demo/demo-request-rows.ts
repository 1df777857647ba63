import type { Config } from '../../config.ts';
import type { Row } from '../../db/bulk-insert.ts';
import { chinaDate } from '../../domain/activities/schedule.ts';
import type { RequestStatus } from '../../domain/requests/catalog.ts';
import { chinaWeekOf } from '../../domain/requests/over-service.ts';
import { maskPlace } from '../../domain/requests/place-mask.ts';
import { maskMobile } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import type { DemoBeneficiary } from './demo-beneficiaries.ts';
import type { DemoRequest } from './demo-requests.ts';

/**
 * Demo beneficiaries and requests as the services would store them: phones sealed and found by the
 * same blind index as a volunteer's ('phone' purpose, so the hotline finds a caller by either),
 * addresses and care notes sealed with a masked form beside them; every step an event.
 */

export const BENEFICIARY_COLUMNS = [
  'id',
  'name',
  'kind',
  'birth_year',
  'area_code',
  'address_cipher',
  'address_key_version',
  'address_masked',
  'lat',
  'lng',
  'phone_cipher',
  'phone_key_version',
  'phone_index',
  'phone_masked',
  'contact_name',
  'contact_relation',
  'contact_phone_cipher',
  'contact_phone_key_version',
  'contact_phone_index',
  'contact_phone_masked',
  'notes_cipher',
  'notes_key_version',
  'consent_at',
  'consent_by',
  'account_id',
  'station_id',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export const REQUEST_COLUMNS = [
  'id',
  'request_no',
  'beneficiary_id',
  'category_code',
  'area_code',
  'place_cipher',
  'place_key_version',
  'place_masked',
  'lat',
  'lng',
  'window_start',
  'window_end',
  'urgency',
  'headcount',
  'notes',
  'channel',
  'status',
  'escalation_level',
  'escalated_at',
  'organization_id',
  'station_id',
  'published_at',
  'merged_into',
  'triage_due_at',
  'assign_due_at',
  'triaged_at',
  'assigned_at',
  'started_at',
  'done_at',
  'rated_at',
  'closed_at',
  'cancelled_at',
  'cancel_reason',
  'rating',
  'rating_comment',
  'rated_via',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export const EVENT_COLUMNS = ['request_id', 'kind', 'from_status', 'to_status', 'actor_account_id', 'params', 'at'] as const;
export const ASSIGNMENT_COLUMNS = ['request_id', 'volunteer_id', 'via', 'assigned_by', 'at'] as const;

const HOSPITALS = [
  '浙江大学医学院附属第一医院',
  '浙江省人民医院',
  '杭州市第一人民医院',
  '浙江大学医学院附属邵逸夫医院',
  '社区卫生服务中心',
];

/** A sealed phone with its blind index and masked form (null columns when there is none). */
function sealedPhone(config: Config, phone: string | null) {
  if (!phone) return { cipher: null, keyVersion: null, index: null, masked: null };
  const s = seal(config.piiKeys, phone);
  return { cipher: s.cipher, keyVersion: s.keyVersion, index: blindIndex(config.piiKeys, 'phone', phone), masked: maskMobile(phone) };
}

export function beneficiaryRow(config: Config, b: DemoBeneficiary): Row<typeof BENEFICIARY_COLUMNS> {
  const address = seal(config.piiKeys, b.address);
  const phone = sealedPhone(config, b.phone);
  const contact = sealedPhone(config, b.contactPhone);
  const notes = b.notes ? seal(config.piiKeys, b.notes) : null;
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    birth_year: b.birthYear,
    area_code: b.areaCode,
    address_cipher: address.cipher,
    address_key_version: address.keyVersion,
    address_masked: b.addressMasked,
    lat: b.lat,
    lng: b.lng,
    phone_cipher: phone.cipher,
    phone_key_version: phone.keyVersion,
    phone_index: phone.index,
    phone_masked: phone.masked,
    contact_name: b.contactName,
    contact_relation: b.contactRelation,
    contact_phone_cipher: contact.cipher,
    contact_phone_key_version: contact.keyVersion,
    contact_phone_index: contact.index,
    contact_phone_masked: contact.masked,
    notes_cipher: notes?.cipher ?? null,
    notes_key_version: notes?.keyVersion ?? null,
    consent_at: b.createdAt,
    consent_by: b.consentBy,
    account_id: b.accountId,
    station_id: b.stationId,
    created_by: b.createdBy,
    created_at: b.createdAt,
    updated_at: b.createdAt,
  };
}

export interface NumberedRequest extends DemoRequest {
  id: string;
  requestNo: string;
  /** Published to volunteers nearby, who took it themselves. */
  taken: boolean;
}

/** Who did the office's steps: the demo accounts in their own community and organization, the seed elsewhere. */
export interface Actors {
  office(r: NumberedRequest): string | null;
  organization(r: NumberedRequest): string | null;
}

/** `areaName`: the name of the request's area (its community), what maskPlace falls back to. */
export function requestRow(config: Config, r: NumberedRequest, areaName: string): Row<typeof REQUEST_COLUMNS> {
  const b = r.beneficiary;
  const s = r.life.steps;
  const hospital = r.categoryCode === 'medical_escort' ? HOSPITALS[r.beneficiary.index % HOSPITALS.length] : null;
  const address = hospital ? `杭州市${hospital}` : b.address;
  const place = seal(config.piiKeys, address);
  const last = [r.createdAt, ...Object.values(s)].reduce((a, t) => (t && t > a ? t : a), r.createdAt);
  const escalation = r.life.escalations.at(-1);
  return {
    id: r.id,
    request_no: r.requestNo,
    beneficiary_id: b.id,
    category_code: r.categoryCode,
    area_code: b.areaCode,
    place_cipher: place.cipher,
    place_key_version: place.keyVersion,
    // As createRequest stores it: the one rule over the full place (the beneficiary's own masked
    // address keeps the building, for the office's eyes only).
    place_masked: maskPlace(address, areaName),
    lat: b.lat,
    lng: b.lng,
    window_start: r.windowStart,
    window_end: r.windowEnd,
    urgency: r.urgency,
    headcount: r.headcount,
    notes: r.notes,
    channel: r.channel,
    status: r.life.status,
    escalation_level: escalation?.level ?? 0,
    escalated_at: escalation?.at ?? null,
    organization_id: r.organizationId,
    station_id: r.stationId,
    published_at: r.taken && s.triagedAt ? new Date(s.triagedAt.getTime() + 60_000) : null,
    merged_into: (r.duplicateOf as NumberedRequest | null)?.id ?? null,
    triage_due_at: r.life.triageDueAt,
    assign_due_at: r.life.assignDueAt,
    triaged_at: s.triagedAt ?? null,
    assigned_at: s.assignedAt ?? null,
    started_at: s.startedAt ?? null,
    done_at: s.doneAt ?? null,
    rated_at: s.ratedAt ?? null,
    closed_at: s.closedAt ?? null,
    cancelled_at: s.cancelledAt ?? null,
    cancel_reason: r.life.cancelReason,
    rating: r.life.rating,
    rating_comment: r.life.ratingComment,
    rated_via: s.ratedAt ? (b.accountId ? 'beneficiary' : r.channel === 'hotline' ? 'operator' : 'beneficiary') : null,
    created_by: r.createdBy,
    created_at: r.createdAt,
    updated_at: last,
  };
}

type Event = Row<typeof EVENT_COLUMNS>;

/** Every step of the request as an event, in order, with who did it. */
export function eventRows(r: NumberedRequest, actors: Actors): Event[] {
  const s = r.life.steps;
  const events: Event[] = [];
  let status: RequestStatus = 'new';
  const step = (kind: string, to: RequestStatus | null, at: Date, actor: string | null, params: Event['params'] = {}) => {
    events.push({ request_id: r.id, kind, from_status: to ? status : null, to_status: to, actor_account_id: actor, params, at });
    if (to) status = to;
  };
  events.push({
    request_id: r.id,
    kind: 'created',
    from_status: null,
    to_status: 'new',
    actor_account_id: r.createdBy,
    params: { channel: r.channel },
    at: r.createdAt,
  });
  const soon = (ms: number) => new Date(r.createdAt.getTime() + ms);
  if (r.guard) {
    const { event, reason, ...hit } = r.guard;
    step(event, null, soon(1), r.createdBy, {
      categoryCode: r.categoryCode,
      ...hit,
      // As the guard writes it: the China date, or the Monday that starts the week.
      period: hit.rule === 'perDay' ? chinaDate(r.windowStart) : chinaWeekOf(r.windowStart),
      ...(reason ? { reason } : {}),
    });
  }
  if (r.duplicateOf) step('merged', 'merged', soon(1), null, { into: (r.duplicateOf as NumberedRequest).requestNo });
  const office = actors.office(r);
  const timeline: [Date | undefined, () => void][] = [
    [s.triagedAt, () => step('triaged', 'triaged', s.triagedAt as Date, office, { organizationId: r.organizationId })],
    [
      r.taken && s.triagedAt ? new Date(s.triagedAt.getTime() + 60_000) : undefined,
      () => step('published', null, new Date((s.triagedAt as Date).getTime() + 60_000), office),
    ],
    [
      s.assignedAt,
      () =>
        step('assigned', 'assigned', s.assignedAt as Date, r.taken ? null : actors.organization(r), {
          volunteers: r.volunteerIds.length,
          via: r.taken ? 'taken' : 'assigned',
        }),
    ],
    [s.startedAt, () => step('started', 'in_progress', s.startedAt as Date, null)],
    [s.doneAt, () => step('done', 'done', s.doneAt as Date, null)],
    [s.ratedAt, () => step('rated', 'rated', s.ratedAt as Date, r.beneficiary.accountId, { rating: r.life.rating })],
    [s.closedAt, () => step('closed', 'closed', s.closedAt as Date, office)],
    [s.cancelledAt, () => step('cancelled', 'cancelled', s.cancelledAt as Date, r.createdBy, { reason: r.life.cancelReason })],
    ...r.life.escalations.map((e): [Date, () => void] => [
      e.at,
      () => step('escalated', null, e.at, null, { level: e.level, step: e.step }),
    ]),
  ];
  for (const [, write] of timeline.filter(([t]) => t).sort(([a], [b]) => (a as Date).getTime() - (b as Date).getTime())) write();
  return events;
}

export function assignmentRows(r: NumberedRequest, actors: Actors): Row<typeof ASSIGNMENT_COLUMNS>[] {
  const at = r.life.steps.assignedAt;
  if (!at) return [];
  const by = r.taken ? null : actors.organization(r);
  return r.volunteerIds.map((v) => ({ request_id: r.id, volunteer_id: v, via: r.taken ? 'taken' : 'assigned', assigned_by: by, at }));
}
