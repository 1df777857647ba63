export { backfillTimeCredits, depositRecordCredits } from './time-bank.service.ts';
