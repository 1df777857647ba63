export { BeneficiarySchema, ServiceHistoryItemSchema } from './beneficiaries.schemas.ts';
export { type Beneficiary, findByPhone, getBeneficiary, historyFor, scopeOf, toBeneficiary } from './beneficiaries.service.ts';
