import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import { AppError, type ErrorCode, type FieldIssue } from '../platform/errors.ts';
import { isMessageKey, type Locale, type MessageKey, translate } from '../platform/i18n/messages.ts';
import { bodyLimitOf, formatBytes } from './body-limit.ts';

const ZOD_LOCALE = { 'zh-CN': zodZhCN(), 'en-US': zodEn() };

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** zod issues (as the type provider hands them over) → field, rule and a message in the user's language. */
function zodIssues(error: FastifyError, locale: Locale): FieldIssue[] {
  return (error.validation ?? []).flatMap((v) => {
    const path = v.instancePath.split('/').filter(Boolean);
    const issue = { code: v.keyword, path, ...(v.params as object) } as Record<string, unknown>;
    const custom = issue.params as { i18n?: string } | undefined;
    let message: string;
    if (custom?.i18n && isMessageKey(custom.i18n)) {
      message = translate(locale, custom.i18n);
    } else {
      const localized = ZOD_LOCALE[locale].localeError(issue as never);
      message = (typeof localized === 'string' ? localized : localized?.message) ?? v.message ?? v.keyword;
    }
    // Each unknown key is its own field, so a form can mark each one.
    const fields =
      issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)
        ? (issue.keys as string[]).map((key) => [...path, key].join('.'))
        : [path.join('.') || (error.validationContext ?? 'body')];
    return fields.map((field) => ({ field, rule: v.keyword, message }));
  });
}

/** Field issues raised by services carry a message key; translate them here. */
function localizeDetails(details: unknown, locale: Locale): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => {
    if (d && typeof d === 'object' && 'messageKey' in d) {
      const { messageKey, params, ...rest } = d as { messageKey: MessageKey; params?: Record<string, string | number> };
      return { ...rest, message: translate(locale, messageKey, params) };
    }
    return d;
  });
}

function summarize(issues: { field: string; message: string; row?: number }[], locale: Locale): string {
  return issues.map((i) => `${i.row ? translate(locale, 'error.row', { row: i.row }) : ''}${i.field}: ${i.message}`).join('; ');
}

/** PostgreSQL SQLSTATE of a driver error, wherever the driver or Drizzle put it. */
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e.cause?.code === 'string' ? e.cause.code : e.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = request.locale;
  if (error instanceof AppError) {
    const details = localizeDetails(error.details, locale);
    const fields = Array.isArray(details) ? summarize(details as FieldIssue[], locale) : '';
    reply.headers(error.headers);
    return reply.status(error.statusCode).send(body(error.code, translate(locale, error.messageKey, { fields, ...error.params }), details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = zodIssues(error, locale);
    return reply.status(400).send(body('VALIDATION', translate(locale, 'error.validation', { fields: summarize(issues, locale) }), issues));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': {
      const issues = [{ field: 'body', rule: 'json', message: error.message }];
      return reply.status(400).send(body('VALIDATION', translate(locale, 'error.badJson'), issues));
    }
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = bodyLimitOf(request);
      return reply
        .status(413)
        .send(body('PAYLOAD_TOO_LARGE', translate(locale, 'error.payloadTooLarge', { limit: formatBytes(limit) }), { limit }));
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const issues = [{ field: 'content-type', rule: 'media_type', message: translate(locale, 'error.mediaType') }];
      return reply
        .status(415)
        .send(body('VALIDATION', translate(locale, 'error.validation', { fields: summarize(issues, locale) }), issues));
    }
  }
  if (error.statusCode === 429) {
    const seconds = String(reply.getHeader('retry-after') ?? 60);
    return reply.status(429).send(body('RATE_LIMITED', translate(locale, 'error.rateLimited', { seconds })));
  }
  const state = sqlState(error);
  // Text cannot hold U+0000 (22021), nor jsonb its escape (22P05): bad input, whatever carried it.
  if (state === '22021' || state === '22P05') {
    const issues = [{ field: 'input', rule: 'noNul', message: translate(locale, 'error.noNul') }];
    return reply.status(400).send(body('VALIDATION', translate(locale, 'error.validation', { fields: summarize(issues, locale) }), issues));
  }
  if (state === '23505') {
    const constraint = (error as { cause?: { constraint?: string } }).cause?.constraint ?? '';
    return reply.status(409).send(body('CONFLICT', translate(locale, 'error.conflict', { what: constraint }), { constraint }));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 401 ? 'UNAUTHENTICATED' : error.statusCode === 403 ? 'FORBIDDEN' : 'VALIDATION';
    const key: MessageKey =
      code === 'UNAUTHENTICATED' ? 'error.unauthenticated' : code === 'FORBIDDEN' ? 'error.forbidden' : 'error.badRequest';
    return reply.status(error.statusCode).send(body(code, translate(locale, key), { reason: error.message }));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(body('INTERNAL', translate(locale, 'error.internal', { requestId: request.id })));
}
