export { deliveriesOf } from './notice-delivery.queries.ts';
export { describeNotice, EMERGENCY_NOTICES } from './notice-text.ts';
export { notify, queueDeliveries } from './notify.ts';
