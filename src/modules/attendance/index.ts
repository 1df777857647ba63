export { drainDeviceInbox } from './attendance.devices.ts';
export { reviewQueueOf } from './attendance.queries.ts';
