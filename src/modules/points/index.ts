export {
  cityAccount,
  ledgerAccounts,
  lockLedger,
  type Posting,
  poolAccount,
  postMovements,
  recordAccounts,
  redemptionAccounts,
} from './ledger.ts';
export { accountStatement, keyOf as pointsKeyOf, pointsRuleOf, postRecordPoints } from './points.service.ts';
export { backfillRecordPoints, PointsLoader } from './points-loader.ts';
export { checkPoints, type PointsVerdict, pointsCheckpoint, takePointsCheckpoint, verifyPoints } from './points-verify.ts';
export { timeBankRuleOf } from './time-bank-rule.ts';
