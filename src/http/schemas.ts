import { z } from 'zod';
import { AREA_CODE_PATTERN } from '../domain/areas/area-code.ts';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error answers a route can give, for its OpenAPI entry. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorSchema]));

export const AreaCodeSchema = z
  .string()
  .refine((code) => AREA_CODE_PATTERN.test(code), { params: { i18n: 'area.badCode' } })
  .describe('Statistical division code: 4 (city), 6 (district), 9 (street) or 12 (community) digits');

/**
 * A moment a client sends: documented as an ISO 8601 date-time, read as anything Date understands
 * (a coerced date has no JSON Schema of its own).
 */
export const DateTimeInput = z.coerce.date().meta({ type: 'string', format: 'date-time' });
