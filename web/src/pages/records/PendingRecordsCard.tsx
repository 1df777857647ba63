import { ExclamationCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { hoursText, type PendingRecord, usePendingRecords } from './office-api.ts';
import { CompleteRecordModal, RejectRecordModal } from './RecordActionModals.tsx';

type Acting = { record: PendingRecord; action: 'reject' | 'complete' };

/** Overdue first, then the nearest deadline: what must be done soonest leads (Art 11). */
const byUrgency = (a: PendingRecord, b: PendingRecord) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline);

/**
 * 待确认记录: what the organization still has to confirm, each with its deadline of 10 working
 * days after the activity (MCA 2020 measures, Art 11), overdue ones marked and listed first.
 */
export function PendingRecordsCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const pending = usePendingRecords(organizationId);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [words, setWords] = useState('');
  const [acting, setActing] = useState<Acting>();
  const confirm = useMutation({
    mutationFn: (r: PendingRecord) => api(`/api/records/${r.id}/confirm`, { method: 'POST' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('orgRecords.confirmed'));
    },
  });
  // A busy organization has many records waiting: narrow them to an activity or a person.
  const matches = (r: PendingRecord) =>
    !words.trim() || [r.activityTitle, r.volunteerName, r.volunteerNo].some((f) => f?.includes(words.trim()));
  const rows = [...(pending.data ?? [])].filter((r) => (!overdueOnly || r.overdue) && matches(r)).sort(byUrgency);
  const overdueCount = pending.data?.filter((r) => r.overdue).length ?? 0;

  return (
    <Card
      title={t('orgRecords.pending')}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('orgRecords.searchPlaceholder')}
            onSearch={setWords}
            onChange={(e) => setWords(e.target.value)}
            style={{ width: 220 }}
            data-testid="pending-search"
          />
          {overdueCount > 0 && (
            <Tag color="red" icon={<ExclamationCircleOutlined />} data-testid="overdue-count">
              {t('orgRecords.overdueCount', { count: overdueCount })}
            </Tag>
          )}
          <Switch checked={overdueOnly} onChange={setOverdueOnly} data-testid="overdue-only" />
          <Typography.Text>{t('orgRecords.overdueOnly')}</Typography.Text>
        </Space>
      }
      data-testid="pending-records"
    >
      <Typography.Paragraph type="secondary">{t('orgRecords.pendingHelp')}</Typography.Paragraph>
      {/* The server says why in the person's language, e.g. that no one confirms their own hours; it stays until read. */}
      {confirm.error && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => confirm.reset() }}
          title={t('orgRecords.confirmRefused', { title: confirm.variables?.activityTitle, reason: confirm.error.message })}
          style={{ marginBottom: 12 }}
          data-testid="confirm-error"
        />
      )}
      <Table<PendingRecord>
        rowKey="id"
        size="small"
        dataSource={rows}
        loading={pending.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: overdueOnly ? t('orgRecords.noOverdue') : t('orgRecords.noPending') }}
        onRow={(r) =>
          ({
            'data-record': r.id,
            'data-overdue': String(r.overdue),
            style: r.overdue ? { background: '#fff1f0' } : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        data-testid="pending-table"
        columns={[
          {
            title: t('orgRecords.activity'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                {r.activityId ? <Link to={`/activities/${r.activityId}`}>{r.activityTitle}</Link> : r.activityTitle}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.serviceDate}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('orgRecords.person'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{r.volunteerName}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.volunteerNo}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('orgRecords.channel'),
            dataIndex: 'channel',
            render: (c: string) => t(`orgRecords.channels.${c}`, { defaultValue: c }),
          },
          {
            title: t('orgRecords.creditHours'),
            align: 'right',
            render: (_, r) =>
              r.checkInAt && !r.checkOutAt ? (
                <Tag color="gold" data-testid="no-check-out">
                  {t('orgRecords.noCheckOut')}
                </Tag>
              ) : (
                hoursText(r.creditHours)
              ),
          },
          { title: t('orgRecords.addedHours'), dataIndex: 'addedHours', align: 'right', render: hoursText },
          {
            title: t('orgRecords.deadline'),
            dataIndex: 'deadline',
            sorter: (a, b) => a.deadline.localeCompare(b.deadline),
            render: (d: string, r) => (
              <Space orientation="vertical" size={2}>
                <span>{d}</span>
                {r.overdue && (
                  <Tag color="red" data-testid="overdue">
                    {t('orgRecords.overdue')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('orgRecords.actions'),
            // Kept in view on narrow screens and longer (English) labels: these are what the page is for.
            fixed: 'right',
            render: (_, r) => (
              <Space wrap>
                <Tooltip title={r.creditHours + r.addedHours <= 0 ? t('orgRecords.nothingToConfirm') : undefined}>
                  <Popconfirm
                    title={t('orgRecords.confirmAsk', { hours: hoursText(r.creditHours + r.addedHours) })}
                    okText={t('orgRecords.confirm')}
                    cancelText={t('orgRecords.cancel')}
                    okButtonProps={{ id: `confirm-ok-${r.id}` }}
                    onConfirm={() => confirm.mutate(r)}
                  >
                    <Button
                      size="small"
                      type="primary"
                      disabled={r.creditHours + r.addedHours <= 0}
                      loading={confirm.isPending && confirm.variables?.id === r.id}
                      data-testid="confirm-record"
                    >
                      {t('orgRecords.confirm')}
                    </Button>
                  </Popconfirm>
                </Tooltip>
                <Button size="small" onClick={() => setActing({ record: r, action: 'complete' })} data-testid="complete-record">
                  {t('orgRecords.complete')}
                </Button>
                <Button size="small" danger onClick={() => setActing({ record: r, action: 'reject' })} data-testid="reject-record">
                  {t('orgRecords.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {acting?.action === 'reject' && <RejectRecordModal record={acting.record} onClose={() => setActing(undefined)} />}
      {acting?.action === 'complete' && <CompleteRecordModal record={acting.record} onClose={() => setActing(undefined)} />}
    </Card>
  );
}
