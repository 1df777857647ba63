import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** One run of the hour ledger's check, as /api/ledger/checks answers it. */
export type LedgerCheck = Schemas['LedgerCheck'];

export function useLedgerChecks() {
  return useQuery({ queryKey: ['ledger', 'checks'], queryFn: () => api<LedgerCheck[]>('/api/ledger/checks') });
}

/** A check still running is asked again every second until it has its verdict; then the history follows. */
export function useLedgerCheck(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['ledger', 'check', id],
    queryFn: async () => {
      const check = await api<LedgerCheck>(`/api/ledger/checks/${id}`);
      if (check.status !== 'running') void client.invalidateQueries({ queryKey: ['ledger', 'checks'] });
      return check;
    },
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 1000 : false),
  });
}

export function useStartLedgerCheck() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<LedgerCheck>('/api/ledger/checks', { method: 'POST' }),
    onSuccess: (check) => {
      client.setQueryData(['ledger', 'check', check.id], check);
      void client.invalidateQueries({ queryKey: ['ledger', 'checks'] });
    },
  });
}
