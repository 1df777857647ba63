export { type CallInput, closeCall, issueCall } from './emergency.service.ts';
