export { escalateOverdue } from './escalation.ts';
export { type RemaskOutcome, remaskRequestPlaces } from './place-remask.ts';
export { type DemandProject, ensureDemandShift, REQUESTS_PROJECT } from './request-shift.ts';
export { assignVolunteers } from './request-steps.ts';
export { getRequest } from './request-view.ts';
export { createRequest } from './requests.service.ts';
