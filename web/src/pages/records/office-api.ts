import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import type { Me, Schemas } from '../../api/types.ts';

/** The shapes of the organizer's and office's record APIs (the API's own types). */
export type OfficeCertificate = Schemas['OfficeCertificate'];
export type OpenCorrection = Schemas['OpenCorrection'];
export type PendingRecord = Schemas['PendingRecord'];
export type RecordHistory = Schemas['RecordHistory'];
export type LedgerKind = RecordHistory['entries'][number]['kind'];

/** The organizations the signed-in person runs records for (an org admin may serve several). */
export const managedOrganizations = (me: Me | null | undefined) => [
  ...new Set(me?.grants.flatMap((g) => (g.role === 'org_admin' && g.organizationId ? [g.organizationId] : [])) ?? []),
];

export function usePendingRecords(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['records', 'pending', organizationId],
    queryFn: () => api<PendingRecord[]>(`/api/records/pending${query({ organizationId })}`),
    enabled: !!organizationId,
  });
}

export function useOpenCorrections(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['records', 'corrections', organizationId],
    queryFn: () => api<OpenCorrection[]>(`/api/records/corrections${query({ organizationId })}`),
    enabled: !!organizationId,
  });
}

export function useRecordHistory(id: string | undefined) {
  return useQuery({
    queryKey: ['records', 'history', id],
    queryFn: () => api<RecordHistory>(`/api/records/${id}/history`),
    enabled: !!id,
  });
}

/** Hours as people read them: at most two decimals, no trailing zeros. */
export const hoursText = (h: number) => String(Math.round(h * 100) / 100);
