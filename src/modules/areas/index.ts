export { existingCodes, upsertAreas } from './areas.queries.ts';
