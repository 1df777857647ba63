export { ensureTakingPart, findSelf, requireSelf, type Self, selfOf } from './self.ts';
export {
  identityColumns,
  type SealedDoc,
  type SealedGuardian,
  type SealedPhone,
  sealedDoc,
  sealedGuardian,
  sealedIdentityRow,
  sealedPhone,
  VOLUNTEER_COLUMNS,
} from './volunteer-rows.ts';
export {
  addActiveMember,
  byAccount,
  byId,
  byPhoneIndex,
  byVolunteerNo,
  findVolunteer,
  knownSkillCodes,
  searchVolunteers,
} from './volunteers.queries.ts';
export { identityIndexes, insertRegistration, isHiddenChild, type Profile } from './volunteers.service.ts';
