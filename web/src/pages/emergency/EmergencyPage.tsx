import { AlertOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { useWhen } from '../activities/labels.tsx';
import { CallCreateModal } from './CallCreateModal.tsx';
import { type CallStatus, type EmergencyCallPage, type EmergencyCallSummary, STATUS_COLOR } from './emergency-api.ts';

/** 应急动员: the office's calls, newest first, and the form that issues one. */
export function EmergencyPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const when = useWhen();
  const { filters, update } = usePagedFilters(
    () => ({}),
    () => undefined,
  );
  const [creating, setCreating] = useState(false);
  const calls = useQuery({
    queryKey: ['emergency-calls', filters],
    queryFn: () => api<EmergencyCallPage>(`/api/emergency-calls${query(filters)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('emergency.title')}
        </Typography.Title>
        {can(me, 'emergency.call') && (
          <Button type="primary" danger icon={<AlertOutlined />} onClick={() => setCreating(true)} data-testid="create-call">
            {t('emergency.create')}
          </Button>
        )}
      </Space>
      <Card>
        <Table<EmergencyCallSummary>
          rowKey="id"
          size="small"
          loading={calls.isFetching && !calls.data}
          dataSource={calls.data?.items}
          locale={{ emptyText: t('emergency.empty') }}
          pagination={tablePaging(t, filters, calls.data?.total, (next) => update(next))}
          data-testid="calls-table"
          columns={[
            { title: t('emergency.name'), render: (_, row) => <Link to={`/emergency/${row.id}`}>{row.title}</Link> },
            {
              title: t('emergency.status'),
              dataIndex: 'status',
              width: 100,
              render: (status: CallStatus) => <Tag color={STATUS_COLOR[status]}>{t(`emergency.statuses.${status}`)}</Tag>,
            },
            { title: t('emergency.area'), dataIndex: 'areaName', responsive: ['md'] },
            {
              title: t('emergency.time'),
              responsive: ['lg'],
              render: (_, row) => when.span(row.startsAt, row.endsAt),
            },
            {
              title: t('emergency.accepted'),
              width: 120,
              render: (_, row) => `${row.acceptedCount} / ${row.headcount}`,
            },
            { title: t('emergency.notified'), dataIndex: 'notifiedCount', width: 90, responsive: ['sm'] },
            { title: t('emergency.createdAt'), width: 150, responsive: ['xl'], render: (_, row) => when.at(row.createdAt) },
          ]}
        />
      </Card>
      {creating && <CallCreateModal onClose={() => setCreating(false)} onCreated={(id) => navigate(`/emergency/${id}`)} />}
    </Space>
  );
}
