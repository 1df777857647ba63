export { type Posting, postMovements, recordAccounts } from './ledger.ts';
export { keyOf as pointsKeyOf, pointsRuleOf, postRecordPoints } from './points.service.ts';
export { backfillRecordPoints, PointsLoader } from './points-loader.ts';
export { type PointsVerdict, verifyPoints } from './points-verify.ts';
