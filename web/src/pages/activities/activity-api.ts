import { useQuery } from '@tanstack/react-query';
import { CHECKIN_METHODS } from '../../../../src/contract/index.ts';
import { ApiError, api } from '../../api/client.ts';
import type { Me, Schemas } from '../../api/types.ts';

/** The shapes of /api/activities, /api/enrollments, /api/notices and /api/calendar (the API's own types). */
export type ActivityDetail = Schemas['ActivityDetail'];
export type ActivityListItem = Schemas['ActivityListItem'];
export type CheckinMethod = ActivityDetail['checkinMethods'][number];
export type Eligibility = Schemas['PositionEligibility'];
export type Enrollment = Schemas['Enrollment'];
export type EnrollmentStatus = Enrollment['status'];
export type MyEnrollment = Schemas['MyEnrollment'];
export type Notice = Schemas['Notice'];
export type NoticeInbox = Schemas['NoticeInbox'];
export type Opportunity = Schemas['Opportunity'];
export type Position = Schemas['Position'];
/** What a position asks of a volunteer: the position without its counts. */
export type PositionRequirements = Omit<Position, 'id' | 'acceptedCount' | 'applied' | 'waitlisted' | 'free'>;
export type Reason = Schemas['EligibilityReason'];
export type RosterEntry = Schemas['RosterEntry'];

/** The methods in the order the forms offer them. */
export const CHECKIN: readonly CheckinMethod[] = CHECKIN_METHODS;

/** Statuses that hold or wait for a place. */
export const LIVE: readonly EnrollmentStatus[] = ['applied', 'accepted', 'waitlisted'];

export const isVolunteer = (me: Me | null | undefined) => !!me?.grants.some((g) => g.role === 'volunteer');

const noRetryOn4xx = (count: number, error: Error) => !(error instanceof ApiError && error.status < 500) && count < 2;

export function useActivity(id: string | undefined) {
  return useQuery({
    queryKey: ['activity', id],
    queryFn: () => api<ActivityDetail>(`/api/activities/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

/** Its reasons come worded in the account's language (asked again when it changes: see useSetLanguage). */
export function useEligibility(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['eligibility', id],
    queryFn: () => api<Eligibility[]>(`/api/enrollments/eligibility/${id}`),
    enabled,
  });
}

export function useMyEnrollments(enabled = true) {
  return useQuery({ queryKey: ['enrollments', 'mine'], queryFn: () => api<MyEnrollment[]>('/api/enrollments/mine'), enabled });
}

export function useCourses(enabled = true) {
  return useQuery({
    // The training pages' key: one cache for the same list.
    queryKey: ['training', 'courses'],
    queryFn: () => api<Schemas['TrainingCourse'][]>('/api/training/courses'),
    staleTime: 5 * 60_000,
    enabled,
  });
}
