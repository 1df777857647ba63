export { apply, findActivities } from './enrollment.service.ts';
