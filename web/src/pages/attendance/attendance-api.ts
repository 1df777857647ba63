import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';

/** The shapes of /api/attendance/review and /api/attendance/devices, as the pages read them. */
export const ANOMALIES = [
  'outside_geofence',
  'not_on_roster',
  'two_places',
  'over_12h',
  'future',
  'unknown_card',
  'out_without_in',
  'out_before_in',
  'outside_window',
  'no_activity',
] as const;

export interface ReviewEvent {
  id: string;
  activityId: string | null;
  activityTitle: string | null;
  volunteerId: string | null;
  volunteerName: string | null;
  volunteerNo: string | null;
  kind: 'in' | 'out';
  at: string;
  receivedAt: string;
  channel: string;
  deviceName: string | null;
  cardRef: string | null;
  anomalies: string[];
  reason: string | null;
}

export interface Device {
  id: string;
  name: string;
  stationId: string | null;
  stationName: string | null;
  keyPrefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
  lastEventAt: string | null;
}

export interface RegisteredDevice {
  id: string;
  name: string;
  /** The whole key: the server answers it this once and keeps only its hash. */
  key: string;
  keyPrefix: string;
}

const reviewKey = (organizationId: string, activityId?: string) => ['attendance', 'review', organizationId, activityId ?? 'all'];

export function useReviewQueue(organizationId: string | undefined, activityId?: string) {
  return useQuery({
    queryKey: reviewKey(organizationId ?? '', activityId),
    queryFn: () => api<ReviewEvent[]>(`/api/attendance/review${query({ organizationId, activityId })}`),
    enabled: !!organizationId,
  });
}

/** Accept, or dismiss with a note; either way the event leaves every view of the queue. */
export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; accept: boolean; note?: string }) =>
      api<{ id: string; status: 'accepted' | 'dismissed' }>(`/api/attendance/review/${id}/decision`, { method: 'POST', json: body }),
    onSuccess: (_, { id }) => {
      client.setQueriesData<ReviewEvent[]>({ queryKey: ['attendance', 'review'] }, (rows) => rows?.filter((r) => r.id !== id));
      void client.invalidateQueries({ queryKey: ['attendance', 'review'] });
    },
  });
}

export function useDevices(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['attendance', 'devices', organizationId],
    queryFn: () => api<Device[]>(`/api/attendance/devices${query({ organizationId })}`),
    enabled: !!organizationId,
  });
}

export function useRegisterDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; organizationId: string; stationId?: string | null }) =>
      api<RegisteredDevice>('/api/attendance/devices', { method: 'POST', json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['attendance', 'devices'] }),
  });
}

export function useRevokeDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/attendance/devices/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['attendance', 'devices'] }),
  });
}
