import type { Schemas } from '../../api/types.ts';

export type ServiceRequest = Schemas['ServiceRequest'];
export type ServiceRequestDetail = Schemas['ServiceRequestDetail'];
export type ServiceRequestPage = Schemas['ServiceRequestPage'];
export type RequestStatus = ServiceRequest['status'];
export type RequestAction = ServiceRequestDetail['mayActions'][number];

/** A request category as GET /api/request-categories lists it (the categories' own module). */
export interface RequestCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  maxVolunteers: number;
  active: boolean;
}

/** A beneficiary as GET /api/beneficiaries lists it (masked). */
export interface BeneficiaryItem {
  id: string;
  name: string;
  kind: string;
  areaCode: string;
  phoneMasked?: string | null;
  addressMasked?: string | null;
}

export const REQUEST_STATUSES: RequestStatus[] = [
  'new',
  'triaged',
  'assigned',
  'in_progress',
  'done',
  'rated',
  'closed',
  'cancelled',
  'merged',
];
