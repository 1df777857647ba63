import { isMessageKey, type Locale, translate } from '../../platform/i18n/messages.ts';

/**
 * Kinds of notice an emergency call sends (params: callId, title, link — the respond page — and,
 * for the call itself, start, area, headcount). Their text is `notice.<kind>` in the catalogs.
 */
export const EMERGENCY_NOTICES = {
  emergencyCall: 'emergency.call',
  /** The call filled: the volunteers who had not answered are told (with standby places left, invited to them). */
  emergencyFilled: 'emergency.filled',
  emergencyFilledStandby: 'emergency.filledStandby',
  /** The office closed the call: whoever had not answered, and the standby list, are told. */
  emergencyClosed: 'emergency.closed',
} as const;

/** A notice in words, from its kind and parameters (the status and reason included). */
export function describeNotice(locale: Locale, kind: string, params: Record<string, string | number>): string {
  const key = `notice.${kind}`;
  if (!isMessageKey(key)) return kind;
  const status = typeof params.status === 'string' ? `enrollment.status.${params.status}` : '';
  return translate(locale, key, { ...params, status: isMessageKey(status) ? translate(locale, status) : '' });
}
