import type { Config } from '../../config.ts';
import type { Row } from '../../db/bulk-insert.ts';
import type { HotlineOutcome } from '../../domain/requests/catalog.ts';
import { maskMobile } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { addDays, makeRng, type Rng } from './demo-random.ts';
import type { NumberedRequest } from './demo-request-rows.ts';

/**
 * The demo operator's hotline log: the call on which each of their requests was taken (1–6
 * minutes, the request saved during it), callers asking after a request, and calls that raise no
 * request (a volunteer's status or certificate, information, a complaint); and the district
 * office's past emergency call (防汛) with its answers.
 */

export const CALL_COLUMNS = [
  'operator_account_id',
  'area_code',
  'caller_phone_cipher',
  'caller_phone_key_version',
  'caller_phone_index',
  'caller_phone_masked',
  'beneficiary_id',
  'request_id',
  'started_at',
  'ended_at',
  'outcome',
  'notes',
] as const;
type Call = Row<typeof CALL_COLUMNS>;

const LOOKUPS: (readonly [HotlineOutcome, number])[] = [
  ['volunteer_lookup', 35],
  ['information', 30],
  ['certificate_lookup', 20],
  ['no_action', 10],
  ['complaint', 5],
];
const LOOKUP_NOTES: Record<string, string[]> = {
  volunteer_lookup: ['来电查询本人志愿者注册状态', '家长查询孩子的志愿服务时长'],
  information: ['咨询如何成为志愿者', '咨询社区助老服务范围', '咨询服务站开放时间'],
  certificate_lookup: ['查询志愿服务记录证明的核验方式', '申请开具志愿服务记录证明'],
  no_action: ['来电无声', '打错电话'],
  complaint: ['反映志愿者未按约定时间上门'],
};
const CALLER_PREFIXES = '135 137 150 177 186 189'.split(' ');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function caller(config: Config, phone: string) {
  const s = seal(config.piiKeys, phone);
  return {
    caller_phone_cipher: s.cipher,
    caller_phone_key_version: s.keyVersion,
    caller_phone_index: blindIndex(config.piiKeys, 'phone', phone),
    caller_phone_masked: maskMobile(phone),
  };
}

export function hotlineCalls(
  config: Config,
  o: { operatorAccountId: string; cityCode: string; today: string; now: Date; requests: NumberedRequest[] },
): Call[] {
  const rng = makeRng(96_345); // Hangzhou's volunteer hotline
  const calls: Call[] = [];
  const base = { operator_account_id: o.operatorAccountId };
  for (const r of o.requests) {
    if (!r.byOperator || r.life.status === 'merged') continue;
    const b = r.beneficiary;
    const phone = b.phone ?? b.contactPhone;
    if (!phone) continue;
    const seconds = rng.int(60, 360);
    const startedAt = new Date(r.createdAt.getTime() - rng.int(40, seconds - 20) * SECOND);
    const family = phone === b.contactPhone;
    calls.push({
      ...base,
      area_code: b.areaCode,
      ...caller(config, phone),
      beneficiary_id: b.id,
      request_id: r.id,
      started_at: startedAt,
      ended_at: new Date(startedAt.getTime() + seconds * SECOND),
      outcome: 'request_taken',
      notes: family ? `${b.contactRelation ?? '家属'}代为来电` : '',
    });
    // One caller in five rings again before the service to ask when the volunteer comes.
    const ask = new Date(r.createdAt.getTime() + rng.int(60, 600) * MINUTE);
    if (rng.chance(0.2) && ask < r.windowStart && ask < o.now) {
      calls.push({
        ...base,
        area_code: b.areaCode,
        ...caller(config, phone),
        beneficiary_id: b.id,
        request_id: r.id,
        started_at: ask,
        ended_at: new Date(ask.getTime() + rng.int(60, 180) * SECOND),
        outcome: 'request_followed_up',
        notes: '询问志愿者上门时间',
      });
    }
  }
  const taken = calls.length;
  const lookups = Math.max(20, Math.round(taken * 0.6));
  for (let k = 0; k < lookups; k++) {
    // The last two today, in the past hours: the console's log is not empty this morning.
    const startedAt =
      k < 2 ? new Date(o.now.getTime() - rng.int(20, 120) * MINUTE) : workingMoment(rng, addDays(o.today, -rng.int(1, 365)));
    calls.push(lookupCall(config, rng, base, o.cityCode, startedAt, k));
  }
  return calls;
}

