import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { CheckinMethod } from '../activities/activity-api.ts';

/** The shapes of /api/attendance, as the check-in pages read them. */
export interface AttendanceResult {
  id: string;
  kind: 'in' | 'out';
  status: 'accepted' | 'review' | 'dismissed';
  anomalies: string[];
  duplicate: boolean;
  /** On an e-card scan: whom it recorded (name masked). */
  volunteer?: { name: string; volunteerNo: string } | null;
}

export type AttendanceState = 'none' | 'in' | 'out';

export interface TodayActivity {
  activityId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  address: string;
  lat: number | null;
  lng: number | null;
  geofenceMeters: number;
  checkinMethods: CheckinMethod[];
  positionName: string;
  state: AttendanceState;
  lastAt: string | null;
}

export interface ActivityCode {
  digits: string;
  token: string;
  expiresAt: string;
}

export interface SheetPerson {
  enrollmentId: string;
  volunteerId: string;
  name: string;
  volunteerNo: string;
  position: string;
  state: AttendanceState;
  lastAt: string | null;
  inReview: number;
  recordId: string | null;
  recordStatus: 'pending' | 'confirmed' | 'rejected' | null;
  checkInAt: string | null;
  checkOutAt: string | null;
  creditHours: number | null;
  addedHours: number | null;
}

export interface AttendanceSheet {
  activity: { id: string; title: string; startsAt: string; endsAt: string; address: string; checkinMethods: CheckinMethod[] };
  people: SheetPerson[];
}

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
