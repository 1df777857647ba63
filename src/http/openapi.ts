import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { globalRegistry, z } from 'zod';

/**
 * The OpenAPI document's schemas, each defined once: a zod schema registered by name
 * (`.meta({ id: 'Volunteer' })`) is written once under `components.schemas` and referred to by `$ref`
 * wherever a route uses it, so the document is the contract clients are generated from.
 *
 * fastify-type-provider-zod writes every registered schema twice, as read (`VolunteerInput`, for
 * request bodies) and as written (`Volunteer`, for responses). The document keeps only those a route
 * refers to, and a schema used only in requests keeps its own name.
 */
export const transform: SwaggerTransform = (route) => {
  if (route.schema) assertOneSchemaPerName(route.url, route.schema);
  const transformed = jsonSchemaTransform(route as Parameters<typeof jsonSchemaTransform>[0]);
  const method = [route.route.method].flat().find((m) => m !== 'HEAD') ?? 'GET';
  return { ...transformed, schema: { operationId: operationIdOf(method, route.url), ...transformed.schema } };
};

/**
 * A stable name for each operation, for the functions a generated client exposes: the method and
 * the path's words, each parameter as `By<Name>` — GET /api/volunteers/:id/export →
 * getVolunteersByIdExport. Method and path are unique per route, so the names are too.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((part) => (part.startsWith(':') ? ['by', part.slice(1)] : part.split(/[-_.]/)));
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

export const transformObject: SwaggerTransformObject = (document) => {
  const openapi = jsonSchemaTransformObject(document) as OpenApi;
  const { schemas, names } = usedSchemas(openapi);
  return withRefsRenamed({ ...openapi, components: { ...openapi.components, schemas } }, names) as ReturnType<SwaggerTransformObject>;
};

type JsonSchema = Record<string, unknown>;
interface OpenApi {
  paths?: unknown;
  components?: { schemas?: Record<string, JsonSchema>; [part: string]: unknown };
  [field: string]: unknown;
}

const INPUT = 'Input';
const REF = '#/components/schemas/';

/** The components the paths refer to, directly or through other components, sorted by their final names. */
function usedSchemas(openapi: OpenApi) {
  const all = openapi.components?.schemas ?? {};
  const used = new Set<string>();
  const pending = [...refsIn(openapi.paths)];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...refsIn(all[name]));
  }
  const names = new Map<string, string>();
  for (const name of used) {
    const base = name.slice(0, -INPUT.length);
    names.set(name, name.endsWith(INPUT) && !used.has(base) && globalRegistry._idmap.has(base) ? base : name);
  }
  const final = (name: string) => names.get(name) ?? name;
  const schemas: Record<string, JsonSchema> = {};
  for (const name of [...used].sort((a, b) => final(a).localeCompare(final(b)))) schemas[final(name)] = all[name];
  return { schemas, names };
}

function withRefsRenamed<T>(document: T, names: Map<string, string>): T {
  return JSON.parse(JSON.stringify(document), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith(REF)
      ? REF + (names.get(value.slice(REF.length)) ?? value.slice(REF.length))
      : value,
  );
}

function refsIn(value: unknown): string[] {
  const refs: string[] = [];
  JSON.stringify(value ?? null, (key, v) => {
    if (key === '$ref' && typeof v === 'string' && v.startsWith(REF)) refs.push(v.slice(REF.length));
    return v;
  });
  return refs;
}

/**
 * Two schemas registered under one name would both be written as `$ref`s to one component that
 * describes only the last registered: clients would get the wrong shape for the other, silently.
 */
function assertOneSchemaPerName(url: string, schema: object) {
  const seen = new Set<z.core.$ZodType>();
  const visit = (value: unknown) => {
    if (!(value instanceof z.core.$ZodType) || seen.has(value)) return;
    seen.add(value);
    const id = globalRegistry.get(value)?.id;
    if (id !== undefined && globalRegistry._idmap.get(id) !== value) {
      throw new Error(`Two different schemas are registered as "${id}" (one of them in ${url}); give each its own name`);
    }
    for (const [key, child] of Object.entries(value._zod.def)) {
      if (key === 'shape') Object.values(child as object).forEach(visit);
      else if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
  };
  const { response, ...parts } = schema as { response?: Record<string, unknown> };
  Object.values(parts).forEach(visit);
  for (const answer of Object.values(response ?? {})) {
    const content = (answer as { content?: Record<string, { schema: unknown }> }).content;
    if (content && !(answer instanceof z.core.$ZodType)) for (const c of Object.values(content)) visit(c.schema);
    else visit(answer);
  }
}
