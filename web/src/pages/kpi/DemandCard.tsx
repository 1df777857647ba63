import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/types.ts';
import { useKpi } from './kpi-api.ts';

type DemandKpi = Schemas['DemandKpi'];

function formatted(k: DemandKpi, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (k.value === null) return '—';
  if (k.unit === 'share') return `${(k.value * 100).toFixed(1)}%`;
  if (k.unit === 'minutes') return t('demandKpi.minutes', { value: Math.round(k.value) });
  if (k.unit === 'perPerson') return t('demandKpi.perPerson', { value: k.value.toFixed(1) });
  return t('demandKpi.stars', { value: k.value.toFixed(1) });
}

/** The demand side's KPIs (issue 18) beside the others, for the same area and 12-month window. */
export function DemandCard({ code, until }: { code: string; until: string }) {
  const { t } = useTranslation();
  const demand = useKpi<Schemas['AreaDemandKpis']>(`/areas/${code}/demand`, { until }, !!code);
  if (!demand.data) return null;
  return (
    <Card
      title={t('demandKpi.title')}
      extra={<Typography.Text type="secondary">{t('demandKpi.help')}</Typography.Text>}
      data-testid="demand-kpis"
    >
      <Row gutter={[16, 16]}>
        {demand.data.kpis.map((k) => (
          <Col key={k.code} xs={24} sm={12} lg={8} xl={4} style={{ minWidth: 200 }}>
            <Statistic title={k.name} value={formatted(k, t)} data-testid={`demand-${k.code}`} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {k.value === null
                ? ''
                : k.code === 'medianMinutesToAssign'
                  ? t('demandKpi.overMedian', { count: k.denominator })
                  : t('demandKpi.over', { numerator: k.numerator, denominator: k.denominator })}
            </Typography.Text>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
