import { isMessageKey, type Locale, translate } from '../../platform/i18n/messages.ts';

/** A notice in words, from its kind and parameters (the status and reason included). */
export function describeNotice(locale: Locale, kind: string, params: Record<string, string | number>): string {
  const key = `notice.${kind}`;
  if (!isMessageKey(key)) return kind;
  const status = typeof params.status === 'string' ? `enrollment.status.${params.status}` : '';
  return translate(locale, key, { ...params, status: isMessageKey(status) ? translate(locale, status) : '' });
}
