import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** The shapes of /api/statements and /api/volunteers/{id}/statements (the API's own types). */
export type Statement = Schemas['Statement'];
export type StatementFacts = Schemas['StatementFacts'];
export type StatementKind = Schemas['StatementKind'];
export type StatementRequest = Schemas['StatementRequest'];

export const STATEMENT_KINDS: StatementKind[] = ['schoolPractice', 'employerReference', 'residencePoints'];

/** The volunteer's own statements, or (volunteerId) those of a volunteer of the office's area. */
export const statementsUrl = (volunteerId?: string) => (volunteerId ? `/api/volunteers/${volunteerId}/statements` : '/api/statements');

export function useStatements(volunteerId?: string) {
  return useQuery({ queryKey: ['statements', volunteerId ?? 'mine'], queryFn: () => api<Statement[]>(statementsUrl(volunteerId)) });
}

export const statementPdfUrl = (id: string) => `/api/statements/${id}/pdf`;
