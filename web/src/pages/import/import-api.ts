import { useQuery } from '@tanstack/react-query';
import { IMPORT_FIELDS as FIELD_ORDER, type ImportField } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/imports and /api/duplicates (the API's own types). */
export type DuplicateCandidate = Schemas['DuplicateCandidate'];
export type DuplicatePage = Schemas['DuplicatePage'];
export type DuplicateSide = Schemas['DuplicateSide'];
export type DuplicateStatus = DuplicateCandidate['status'];
export type ImportCounts = Schemas['ImportCounts'];
export type ImportJob = Schemas['ImportJob'];
export type ImportPreset = Schemas['ImportPreset'];
export type ImportPreview = Schemas['ImportPreview'];
export type ImportRow = Schemas['ImportRowOutcome'];
export type ImportStatus = ImportJob['status'];
export type RowIssue = Schemas['ImportRowIssue'];
export type RowOutcome = ImportRow['outcome'];
export type VolunteerMerge = Schemas['VolunteerMerge'];

export const ROW_OUTCOMES: RowOutcome[] = ['created', 'merged', 'unchanged', 'rejected', 'candidate'];

export const sortedByField = <T>(entries: [string, T][]) =>
  [...entries].sort(([a], [b]) => FIELD_ORDER.indexOf(a as ImportField) - FIELD_ORDER.indexOf(b as ImportField));

/** Statuses from which POST /start runs the job: a stopped or failed job's file is erased (it is uploaded again). */
export const STARTABLE: ImportStatus[] = ['previewed'];

export function usePresets() {
  return useQuery({ queryKey: ['import-presets'], queryFn: () => api<ImportPreset[]>('/api/imports/presets'), staleTime: 60 * 60_000 });
}

export function useImportJobs() {
  return useQuery({ queryKey: ['imports'], queryFn: () => api<ImportJob[]>('/api/imports') });
}

/** The job as the server has it; while it is previewed or runs, asked again every second, so a reload loses nothing. */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => api<ImportJob>(`/api/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' || q.state.data?.status === 'previewing' ? 1000 : false),
  });
}

/** Rows of the file committed so far: the header is row 1, so data rows done is one less. */
export function rowsProcessed(job: ImportJob): number {
  if (job.status === 'completed') return job.rowsTotal ?? Math.max(0, job.rowsDone - 1);
  return Math.min(job.rowsTotal ?? Number.POSITIVE_INFINITY, Math.max(0, job.rowsDone - 1));
}
