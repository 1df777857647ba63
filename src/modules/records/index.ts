export { appendLedger, LedgerLoader, verifyLedger } from './ledger.ts';
export { runLedgerCheck } from './ledger-checks.ts';
export { confirmRecord } from './records.service.ts';
export { WORK_CALENDAR_SETTING, workCalendar } from './work-calendar.ts';
