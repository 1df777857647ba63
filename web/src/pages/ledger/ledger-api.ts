import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/** One run of the hour ledger's check, as /api/ledger/checks answers it. */
export type LedgerCheck = Schemas['LedgerCheck'];
export type LedgerCheckpoint = Schemas['LedgerCheckpoint'];

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

/** Starts a check; with a checkpoint read from a saved file, the ledger is held against it. */
export function useStartLedgerCheck() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (checkpoint?: unknown) =>
      checkpoint === undefined
        ? api<LedgerCheck>('/api/ledger/checks', { method: 'POST' })
        : api<LedgerCheck>('/api/ledger/checks/against-checkpoint', { method: 'POST', json: { checkpoint } }),
    onSuccess: (check) => {
      client.setQueryData(['ledger', 'check', check.id], check);
      void client.invalidateQueries({ queryKey: ['ledger', 'checks'] });
    },
  });
}

/** A signed checkpoint of the ledger as it stands, saved to a file the auditor keeps outside the database. */
export function useDownloadCheckpoint() {
  return useMutation({
    mutationFn: async () => {
      const checkpoint = await api<LedgerCheckpoint>('/api/ledger/checkpoint');
      const url = URL.createObjectURL(new Blob([`${JSON.stringify(checkpoint, null, 2)}\n`], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `volunet-ledger-${checkpoint.ledger}-${checkpoint.seq}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return checkpoint;
    },
  });
}
