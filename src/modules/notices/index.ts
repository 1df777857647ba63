export { describeNotice, EMERGENCY_NOTICES } from './notice-text.ts';
export { deliveriesOf, notify, queueDeliveries } from './notify.ts';
