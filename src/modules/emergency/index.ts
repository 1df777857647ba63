export { answer as answerCall, type CallInput, closeCall, issueCall } from './emergency.service.ts';
