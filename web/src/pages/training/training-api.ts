import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { api, query } from '../../api/client.ts';
import type { Me, OrganizationPage, Schemas } from '../../api/types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The shapes of /api/training (the API's own types). */
export type Completion = Schemas['CourseCompletion'];
/** A training course; an office's names no organization, only its `organizerName`. */
export type Course = Schemas['TrainingCourse'];
export type Policy = Schemas['InsurancePolicy'];
export type PolicyKind = Policy['kind'];

export const OFFICE_ROLES = ['city_admin', 'district_admin', 'street_admin', 'community_admin'];

/** The organizations the user runs (org_admin grants). */
export const managedOrganizationIds = (me: Me) =>
  me.grants.filter((g) => g.role === 'org_admin' && g.organizationId).map((g) => g.organizationId as string);

export const isOffice = (me: Me) => me.grants.some((g) => OFFICE_ROLES.includes(g.role) && !!g.areaCode);

/**
 * Whether the user organizes the course: its organization's admin, or — for an office's course,
 * which names no organization — an office (the server decides which volunteers it may record).
 */
export const organizes = (me: Me, course: Course) =>
  course.organizationId ? managedOrganizationIds(me).includes(course.organizationId) : isOffice(me);

export function useCourses() {
  return useQuery({ queryKey: ['training', 'courses'], queryFn: () => api<Course[]>('/api/training/courses') });
}

/** Who completed a course: its organizer only. */
export function useCompletions(courseId: string) {
  return useQuery({
    queryKey: ['training', 'completions', courseId],
    queryFn: () => api<Completion[]>(`/api/training/courses/${courseId}/completions`),
  });
}

/** Without an organization: my own policies and my organizations' group policies. */
export function usePolicies(organizationId?: string) {
  return useQuery({
    queryKey: ['insurance', 'policies', organizationId ?? 'mine'],
    queryFn: () => api<Policy[]>(`/api/training/policies${query({ organizationId })}`),
  });
}

/** The organizations the user runs, with their names; only asked for by organization admins. */
export function useManagedOrganizations(me: Me) {
  const ids = managedOrganizationIds(me);
  const list = useQuery({
    queryKey: ['organizations', 'manage', 'training'],
    queryFn: () => api<OrganizationPage>('/api/organizations?pageSize=100'),
    enabled: ids.length > 0,
    staleTime: 60_000,
  });
  const name = (id: string) => list.data?.items.find((o) => o.id === id)?.name ?? '';
  return { ids, name, loading: list.isPending && ids.length > 0 };
}

/** Today's date as the city keeps it (China time), whatever the browser's own zone. */
export const chinaToday = () => dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD');

export type PolicyState = 'active' | 'upcoming' | 'expired';

/** A policy covers whole days, both ends included. */
export function policyState(p: Pick<Policy, 'startsOn' | 'endsOn'>, today = chinaToday()): PolicyState {
  if (today < p.startsOn) return 'upcoming';
  return today > p.endsOn ? 'expired' : 'active';
}
