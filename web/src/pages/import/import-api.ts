import { useQuery } from '@tanstack/react-query';
import { IMPORT_FIELDS as FIELD_ORDER, type ImportField } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';

/** The shapes of /api/imports and /api/duplicates, as the pages read them. */
export interface ImportPreset {
  source: string;
  nameZh: string;
  nameEn: string;
  columns: Record<string, string[]>;
}

export interface ImportCounts {
  created: number;
  merged: number;
  unchanged: number;
  rejected: number;
  candidates: number;
}

export interface RowIssue {
  field: string;
  rule: string;
  message: string;
}

export interface ImportPreview {
  rows: number;
  counts: ImportCounts;
  mapping: { columns: Record<string, string>; ignored: string[] };
  issues: { rowNo: number; externalId: string; issues: RowIssue[] }[];
  conflicts: { rowNo: number; externalId: string; conflicts: { field: string; kept: string; offered: string }[] }[];
  warnings: { rowNo: number; warnings: RowIssue[] }[];
  alreadyImported?: { jobId: string; finishedAt: string | null };
}

export type ImportStatus = 'previewed' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  source: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  rowsTotal: number | null;
  rowsDone: number;
  counts: ImportCounts;
  preview: ImportPreview | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type RowOutcome = 'created' | 'merged' | 'unchanged' | 'rejected' | 'candidate';
export const ROW_OUTCOMES: RowOutcome[] = ['created', 'merged', 'unchanged', 'rejected', 'candidate'];

export interface ImportRow {
  rowNo: number;
  outcome: RowOutcome;
  externalId: string | null;
  volunteerNo: string | null;
  name: string | null;
  reasons: string;
}

export interface DuplicateSide {
  id: string;
  volunteerNo: string;
  name: string;
  sex: string | null;
  birthDate: string | null;
  docMasked: string | null;
  phoneMasked: string | null;
  areaCode: string;
  registeredVia: string;
  status: string;
  hasAccount: boolean;
  createdAt: string;
  /** source:externalId, oldest first */
  sources: string[];
}

export type DuplicateStatus = 'open' | 'merged' | 'kept_apart';

export interface DuplicateCandidate {
  id: string;
  status: DuplicateStatus;
  reason: 'name_phone';
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  record: DuplicateSide;
  other: DuplicateSide;
}

export interface VolunteerMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  survivorNo: string;
  mergedNo: string;
  actorLabel: string;
  at: string;
  undoneBy: string | null;
  undoneAt: string | null;
  links: number;
  memberships: number;
}

export const sortedByField = <T>(entries: [string, T][]) =>
  [...entries].sort(([a], [b]) => FIELD_ORDER.indexOf(a as ImportField) - FIELD_ORDER.indexOf(b as ImportField));

/** Statuses from which POST /start runs the job (again). */
export const STARTABLE: ImportStatus[] = ['previewed', 'cancelled', 'failed'];

export function usePresets() {
  return useQuery({ queryKey: ['import-presets'], queryFn: () => api<ImportPreset[]>('/api/imports/presets'), staleTime: 60 * 60_000 });
}

export function useImportJobs() {
  return useQuery({ queryKey: ['imports'], queryFn: () => api<ImportJob[]>('/api/imports') });
}

/** The job as the server has it; while it runs, asked again every second, so a reload loses nothing. */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => api<ImportJob>(`/api/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
}

/** Rows of the file committed so far: the header is row 1, so data rows done is one less. */
export function rowsProcessed(job: ImportJob): number {
  if (job.status === 'completed') return job.rowsTotal ?? Math.max(0, job.rowsDone - 1);
  return Math.min(job.rowsTotal ?? Number.POSITIVE_INFINITY, Math.max(0, job.rowsDone - 1));
}
