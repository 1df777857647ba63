import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { DueBadges, StatusTag, windowText } from './labels.tsx';
import { REQUEST_STATUSES, type RequestStatus, type ServiceRequest, type ServiceRequestPage } from './request-api.ts';

const FLAGS = ['overdue', 'escalated', 'lowRated'] as const;

function useFilters() {
  return usePagedFilters(
    (p) => ({
      status: (p.get('status') || undefined) as RequestStatus | undefined,
      overdue: p.get('overdue') === 'true' ? 'true' : undefined,
      escalated: p.get('escalated') === 'true' ? 'true' : undefined,
      lowRated: p.get('lowRated') === 'true' ? 'true' : undefined,
    }),
    (f, search) => {
      if (f.status) search.set('status', f.status);
      for (const flag of FLAGS) if (f[flag]) search.set(flag, 'true');
    },
  );
}

/** The requests an office, organization, station or operator handles, with what is late marked. */
export function RequestsPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const { filters, update } = useFilters();
  const list = useQuery({
    queryKey: ['requests', filters],
    queryFn: () => api<ServiceRequestPage>(`/api/requests${query(filters)}`),
    placeholderData: keepPreviousData,
  });
  const mayCreate = can(me, 'request.create') && me.grants.some((g) => g.role !== 'resident');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('requests.title')}
        </Typography.Title>
        {mayCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/requests/new')} data-testid="create-request">
            {t('requests.create')}
          </Button>
        )}
      </Space>
      <Card>
        <Space wrap size="middle">
          <Select<RequestStatus>
            allowClear
            style={{ width: 160 }}
            placeholder={t('requests.filters.status')}
            value={filters.status}
            onChange={(status) => update({ status })}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: t(`requests.statuses.${s}`) }))}
            data-testid="filter-status"
          />
          {FLAGS.map((flag) => (
            <Checkbox
              key={flag}
              checked={filters[flag] === 'true'}
              onChange={(e) => update({ [flag]: e.target.checked ? 'true' : undefined })}
              data-testid={`filter-${flag}`}
            >
              {t(`requests.filters.${flag}`)}
            </Checkbox>
          ))}
        </Space>
      </Card>
      <Card>
        <Table<ServiceRequest>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={tablePaging(t, filters, list.data?.total, (next) => update(next))}
          locale={{ emptyText: t('requests.empty') }}
          data-testid="requests-table"
          columns={[
            {
              title: t('requests.requestNo'),
              render: (_, r) => (
                <Space size={4} wrap>
                  <Link to={`/requests/${r.id}`}>{r.requestNo}</Link>
                  <DueBadges request={r} />
                </Space>
              ),
            },
            { title: t('requests.beneficiary'), render: (_, r) => r.beneficiary?.name ?? '—' },
            { title: t('requests.category'), dataIndex: 'categoryName' },
            { title: t('requests.window'), responsive: ['md'], render: (_, r) => windowText(r.windowStart, r.windowEnd) },
            {
              title: t('requests.urgency'),
              dataIndex: 'urgency',
              responsive: ['lg'],
              render: (u: ServiceRequest['urgency']) => t(`requests.urgencies.${u}`),
            },
            {
              title: t('requests.organization'),
              dataIndex: 'organizationName',
              responsive: ['lg'],
              render: (n: string | null) => n ?? '—',
            },
            { title: t('requests.status'), dataIndex: 'status', width: 100, render: (s: RequestStatus) => <StatusTag status={s} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