function workingMoment(rng: Rng, date: string) {
  return new Date(Date.parse(`${date}T08:00:00+08:00`) + rng.int(0, 12 * 60) * MINUTE);
}

function lookupCall(config: Config, rng: Rng, base: { operator_account_id: string }, cityCode: string, startedAt: Date, k: number): Call {
  const outcome = rng.weighted(LOOKUPS);
  const phone = `${rng.pick(CALLER_PREFIXES)}${String((k * 7_919 + 1_234_567) % 1e8).padStart(8, '0')}`;
  return {
    ...base,
    area_code: cityCode,
    ...caller(config, phone),
    beneficiary_id: null,
    request_id: null,
    started_at: startedAt,
    ended_at: new Date(startedAt.getTime() + rng.int(60, 360) * SECOND),
    outcome,
    notes: rng.pick(LOOKUP_NOTES[outcome] ?? ['']),
  };
}

export const EMERGENCY_COLUMNS = [
  'id',
  'title',
  'message',
  'area_code',
  'lat',
  'lng',
  'radius_meters',
  'starts_at',
  'ends_at',
  'headcount',
  'standby_count',
  'accepted_count',
  'notified_count',
  'status',
  'created_by',
  'created_at',
  'filled_at',
  'closed_at',
] as const;
export const RESPONSE_COLUMNS = ['call_id', 'volunteer_id', 'response', 'standby_no', 'notified_at', 'responded_at'] as const;

/**
 * The district office's flood duty call two months ago: everyone who opted in was told; the first
 * to accept filled it (the demo volunteer among them), the next went on the standby list, some
 * declined and the rest never answered.
 */
/** The district's past flood call, this many days before today. */
export const FLOOD_DAYS_AGO = 60;

export function floodCall(o: {
  id: string;
  today: string;
  candidates: string[];
  createdBy: string | null;
  areaCode: string;
  lat: number;
  lng: number;
}) {
  const rng = makeRng(20_200_611);
  const startsAt = new Date(Date.parse(`${addDays(o.today, -FLOOD_DAYS_AGO)}T18:00:00+08:00`));
  const createdAt = new Date(startsAt.getTime() - 3 * 60 * MINUTE);
  const headcount = Math.max(1, Math.min(30, Math.floor(o.candidates.length * 0.4)));
  const standby = Math.min(10, Math.max(0, o.candidates.length - headcount));
  let answeredAt = createdAt.getTime() + 2 * MINUTE;
  const responses = o.candidates.map((volunteerId, i) => {
    answeredAt += rng.int(10, 90) * SECOND;
    const response = i < headcount ? 'accepted' : i < headcount + standby ? 'standby' : rng.chance(0.4) ? 'declined' : 'notified';
    return {
      volunteer_id: volunteerId,
      response,
      standby_no: response === 'standby' ? i - headcount + 1 : null,
      notified_at: createdAt,
      responded_at: response === 'notified' ? null : new Date(answeredAt),
    };
  });
  const filledAt = responses[headcount - 1]?.responded_at ?? createdAt;
  const call: Row<typeof EMERGENCY_COLUMNS> = {
    id: o.id,
    title: '防汛应急值守：钱塘江沿线巡查',
    message: '受台风外围影响，今晚钱塘江沿线需巡查值守。请熟悉本社区的志愿者报名，自备雨具，18:00 到街道应急服务站集合。',
    area_code: o.areaCode,
    lat: o.lat,
    lng: o.lng,
    radius_meters: 8_000,
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 8 * 60 * MINUTE),
    headcount,
    standby_count: standby,
    accepted_count: Math.min(headcount, o.candidates.length),
    notified_count: o.candidates.length,
    status: 'closed',
    created_by: o.createdBy,
    created_at: createdAt,
    filled_at: o.candidates.length >= headcount ? filledAt : null,
    closed_at: new Date(startsAt.getTime() + 8 * 60 * MINUTE),
  };
  return { call, responses: responses.map((r) => ({ call_id: o.id, ...r })) };
}
