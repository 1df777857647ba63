export { answer as answerCall, type CallInput, closeCall, issueCall } from './emergency.service.ts';
export { EMERGENCY_PROJECT } from './emergency-shift.ts';
