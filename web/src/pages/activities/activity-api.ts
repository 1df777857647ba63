import { useQuery } from '@tanstack/react-query';
import type {
  CHECKIN_METHODS,
  EnrollmentStatus,
  LanguageLevel,
  ProjectStatus,
  ReviewMode,
  RiskLevel,
} from '../../../../src/contract/index.ts';
import { ApiError, api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

/** The shapes of /api/activities, /api/enrollments, /api/notices and /api/calendar, as the pages read them. */
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];
export type { EnrollmentStatus };

/** Listed here rather than imported: the schema module would bring the database layer into the bundle. */
export const CHECKIN: readonly CheckinMethod[] = ['code', 'ecard', 'device', 'geofence', 'manual'];

export interface PositionRequirements {
  name: string;
  description: string;
  headcount: number;
  reviewMode: ReviewMode;
  skills: string[];
  languages: { code: string; minLevel: LanguageLevel }[];
  minAge: number | null;
  maxAge: number | null;
  courseIds: string[];
  minStars: number;
  insuranceRequired: boolean;
  minorsAllowed: boolean;
  minorDailyHours: number | null;
}

export interface Position extends PositionRequirements {
  id: string;
  acceptedCount: number;
  applied: number;
  waitlisted: number;
  free: number;
}

export interface ActivityBase {
  id: string;
  projectId: string;
  seriesId: string | null;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  stationId: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
  geofenceMeters: number;
  checkinMethods: CheckinMethod[];
  applyDeadline: string;
  cancelDeadline: string;
  status: 'scheduled' | 'cancelled';
}

export interface ActivityListItem extends ActivityBase {
  headcount: number;
  accepted: number;
  positions: number;
}

export interface ActivityDetail extends ActivityBase {
  stationName: string | null;
  mayManage: boolean;
  project: {
    id: string;
    title: string;
    status: ProjectStatus;
    organizationId: string;
    organizationName: string;
    areaCode: string;
    categoryCode: string;
    insuranceRequired: boolean;
    risks: string;
    riskLevel: RiskLevel;
  };
  positions: Position[];
}

export interface Reason {
  rule: string;
  message: string;
}

export interface Eligibility {
  positionId: string;
  eligible: boolean;
  reasons: Reason[];
}

export interface Enrollment {
  id: string;
  positionId: string;
  activityId: string;
  volunteerId: string;
  status: EnrollmentStatus;
  waitlistNo: number | null;
  reason: string | null;
  appliedAt: string;
  decidedAt: string | null;
}

export interface MyEnrollment {
  id: string;
  status: EnrollmentStatus;
  waitlistNo: number | null;
  reason: string | null;
  positionName: string;
  activityId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  address: string;
  cancelDeadline: string;
  activityStatus: 'scheduled' | 'cancelled';
}

export interface RosterEntry {
  id: string;
  positionId: string;
  positionName: string;
  status: EnrollmentStatus;
  waitlistNo: number | null;
  reason: string | null;
  appliedAt: string;
  volunteerId: string;
  volunteerNo: string;
  name: string;
  age: number | null;
  phoneMasked: string | null;
  areaCode: string;
  /** No-shows across all of this volunteer's applications. */
  noShows?: number;
}

export interface Opportunity {
  id: string;
  title: string;
  projectId: string;
  projectTitle: string;
  categoryCode: string;
  organizationName: string;
  startsAt: string;
  endsAt: string;
  address: string;
  lat: number | null;
  lng: number | null;
  applyDeadline: string;
  distanceKm: number | null;
  free: number;
}

export interface Notice {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  text: string;
  readAt: string | null;
  createdAt: string;
}

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
    queryFn: () => api<{ id: string; name: string }[]>('/api/training/courses'),
    staleTime: 5 * 60_000,
    enabled,
  });
}
