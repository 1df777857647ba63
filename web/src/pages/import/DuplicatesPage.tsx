import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Empty, Pagination, Result, Segmented, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { DuplicatePairCard } from './DuplicatePairCard.tsx';
import { ImportNav } from './ImportNav.tsx';
import type { DuplicateCandidate, DuplicatePage, DuplicateSide, DuplicateStatus, VolunteerMerge } from './import-api.ts';

const STATUSES: DuplicateStatus[] = ['open', 'merged', 'kept_apart'];

/** The merge that joined this pair and is still in force. */
async function activeMergeOf(pair: DuplicateCandidate): Promise<VolunteerMerge | undefined> {
  const survivor = pair.record.status === 'merged' ? pair.other : pair.record;
  const ids = new Set([pair.record.id, pair.other.id]);
  const history = await api<VolunteerMerge[]>(`/api/duplicates/merges${query({ volunteerId: survivor.id })}`);
  return history.find((m) => !m.undoneAt && ids.has(m.survivorId) && ids.has(m.mergedId));
}

function useDecisions() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const done = (text: string) => {
    void message.success(text);
    void client.invalidateQueries({ queryKey: ['duplicates'] });
  };
  const onError = (error: Error) => void message.error(error.message);
  const merge = useMutation({
    mutationFn: ({ pair, survivor }: { pair: DuplicateCandidate; survivor: DuplicateSide }) =>
      api<Schemas['DuplicateMerged']>(`/api/duplicates/${pair.id}/merge`, { method: 'POST', json: { survivorId: survivor.id } }),
    onSuccess: () => done(t('duplicates.merged')),
    onError,
  });
  const keepApart = useMutation({
    mutationFn: (pair: DuplicateCandidate) => api(`/api/duplicates/${pair.id}/keep-apart`, { method: 'POST' }),
    onSuccess: () => done(t('duplicates.keptApart')),
    onError,
  });
  const undo = useMutation({
    mutationFn: async (pair: DuplicateCandidate) => {
      const found = await activeMergeOf(pair);
      if (!found) throw new Error(t('duplicates.noMerge'));
      await api(`/api/duplicates/merges/${found.id}/undo`, { method: 'POST' });
    },
    onSuccess: () => done(t('duplicates.undone')),
    onError,
  });
  const confirm = (title: string, content: string, okText: string, onOk: () => Promise<unknown>) =>
    modal.confirm({ title, content, okText, cancelText: t('common.no'), onOk, okButtonProps: { id: 'confirm-ok' } });
  return {
    busy: merge.isPending || keepApart.isPending || undo.isPending,
    merge: (pair: DuplicateCandidate, survivor: DuplicateSide, merged: DuplicateSide) =>
      confirm(
        t('duplicates.mergeConfirmTitle', { survivor: survivor.volunteerNo }),
        t('duplicates.mergeConfirm', { merged: merged.volunteerNo, survivor: survivor.volunteerNo }),
        t('duplicates.merge'),
        () => merge.mutateAsync({ pair, survivor }),
      ),
    keepApart: (pair: DuplicateCandidate) =>
      confirm(t('duplicates.keepApartConfirmTitle'), t('duplicates.keepApartConfirm'), t('duplicates.keepApart'), () =>
        keepApart.mutateAsync(pair),
      ),
    undo: (pair: DuplicateCandidate) =>
      confirm(t('duplicates.undoConfirmTitle'), t('duplicates.undoConfirm'), t('duplicates.undo'), () => undo.mutateAsync(pair)),
  };
}

function PairList({ status }: { status: DuplicateStatus }) {
  const { t } = useTranslation();
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const decisions = useDecisions();
  const list = useQuery({
    queryKey: ['duplicates', status, paging],
    queryFn: () => api<DuplicatePage>(`/api/duplicates${query({ status, ...paging })}`),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <Result status="error" title={list.error.message} />;
  if (!list.data) return <Spin />;
  if (!list.data.items.length)
    return <Empty description={t(`duplicates.empty.${status}`)} style={{ margin: '48px 0' }} data-testid="duplicates-empty" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={`duplicates-${status}`}>
      {list.data.items.map((pair) => (
        <DuplicatePairCard
          key={pair.id}
          pair={pair}
          actions={{
            busy: decisions.busy,
            onMerge: (survivor, merged) => decisions.merge(pair, survivor, merged),
            onKeepApart: () => decisions.keepApart(pair),
            onUndo: () => decisions.undo(pair),
          }}
        />
      ))}
      <Pagination
        align="end"
        current={paging.page}
        pageSize={paging.pageSize}
        total={list.data.total}
        hideOnSinglePage
        showTotal={(total) => t('common.total', { total })}
        onChange={(page, pageSize) => setPaging({ page, pageSize })}
      />
    </Space>
  );
}

/** Records that share a name and phone with no ID number to tell them apart: a person decides. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [status, setStatus] = useState<DuplicateStatus>('open');
  if (!can(me, 'volunteer.merge')) return <Result status="403" title={t('duplicates.forbidden')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ImportNav active="duplicates" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('duplicates.intro')}
      </Typography.Paragraph>
      <Segmented<DuplicateStatus>
        value={status}
        onChange={setStatus}
        options={STATUSES.map((s) => ({ value: s, label: t(`duplicates.statuses.${s}`) }))}
        data-testid="duplicate-status"
      />
      <PairList key={status} status={status} />
    </Space>
  );
}
