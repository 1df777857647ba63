export { backfillTimeCredits, depositRecordCredits } from './time-bank.service.ts';
export { seedTimeBankDemo } from './time-bank-demo.ts';
