import type { Schemas } from '../../api/types.ts';

/** The shapes of the matching API (the API's own types). */
export type Reach = Schemas['VolunteerReach'];
export type ReachUpdate = Schemas['VolunteerReachUpdate'];
export type RequestSuggestions = Schemas['RequestSuggestions'];
export type MatchReason = Schemas['MatchReason'];
export type NearbyRequest = Schemas['NearbyRequest'];
export type InvitationCandidates = Schemas['InvitationCandidates'];
export type InvitationsSent = Schemas['InvitationsSent'];
export type Invitation = Schemas['Invitation'];
