import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** The shapes of /api/records/mine, /api/certificates and /api/verify, as the pages read them. */
export type RecordStatus = 'pending' | 'confirmed' | 'rejected';

export interface MyRecord {
  id: string;
  activityTitle: string;
  serviceDate: string;
  place: string;
  content: string;
  organizationName: string;
  personInCharge: string;
  channel: string;
  creditHours: number;
  addedHours: number;
  /** What the hour ledger holds for it: its hours once confirmed, plus accepted corrections. */
  ledgerHours: number;
  status: RecordStatus;
  rejectReason: string | null;
}

export interface HoursBy {
  key: string;
  hours: number;
}

export interface MyRecords {
  records: MyRecord[];
  hours: { total: number; byYear: HoursBy[]; byOrganization: HoursBy[]; byCategory: HoursBy[] };
  stars: { scheme: number[]; stars: number; nextAt: number | null; hoursToNext: number | null; fraction: number };
}

export interface CertificateFacts {
  code: string;
  volunteerNo: string;
  name: string;
  docMasked: string | null;
  from: string;
  to: string;
  totalHours: number;
  organizations: { name: string; hours: number; records: number }[];
  issuedOn: string;
}

export type CertificateStatus = 'valid' | 'superseded' | 'revoked';

export interface Certificate {
  id: string;
  code: string;
  facts: CertificateFacts;
  status: CertificateStatus;
  issuedAt: string;
}

export type VerifyResult = CertificateStatus | 'malformed' | 'unknown' | 'forged';

export interface Verification {
  code: string;
  result: VerifyResult;
  facts?: CertificateFacts;
  revokedReason?: string | null;
}

export interface ECard {
  name: string;
  volunteerNo: string;
  token: string;
  expiresAt: string;
}

export function useMyRecords() {
  return useQuery({ queryKey: ['records', 'mine'], queryFn: () => api<MyRecords>('/api/records/mine') });
}

export function useMyCertificates() {
  return useQuery({ queryKey: ['certificates', 'mine'], queryFn: () => api<Certificate[]>('/api/certificates') });
}

/** A code as people type it: spaces dropped, upper case (the server reads dashes and case alike). */
export const normalizeCode = (code: string) => code.trim().replace(/\s+/g, '').toUpperCase();

export const pdfUrl = (id: string) => `/api/certificates/${id}/pdf`;

/** What waits for an organizer in one organization (GET /api/records/todo). */
export interface OrganizerTodo {
  organizationId: string;
  name: string;
  pending: number;
  overdue: number;
  dueSoon: number;
  nextDeadline: string | null;
  corrections: number;
  review: number;
}
