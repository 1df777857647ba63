import { AuditOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import type { StationDetail, StationInspection, StationStandard } from '../../api/types.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { InspectionModal } from './InspectionModal.tsx';
import { KeepersCard } from './KeepersCard.tsx';
import { KindTag, StandardTag, standardName, useStandards } from './labels.tsx';
import { StationEditModal } from './StationEditModal.tsx';

function InspectionsCard({ station, standards }: { station: StationDetail; standards: StationStandard[] }) {
  const { t, i18n } = useTranslation();
  const active = standards.filter((s) => s.active);
  return (
    <Card title={t('stations.inspections')}>
      <Table<StationInspection>
        rowKey="id"
        size="small"
        dataSource={station.inspections}
        pagination={station.inspections.length > 10 ? { pageSize: 10 } : false}
        locale={{ emptyText: t('stations.noInspections') }}
        data-testid="inspections-table"
        columns={[
          { title: t('stations.inspectedOn'), dataIndex: 'inspectedOn', width: 120 },
          { title: t('stations.inspector'), dataIndex: 'inspectorName', width: 160, responsive: ['sm'] },
          {
            title: t('stations.itemsMet'),
            width: 110,
            render: (_, row) =>
              t('stations.metCount', { met: active.filter((s) => row.itemsMet.includes(s.code)).length, total: active.length }),
          },
          {
            title: t('stations.itemsMissed'),
            responsive: ['md'],
            render: (_, row) => {
              const missed = active.filter((s) => !row.itemsMet.includes(s.code));
              return missed.length ? missed.map((s) => <Tag key={s.code}>{standardName(s, i18n.language)}</Tag>) : '—';
            },
          },
          { title: t('stations.result'), dataIndex: 'toStandard', width: 100, render: (value: boolean) => <StandardTag value={value} /> },
          {
            title: t('stations.notes'),
            dataIndex: 'notes',
            ellipsis: true,
            responsive: ['lg'],
            render: (notes: string | null) => notes ?? '—',
          },
        ]}
      />
    </Card>
  );
}

export function StationDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [editing, setEditing] = useState(false);
  const [inspecting, setInspecting] = useState(false);
  const station = useQuery({
    queryKey: ['station', id],
    queryFn: () => api<StationDetail>(`/api/stations/${id}`),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const standards = useStandards();
  const s = station.data;

  if (station.isError) {
    return (
      <Result
        status="404"
        title={station.error.message}
        extra={
          <Link to="/stations">
            <Button>{t('stations.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!s) return <Spin />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/stations">{t('stations.title')}</Link> }, { title: s.name }]} />
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="station-name">
              {s.name}
            </Typography.Title>
            <KindTag kind={s.kind} />
            <StandardTag value={s.toStandard} />
          </Space>
        }
        extra={
          <Space wrap>
            {s.mayInspect && (
              <Button
                type="primary"
                icon={<AuditOutlined />}
                onClick={() => setInspecting(true)}
                disabled={!standards.data}
                data-testid="record-inspection"
              >
                {t('stations.recordInspection')}
              </Button>
            )}
            {s.mayManage && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-station">
                {t('stations.edit')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="station-details">
          <Descriptions.Item label={t('stations.area')}>
            <AreaName code={s.areaCode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('stations.address')}>{s.address}</Descriptions.Item>
          <Descriptions.Item label={t('stations.status')}>
            <Tag color={s.status === 'open' ? 'green' : undefined}>{t(`stations.statuses.${s.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('stations.floorArea')}>{s.floorArea.toLocaleString(i18n.language)} m²</Descriptions.Item>
          <Descriptions.Item label={t('stations.openingHours')}>{s.openingHours ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('stations.host')}>{s.hostOrganizationName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('stations.coordinates')}>
            {s.lat != null && s.lng != null ? `${s.lat.toFixed(4)}, ${s.lng.toFixed(4)}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('stations.lastInspectedOn')}>{s.lastInspectedOn ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t('stations.resultHint')}
        </Typography.Paragraph>
      </Card>
      <KeepersCard station={s} />
      <InspectionsCard station={s} standards={standards.data ?? []} />
      {editing && <StationEditModal station={s} onClose={() => setEditing(false)} />}
      {inspecting && standards.data && <InspectionModal station={s} standards={standards.data} onClose={() => setInspecting(false)} />}
    </Space>
  );
}
