export { volunteerOfAccount } from './enrollment.queries.ts';
export { apply, findActivities } from './enrollment.service.ts';
