import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Checkbox, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { HotlineCall, HotlineCallPage, HotlineOutcome } from '../../api/types.ts';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { OUTCOMES } from './hotline-api.ts';

const time = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

/** The hotline's log: every call, who took it, the caller's number masked, and what came of it. */
export function CallsPage() {
  const { t } = useTranslation();
  const { filters, update } = usePagedFilters(
    (p) => ({ outcome: (p.get('outcome') || undefined) as HotlineOutcome | 'open' | undefined, mine: p.get('mine') || undefined }),
    (f, search) => {
      if (f.outcome) search.set('outcome', f.outcome);
      if (f.mine) search.set('mine', f.mine);
    },
  );
  const calls = useQuery({
    queryKey: ['hotline-calls', filters],
    queryFn: () => api<HotlineCallPage>(`/api/hotline/calls${query(filters)}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('hotline.calls.title')}
        </Typography.Title>
        <Link to="/hotline">{t('hotline.title')}</Link>
      </Space>
      <Card>
        <Space wrap>
          <Select<HotlineOutcome | 'open'>
            allowClear
            style={{ width: 180 }}
            placeholder={t('hotline.calls.outcome')}
            value={filters.outcome}
            onChange={(outcome) => update({ outcome })}
            options={[
              { value: 'open', label: t('hotline.calls.openCall') },
              ...OUTCOMES.map((o) => ({ value: o, label: t(`hotline.outcomes.${o}`) })),
            ]}
            data-testid="calls-outcome"
          />
          <Checkbox checked={filters.mine === 'true'} onChange={(e) => update({ mine: e.target.checked ? 'true' : undefined })}>
            {t('hotline.calls.mine')}
          </Checkbox>
        </Space>
      </Card>
      <Card>
        <Table<HotlineCall>
          rowKey="id"
          size="small"
          loading={calls.isFetching}
          dataSource={calls.data?.items}
          pagination={tablePaging(t, filters, calls.data?.total, (next) => update(next))}
          data-testid="calls-table"
          columns={[
            { title: t('hotline.calls.time'), dataIndex: 'startedAt', width: 150, render: time },
            { title: t('hotline.calls.operator'), dataIndex: 'operatorName', responsive: ['md'] },
            { title: t('hotline.calls.caller'), dataIndex: 'callerPhoneMasked', width: 130 },
            {
              title: t('hotline.calls.person'),
              render: (_, c) => (c.beneficiaryId ? <Link to={`/beneficiaries/${c.beneficiaryId}`}>{c.beneficiaryName}</Link> : '—'),
            },
            {
              title: t('hotline.calls.outcome'),
              dataIndex: 'outcome',
              render: (o: HotlineOutcome | null) =>
                o ? <Tag>{t(`hotline.outcomes.${o}`)}</Tag> : <Tag color="processing">{t('hotline.calls.openCall')}</Tag>,
            },
            { title: t('hotline.calls.request'), dataIndex: 'requestNo', responsive: ['lg'], render: (n: string | null) => n ?? '—' },
            {
              title: t('hotline.calls.duration'),
              dataIndex: 'durationSeconds',
              width: 90,
              responsive: ['sm'],
              render: (s: number | null) => (s === null ? '—' : t('hotline.calls.seconds', { n: s })),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
