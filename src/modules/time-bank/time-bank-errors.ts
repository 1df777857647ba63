import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';

/** A refusal naming the field and the rule (422), in the user's language. */
export const ruleError = (field: string, rule: string, key: MessageKey, params: Record<string, string | number> = {}) =>
  new AppError('RULE_VIOLATION', key, params, [{ field, rule, messageKey: key, params }]);
