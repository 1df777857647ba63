import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

/** More than this many bad fields are not worth listing: the caller is not a form. */
const MAX_ISSUES = 20;

/** The paths (`events.0.card`) of every string or key holding a NUL character, in a parsed value. */
function nulPaths(value: unknown, path: string[], found: string[]) {
  if (found.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nulPaths(item, [...path, String(i)], found);
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push([...path, key].join('.'));
      else nulPaths(item, [...path, key], found);
    }
  }
}

/** The fields of a request's path parameters, query string and parsed body that hold a NUL character. */
export function fieldsWithNul(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): string[] {
  const found: string[] = [];
  for (const part of [request.params, request.query]) nulPaths(part, [], found);
  // A text body (a CSV file read as a string) is one field.
  if (typeof request.body === 'string') nulPaths(request.body, ['body'], found);
  else nulPaths(request.body, [], found);
  return found;
}

/**
 * PostgreSQL cannot store U+0000 in text (SQLSTATE 22021) or jsonb (22P05), and no form has a
 * use for it: every route refuses it before validating, so none can answer 500 for it.
 */
export function installNulGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const fields = fieldsWithNul(request);
    if (fields.length === 0) return;
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      fields.map((field) => ({ field: field || 'body', rule: 'noNul', messageKey: 'error.noNul' })),
    );
  });
}
