export { type AwardOnRecord, type AwardToRecord, awardsOf, recordAward } from './awards.ts';
export { appendLedger, LedgerLoader, verifyLedger } from './ledger.ts';
export { hourCheckpoint, type LedgerCheck, runLedgerCheck, takeLedgerCheckpoint } from './ledger-checks.ts';
export { rekeyLedger } from './ledger-rekey.ts';
export { confirmRecord, starSchemeOf, volunteerStanding } from './records.service.ts';
export { seedDemoStatements } from './statements-demo.ts';
export { WORK_CALENDAR_SETTING, workCalendar } from './work-calendar.ts';
