import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/attendance, as the check-in pages read them. */
export type ActivityCode = Schemas['ActivityCode'];
/** Any check-in's answer; an e-card scan's also names whom it recorded (name masked). */
export type AttendanceResult = Schemas['AttendanceResult'] & Partial<Pick<Schemas['AttendanceScanResult'], 'volunteer'>>;
export type AttendanceSheet = Schemas['AttendanceSheet'];
export type SheetPerson = Schemas['SheetPerson'];
export type TodayActivity = Schemas['TodayActivity'];
export type AttendanceState = TodayActivity['state'];

/** Asked again this long before the code expires, so the code on the screen is never stale. */
const EARLY_MS = 3_000;

export function useToday() {
  return useQuery({ queryKey: ['attendance', 'today'], queryFn: () => api<TodayActivity[]>('/api/attendance/today') });
}

/** The organizer's rotating code: fetched again just before it expires, also when the window is not focused (a projector). */
export function useActivityCode(activityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['attendance', 'code', activityId],
    queryFn: () => api<ActivityCode>(`/api/attendance/activity-code/${activityId}`),
    enabled: !!activityId && enabled,
    refetchInterval: (q) => {
      const expiresAt = q.state.data?.expiresAt;
      return expiresAt ? Math.max(1_000, new Date(expiresAt).getTime() - Date.now() - EARLY_MS) : 30_000;
    },
    refetchIntervalInBackground: true,
    retry: 1,
  });
}

/** The sheet follows the room: polled, so volunteers who check in on their phones appear without a reload. */
export function useSheet(activityId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['attendance', 'sheet', activityId],
    queryFn: () => api<AttendanceSheet>(`/api/attendance/sheet/${activityId}`),
    enabled: !!activityId && enabled,
    refetchInterval: 5_000,
  });
}

/** One key per attempt, so a request retried after a lost answer is recorded once. */
export const attemptKey = () => (crypto.randomUUID ? crypto.randomUUID() : `k${Date.now()}${Math.random().toString(36).slice(2)}`);
