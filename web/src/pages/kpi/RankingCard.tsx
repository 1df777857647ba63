import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areaLabel } from '../../components/AreaName.tsx';
import { StatusTag } from './KpiCards.tsx';
import { type AreaLevel, formatKpi, type KpiDefinition, type Ranking, useKpi } from './kpi-api.ts';

const NEXT: Record<AreaLevel, AreaLevel | undefined> = { city: 'district', district: 'street', street: 'community', community: undefined };

/** The areas one level down ranked by one KPI, best first; a row opens that area. */
export function RankingCard(props: {
  code: string;
  until: string;
  rankBy: string;
  level: AreaLevel;
  onRankBy: (kpi: string) => void;
  onDrill: (code: string) => void;
  linkTo: (code: string) => string;
}) {
  const { code, until, rankBy, level } = props;
  const { t, i18n } = useTranslation();
  const childLevel = NEXT[level];
  const catalogue = useKpi<KpiDefinition[]>('/catalogue', {});
  const choices = (catalogue.data ?? []).filter((d) => childLevel && d.levels.includes(childLevel));
  const kpi = choices.some((d) => d.code === rankBy) ? rankBy : (choices[0]?.code ?? rankBy);
  const ranking = useKpi<Ranking>(`/areas/${code}/children`, { kpi, until }, !!childLevel && choices.length > 0);
  const unit = ranking.data?.kpi.unit ?? 'share';

  return (
    <Card
      title={t('kpiPage.ranking.title')}
      style={{ height: '100%' }}
      data-testid="kpi-ranking"
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={`/api/kpi/areas/${code}/xlsx?table=ranking&kpi=${kpi}&until=${until}`}
          download
          disabled={!childLevel}
          data-testid="kpi-export-ranking"
        >
          {t('kpiPage.exportXlsx')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>{t('kpiPage.ranking.kpi')}</span>
          <Select
            value={kpi}
            style={{ minWidth: 300 }}
            options={choices.map((d) => ({ value: d.code, label: d.name }))}
            onChange={props.onRankBy}
            disabled={!childLevel}
            data-testid="kpi-rank-by"
          />
        </Space>
        <Table
          size="small"
          rowKey={(r) => r.area.code}
          loading={ranking.isFetching}
          dataSource={childLevel ? ranking.data?.children : []}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('kpiPage.ranking.empty') }}
          onRow={(r) => ({ onClick: () => props.onDrill(r.area.code), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('kpiPage.ranking.rank'), key: 'rank', width: 60, render: (_, __, i) => i + 1 },
            {
              title: t('kpiPage.ranking.area'),
              key: 'area',
              render: (_, r) => (
                <Link to={props.linkTo(r.area.code)} onClick={(e) => e.stopPropagation()} data-testid="kpi-rank-area">
                  {areaLabel(r.area, i18n.language)}
                </Link>
              ),
            },
            { title: t('kpiPage.ranking.value'), key: 'value', align: 'right', render: (_, r) => formatKpi(r.value, unit, t) },
            { title: t('kpiPage.ranking.status'), key: 'status', render: (_, r) => <StatusTag status={r.status} /> },
            {
              title: t('kpiPage.ranking.fraction'),
              key: 'fraction',
              align: 'right',
              responsive: ['md'],
              render: (_, r) => `${Number(r.numerator.toFixed(1)).toLocaleString()} / ${Number(r.denominator.toFixed(1)).toLocaleString()}`,
            },
          ]}
        />
        {childLevel && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('kpiPage.ranking.drill')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
