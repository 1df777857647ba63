export { plainNearest } from './matching.queries.ts';
export { CANDIDATE_POOL, findVolunteers, suggestForRequest } from './matching.service.ts';
