import type { Schemas } from '../../api/types.ts';

/** Contract shapes other helpers' routes serve (request categories, requests) until they are in the generated contract. */
export interface RequestCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export interface GuardWarning {
  rule: string;
  count: number;
  limit: number;
  period: string;
}

export interface SavedRequest {
  id: string;
  requestNo: string;
  guardWarnings: GuardWarning[];
  mergedInto: null | { id: string; requestNo: string };
}

export type Verification = Schemas['CertificateVerification'];

export const URGENCIES = ['normal', 'urgent', 'critical', 'low'] as const;

/** The time slots an operator offers a caller, China time (UTC+8, no daylight saving). */
const PRESETS = [
  { key: 'todayAfternoon', day: 0, from: 14, to: 17 },
  { key: 'tonight', day: 0, from: 18, to: 21 },
  { key: 'tomorrowMorning', day: 1, from: 9, to: 12 },
  { key: 'tomorrowAfternoon', day: 1, from: 14, to: 17 },
  { key: 'dayAfterMorning', day: 2, from: 9, to: 12 },
] as const;

export type WindowKey = (typeof PRESETS)[number]['key'];

/** The presets that have not ended yet, each with its start and end instants. */
export function windowPresets(now = new Date()): { key: WindowKey; start: string; end: string }[] {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const midnightUtc = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()) - 8 * 3_600_000;
  return (
    PRESETS.map((p) => ({
      key: p.key,
      start: new Date(midnightUtc + (p.day * 24 + p.from) * 3_600_000),
      end: new Date(midnightUtc + (p.day * 24 + p.to) * 3_600_000),
    }))
      // A slot already under way starts now (a request is never for the past); one ending within half an hour is too late.
      .map((w) => ({ ...w, start: w.start.getTime() < now.getTime() ? now : w.start }))
      .filter((w) => w.end.getTime() - w.start.getTime() >= 30 * 60_000)
      .map((w) => ({ key: w.key, start: w.start.toISOString(), end: w.end.toISOString() }))
  );
}

export const OUTCOMES = [
  'request_taken',
  'request_followed_up',
  'information',
  'volunteer_lookup',
  'certificate_lookup',
  'complaint',
  'no_action',
] as const satisfies readonly NonNullable<Schemas['HotlineCall']['outcome']>[];
