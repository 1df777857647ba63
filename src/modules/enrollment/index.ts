export { apply, findActivities, placeVolunteer } from './enrollment.service.ts';
