import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The anomalies the review queue explains, in the order it lists them; the shapes of /api/attendance/review and /devices. */
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

export type Device = Schemas['Device'];
export type RegisteredDevice = Schemas['RegisteredDevice'];
export type ReviewEvent = Schemas['ReviewEvent'];

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
    mutationFn: ({ id, ...body }: { id: string } & Schemas['ReviewDecision']) =>
      api<Schemas['ReviewDecided']>(`/api/attendance/review/${id}/decision`, { method: 'POST', json: body }),
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
    mutationFn: (body: Schemas['DeviceRegistration']) => api<RegisteredDevice>('/api/attendance/devices', { method: 'POST', json: body }),
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
