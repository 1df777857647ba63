export { apply, cancelOwn, findActivities, placeVolunteer } from './enrollment.service.ts';
