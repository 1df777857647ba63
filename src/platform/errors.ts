import type { MessageKey } from './i18n/messages.ts';

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE_VIOLATION'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

/** One problem with one field, as the API reports it. */
export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
  /** For row-by-row reports: the 1-based row (line) of the input. */
  row?: number;
}

/**
 * The one error type services throw. The message is a key into the message catalog, so the
 * error handler can answer in the user's language.
 */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly details: unknown = undefined,
    readonly headers: Record<string, string> = {},
  ) {
    super(messageKey);
    this.statusCode = STATUS[code];
  }
}

export const notFound = (entity: string) => new AppError('NOT_FOUND', 'error.notFound', { entity });

/** A field-level rule violation found outside zod (e.g. a parent area that does not exist). */
export function fieldError(field: string, rule: string, messageKey: MessageKey, params = {}): AppError {
  return new AppError('VALIDATION', 'error.validation', {}, [{ field, rule, messageKey, params }]);
}
