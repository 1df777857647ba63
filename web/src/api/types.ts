// The API's types, generated from its OpenAPI document (src/contract/api.d.ts, `npm run contract`),
// so the app and the server cannot drift apart; a page's own ones are in its *-api.ts.
import type { components } from '../../../src/contract/index.ts';

/** Every schema of the API, by its name in the OpenAPI document. */
export type Schemas = components['schemas'];

export type Area = Schemas['Area'];
export type AreaDetail = Schemas['AreaDetail'];
export type AreaLevel = Area['level'];
export type AreaPage = Schemas['AreaPage'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type Grant = Schemas['Grant'];
export type Me = Schemas['Me'];
export type Role = Grant['role'];
export type OrganizationDetail = Schemas['OrganizationDetail'];
export type OrganizationListItem = Schemas['OrganizationListItem'];
export type OrganizationMember = Schemas['OrganizationMember'];
export type OrganizationPage = Schemas['OrganizationPage'];
export type Skill = Schemas['Skill'];
export type Station = Schemas['Station'];
export type StationDetail = Schemas['StationDetail'];
export type StationInspection = Schemas['StationInspection'];
export type StationKeeper = Schemas['StationKeeper'];
export type StationKind = Station['kind'];
export type StationPage = Schemas['StationPage'];
export type StationStandard = Schemas['StationStandard'];
export type VolunteerDetail = Schemas['VolunteerDetail'];
export type VolunteerListItem = Schemas['VolunteerListItem'];
export type VolunteerPage = Schemas['VolunteerPage'];
export type Beneficiary = Schemas['Beneficiary'];
export type BeneficiaryKind = Beneficiary['kind'];
export type BeneficiaryDetail = Schemas['BeneficiaryDetail'];
export type BeneficiaryPage = Schemas['BeneficiaryPage'];
export type BeneficiaryPii = Schemas['BeneficiaryPii'];
export type ServiceHistoryItem = Schemas['ServiceHistoryItem'];
export type HotlineCall = Schemas['HotlineCall'];
export type HotlineCallPage = Schemas['HotlineCallPage'];
export type HotlineCallStarted = Schemas['HotlineCallStarted'];
export type HotlineCallerMatch = Schemas['HotlineCallerMatch'];
export type HotlineOutcome = NonNullable<HotlineCall['outcome']>;
export type HotlineVolunteerStatus = Schemas['HotlineVolunteerStatus'];
