import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/records/mine, /api/certificates and /api/verify (the API's own types). */
export type Certificate = Schemas['Certificate'];
export type CertificateFacts = Schemas['CertificateFacts'];
export type CertificateStatus = Certificate['status'];
export type ECard = Schemas['ECard'];
export type HoursBy = Schemas['HoursBy'];
export type MyRecord = Schemas['MyRecord'];
export type MyRecords = Schemas['MyRecords'];
/** What waits for an organizer in one organization (GET /api/records/todo). */
export type OrganizerTodo = Schemas['OrganizerTodo'];
export type RecordStatus = Schemas['ServiceRecord']['status'];
export type Verification = Schemas['CertificateVerification'];
/** A certificate PDF's check: a code check's results, and `unsealed` for a file with no seal. */
export type PdfVerification = Schemas['CertificatePdfVerification'];
export type VerifyResult = Verification['result'];

export function useMyRecords() {
  return useQuery({ queryKey: ['records', 'mine'], queryFn: () => api<MyRecords>('/api/records/mine') });
}

export function useMyCertificates() {
  return useQuery({ queryKey: ['certificates', 'mine'], queryFn: () => api<Certificate[]>('/api/certificates') });
}

/** A code as people type it: spaces dropped, upper case (the server reads dashes and case alike). */
export const normalizeCode = (code: string) => code.trim().replace(/\s+/g, '').toUpperCase();

export const pdfUrl = (id: string) => `/api/certificates/${id}/pdf`;
