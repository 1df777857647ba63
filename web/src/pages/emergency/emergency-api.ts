import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/emergency-calls (the API's own types). */
export type EmergencyCall = Schemas['EmergencyCall'];
export type EmergencyCallSummary = Schemas['EmergencyCallSummary'];
export type EmergencyCallPage = Schemas['EmergencyCallPage'];
export type EmergencyCallCreate = Schemas['EmergencyCallCreate'];
export type EmergencyMyCall = Schemas['EmergencyMyCall'];
export type EmergencyResponse = Schemas['EmergencyResponse'];
export type EmergencyOrganizations = Schemas['EmergencyOrganizations'];
export type CallStatus = EmergencyCallSummary['status'];

export const STATUS_COLOR: Record<CallStatus, string> = { open: 'red', full: 'green', closed: 'default', cancelled: 'default' };
