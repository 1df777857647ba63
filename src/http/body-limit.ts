import type { FastifyRequest } from 'fastify';

interface RouteContext {
  _parserOptions?: { limit?: number | null };
  contentTypeParser?: { getParser(contentType: string): { bodyLimit?: number } | undefined };
}

/**
 * The limit that refused a request's body, chosen as Fastify chooses it (content-type-parser.js,
 * rawBody): the route's own `bodyLimit` when it sets one, else the limit of the parser that took
 * the request's content type (an upload route sets its limit there), else the server's. Fastify's
 * `routeOptions.bodyLimit` gives the server's in the second case, so the parser is read from the
 * route's context; edge.test.ts holds this to the import route's 50 MiB.
 */
export function bodyLimitOf(request: FastifyRequest): number {
  const symbol = Object.getOwnPropertySymbols(request).find((s) => s.description === 'fastify.context');
  const context = (symbol ? (request as unknown as Record<symbol, unknown>)[symbol] : undefined) as RouteContext | undefined;
  const routeLimit = context?._parserOptions?.limit;
  if (routeLimit) return routeLimit;
  const contentType = request.headers['content-type'];
  const parserLimit = contentType ? context?.contentTypeParser?.getParser(contentType)?.bodyLimit : undefined;
  return parserLimit ?? request.routeOptions.bodyLimit ?? 1024 * 1024;
}

/** A size in bytes as people read it: 50 MiB, 512 KiB, 300 B. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  const kib = bytes / 1024;
  if (kib >= 1) return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
  return `${bytes} B`;
}
