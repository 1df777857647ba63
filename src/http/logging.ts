import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

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
