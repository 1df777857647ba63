import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { EChart } from './EChart.tsx';
import { RegisteredTotalButton } from './KpiInputs.tsx';
import { formatKpi, formatTarget, type Kpi, type KpiStatus, type TrendMonth } from './kpi-api.ts';

export const STATUS_COLOR: Record<KpiStatus, string> = { met: 'success', notMet: 'error', noTarget: 'default', noData: 'warning' };

export function StatusTag({ status }: { status: KpiStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="kpi-status">
      {t(`kpiPage.status.${status}`)}
    </Tag>
  );
}

/** The month-by-month figure behind a KPI, where the trend has one: hours per volunteer and the active share. */
function sparkOf(kpi: Kpi, months: TrendMonth[] | undefined): number[] | undefined {
  if (!months?.length || kpi.denominator === 0) return undefined;
  if (kpi.code === 'hoursPerVolunteer') return months.map((m) => m.hours / kpi.denominator);
  if (kpi.code === 'activeShare') return months.map((m) => (m.active / kpi.denominator) * 100);
  return undefined;
}

function Sparkline({ values, months }: { values: number[]; months: string[] }) {
  const option = useMemo(
    () => ({
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, data: months },
      yAxis: { type: 'value', show: false, min: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => v.toFixed(2) },
      series: [{ type: 'line', data: values, smooth: true, symbol: 'none', areaStyle: { opacity: 0.15 }, lineStyle: { width: 1.5 } }],
      color: ['#c8102e'],
    }),
    [values, months],
  );
  return <EChart option={option} style={{ height: 36 }} testId="kpi-sparkline" />;
}

function KpiCard({ kpi, spark, months, code }: { kpi: Kpi; spark?: number[]; months: string[]; code: string }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`kpi-card-${kpi.code}`}>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text strong style={{ minHeight: 44, display: 'block' }} data-testid="kpi-name">
          {kpi.name}
        </Typography.Text>
        <Space align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text style={{ fontSize: 26, fontWeight: 600 }} data-testid="kpi-value">
            {formatKpi(kpi.value, kpi.unit, t)}
          </Typography.Text>
          <StatusTag status={kpi.status} />
        </Space>
        <Tooltip title={kpi.target?.source}>
          <Typography.Text type="secondary" data-testid="kpi-target">
            {kpi.target
              ? `${t('kpiPage.target')} ${formatTarget(kpi, t)}`
              : `${t('kpiPage.noTarget')} · ${t(kpi.direction === 'higher' ? 'kpiPage.higherBetter' : 'kpiPage.lowerBetter')}`}
          </Typography.Text>
        </Tooltip>
        {kpi.reference && (
          <Tooltip title={kpi.reference.source}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('kpiPage.reference', { value: formatKpi(kpi.reference.value, kpi.unit, t) })}
            </Typography.Text>
          </Tooltip>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('kpiPage.fraction', {
            numerator: Number(kpi.numerator.toFixed(1)).toLocaleString(),
            denominator: Number(kpi.denominator.toFixed(1)).toLocaleString(),
          })}
        </Typography.Text>
        {spark && <Sparkline values={spark} months={months} />}
        {kpi.code === 'unifiedPlatformShare' && can(me, 'kpi.enterTotals') && <RegisteredTotalButton code={code} />}
      </Space>
    </Card>
  );
}

/** Every KPI of the area as a card: value, target, met or not, and a sparkline where the monthly trend has the figure. */
export function KpiCards({ kpis, trend, code, until }: { kpis: Kpi[]; trend?: TrendMonth[]; code: string; until: string }) {
  const { t } = useTranslation();
  const count = (s: KpiStatus) => kpis.filter((k) => k.status === s).length;
  const months = trend?.map((m) => m.month) ?? [];
  return (
    <Card
      title={
        // Wraps on a phone instead of being cut off beside the export button.
        <span style={{ whiteSpace: 'normal' }} data-testid="kpi-summary">
          {t('kpiPage.summary', { met: count('met'), notMet: count('notMet'), noData: count('noData') })}
        </span>
      }
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={`/api/kpi/areas/${code}/xlsx?table=kpis&until=${until}`}
          download
          data-testid="kpi-export-kpis"
        >
          {t('kpiPage.exportXlsx')}
        </Button>
      }
      data-testid="kpi-cards"
    >
      <Row gutter={[12, 12]}>
        {kpis.map((k) => (
          <Col key={k.code} xs={24} sm={12} lg={8} xxl={6}>
            <KpiCard kpi={k} spark={sparkOf(k, trend)} months={months} code={code} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
