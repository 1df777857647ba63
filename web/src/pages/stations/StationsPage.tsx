import { CheckSquareOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Me, Station, StationKind, StationPage } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { KindTag, STATION_KINDS, StandardTag } from './labels.tsx';
import { StationEditModal } from './StationEditModal.tsx';

type StandardFilter = 'true' | 'false';

/**
 * The filters live in the address, so going to a station and back keeps them. Without an area
 * in the address an office starts in its own area; an empty one means the whole city.
 */
function useFilters(me: Me) {
  const home = me.grants.find((g) => g.areaCode)?.areaCode ?? undefined;
  return usePagedFilters(
    (p) => ({
      within: p.has('within') ? p.get('within') || undefined : home,
      kind: (p.get('kind') || undefined) as StationKind | undefined,
      toStandard: (p.get('toStandard') || undefined) as StandardFilter | undefined,
      q: p.get('q') || undefined,
    }),
    (f, search) => {
      search.set('within', f.within ?? '');
      for (const key of ['kind', 'toStandard', 'q'] as const) if (f[key]) search.set(key, f[key] as string);
    },
  );
}

export function StationsPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const { filters, update } = useFilters(me);
  const [creating, setCreating] = useState(false);
  const stations = useQuery({
    queryKey: ['stations', filters],
    queryFn: () => api<StationPage>(`/api/stations${query(filters)}`),
    placeholderData: keepPreviousData,
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stations.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<CheckSquareOutlined />} onClick={() => navigate('/stations/standards')} data-testid="station-standards">
            {t('stations.checklist.open')}
          </Button>
          {can(me, 'station.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-station">
              {t('stations.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Card>
        <Space wrap size="middle" style={{ width: '100%' }}>
          <div style={{ minWidth: 280 }}>
            <AreaPicker value={filters.within} onChange={(within) => update({ within })} />
          </div>
          <Select<StationKind>
            allowClear
            style={{ width: 160 }}
            placeholder={t('stations.filterKind')}
            value={filters.kind}
            onChange={(kind) => update({ kind })}
            options={STATION_KINDS.map((kind) => ({ value: kind, label: t(`stations.kinds.${kind}`) }))}
            data-testid="filter-kind"
          />
          <Select<StandardFilter>
            allowClear
            style={{ width: 160 }}
            placeholder={t('stations.filterStandard')}
            value={filters.toStandard}
            onChange={(toStandard) => update({ toStandard })}
            options={[
              { value: 'true', label: t('stations.standard.yes') },
              { value: 'false', label: t('stations.standard.no') },
            ]}
            data-testid="filter-standard"
          />
          <Input.Search
            allowClear
            defaultValue={filters.q}
            placeholder={t('stations.search')}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            style={{ width: 220 }}
            data-testid="station-search"
          />
        </Space>
      </Card>
      <Card>
        <Table<Station>
          rowKey="id"
          size="small"
          loading={stations.isFetching}
          dataSource={stations.data?.items}
          pagination={tablePaging(t, filters, stations.data?.total, (next) => update(next))}
          data-testid="stations-table"
          columns={[
            {
              title: t('stations.name'),
              render: (_, row) => (
                <Space size={4}>
                  <Link to={`/stations/${row.id}`}>{row.name}</Link>
                  {row.status === 'closed' && <Tag>{t('stations.statuses.closed')}</Tag>}
                </Space>
              ),
            },
            { title: t('stations.kind'), dataIndex: 'kind', width: 110, render: (kind: StationKind) => <KindTag kind={kind} /> },
            { title: t('stations.area'), dataIndex: 'areaCode', responsive: ['md'], render: (code: string) => <AreaName code={code} /> },
            { title: t('stations.address'), dataIndex: 'address', ellipsis: true, responsive: ['xl'] },
            {
              title: t('stations.host'),
              dataIndex: 'hostOrganizationName',
              responsive: ['lg'],
              render: (name: string | null) => name ?? '—',
            },
            {
              title: t('stations.lastInspectedOn'),
              dataIndex: 'lastInspectedOn',
              width: 120,
              responsive: ['sm'],
              render: (d: string | null) => d ?? '—',
            },
            {
              title: t('stations.toStandard'),
              dataIndex: 'toStandard',
              width: 100,
              render: (value: boolean | null) => <StandardTag value={value} />,
            },
          ]}
        />
      </Card>
      {creating && (
        <StationEditModal
          defaultAreaCode={filters.within}
          onClose={() => setCreating(false)}
          onSaved={(station) => navigate(`/stations/${station.id}`)}
        />
      )}
    </Space>
  );
}
