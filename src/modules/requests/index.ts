export { escalateOverdue } from './escalation.ts';
export { assignVolunteers } from './request-steps.ts';
export { getRequest } from './request-view.ts';
export { createRequest } from './requests.service.ts';
