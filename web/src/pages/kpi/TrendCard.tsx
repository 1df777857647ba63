import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from './EChart.tsx';
import type { TrendMonth } from './kpi-api.ts';

/** The 12 months of the period: confirmed hours and new registrations as bars, active volunteers as a line. */
export function TrendCard({ code, until, months }: { code: string; until: string; months?: TrendMonth[] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      color: ['#c8102e', '#faad14', '#1677ff'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 56, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: months?.map((m) => m.month) ?? [] },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        { type: 'bar', name: t('kpiPage.trend.hours'), data: months?.map((m) => Math.round(m.hours * 10) / 10) ?? [] },
        { type: 'bar', name: t('kpiPage.trend.registrations'), yAxisIndex: 1, data: months?.map((m) => m.registrations) ?? [] },
        { type: 'line', name: t('kpiPage.trend.active'), yAxisIndex: 1, data: months?.map((m) => m.active) ?? [] },
      ],
    }),
    [months, t],
  );
  const empty = months?.every((m) => m.hours === 0 && m.registrations === 0 && m.active === 0) ?? false;
  return (
    <Card
      title={t('kpiPage.trend.title')}
      style={{ height: '100%' }}
      data-testid="kpi-trend"
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={`/api/kpi/areas/${code}/xlsx?table=trend&until=${until}`}
          download
          data-testid="kpi-export-trend"
        >
          {t('kpiPage.exportXlsx')}
        </Button>
      }
    >
      {empty ? (
        <Empty description={t('kpiPage.trend.empty')} />
      ) : (
        <EChart option={option} style={{ height: 320 }} testId="kpi-trend-chart" />
      )}
    </Card>
  );
}
