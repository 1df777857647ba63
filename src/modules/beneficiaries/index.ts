export { BeneficiarySchema, ServiceHistoryItemSchema } from './beneficiaries.schemas.ts';
export { type Beneficiary, findByPhone, getBeneficiary, historyFor, readable, scopeOf, toBeneficiary } from './beneficiaries.service.ts';
