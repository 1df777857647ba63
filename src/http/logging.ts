import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import pino from 'pino';

/**
 * Request logs carry the request id, method, route and status, never personal data: the query
 * string (which may hold a phone or ID number) is reduced to its parameter names, and
 * credentials and personal fields are redacted wherever they appear.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        // Top-level fields only: wildcard paths ("*.phone") cost a third of a route's throughput.
        'password',
        'currentPassword',
        'newPassword',
        'phone',
        'idNumber',
        'login',
        'body',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req) => ({ method: req.method, url: redactQuery(req.url), requestId: req.id }),
      err: safeError,
    },
  };
}

export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((n) => `${n}=…`).join('&')}`;
}

/** The one log line of a request: what was asked (without query values), the answer, how long it took. */
export function logRequest(request: FastifyRequest, reply: FastifyReply) {
  request.log.info(
    {
      method: request.method,
      url: redactQuery(request.url),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      actor: request.actor?.accountId,
    },
    'request',
  );
}

interface QueryError extends Error {
  query?: string;
  params?: unknown[];
  cause?: { code?: string; constraint?: string; message?: string; stack?: string };
}

/**
 * Drizzle puts a failed query's parameters (phone ciphers, password hashes, logins) into its
 * error message and stack; PostgreSQL's `detail` repeats key values. Log the statement, the
 * SQLSTATE and the constraint instead, never the values.
 */
export function safeError(err: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const e = err as QueryError;
  if (e && typeof e === 'object' && ('params' in e || 'query' in e)) {
    return {
      type: 'DatabaseError',
      query: e.query,
      sqlState: e.cause?.code,
      constraint: e.cause?.constraint,
      message: e.cause?.message ?? 'query failed',
      stack: e.cause?.stack ?? '',
    };
  }
  return pino.stdSerializers.err(err);
}
