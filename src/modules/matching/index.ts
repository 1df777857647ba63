export { plainNearest } from './matching.queries.ts';
export { CANDIDATE_POOL, findVolunteers, NEARBY_RADIUS_KM, requestReach, suggestForRequest } from './matching.service.ts';
