import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import type { CertificateFacts, CertificateStatus, RecordStatus } from './records-api.ts';

/** The shapes of the organizer's and office's record APIs, as their pages read them. */
export interface PendingRecord {
  id: string;
  volunteerId: string;
  /** Masked by the server. */
  volunteerName: string;
  volunteerNo: string;
  activityId: string | null;
  activityTitle: string;
  serviceDate: string;
  /** The activity's length: added hours may not exceed it. */
  activityHours: number | null;
  channel: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  creditHours: number;
  addedHours: number;
  /** 10 working days after the activity (MCA 2020 measures, Art 11). */
  deadline: string;
  overdue: boolean;
}

export interface OpenCorrection {
  id: string;
  recordId: string;
  activityTitle: string;
  serviceDate: string;
  volunteerName: string;
  currentHours: number;
  requestedHours: number;
  reason: string;
  createdAt: string;
}

export type LedgerKind = 'credit' | 'added' | 'correction';

export interface RecordHistory {
  id: string;
  activityTitle: string;
  serviceDate: string;
  volunteerName: string;
  volunteerNo: string;
  channel: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  creditHours: number;
  addedHours: number;
  status: RecordStatus;
  rejectReason: string | null;
  ledgerHours: number;
  entries: { seq: number; kind: LedgerKind; hours: number; at: string }[];
  corrections: {
    id: string;
    status: 'open' | 'accepted' | 'rejected';
    requestedHours: number;
    reason: string;
    decisionNote: string | null;
    createdAt: string;
    decidedAt: string | null;
  }[];
}

export interface OfficeCertificate {
  id: string;
  code: string;
  status: CertificateStatus;
  revokedReason: string | null;
  issuedAt: string;
  facts: CertificateFacts;
}

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
