import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Row, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { areaLabel, useArea } from '../../components/AreaName.tsx';
import { useUrlParams } from '../../components/url-params.ts';
import { CoverageMap } from './CoverageMap.tsx';
import { DemandCard } from './DemandCard.tsx';
import { KpiCards } from './KpiCards.tsx';
import { type AreaKpis, type KpiTrend, useKpi } from './kpi-api.ts';
import { RankingCard } from './RankingCard.tsx';
import { TrendCard } from './TrendCard.tsx';

const thisMonth = () => dayjs().format('YYYY-MM');

/**
 * The KPI dashboard (issue 6): an office starts at its own area and drills down city → district →
 * street → community through the ranking; the area, the period's last month and the ranking's KPI
 * live in the address, so a view can be shared and the back button walks back up.
 */
export function KpiPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const home = me.grants.find((g) => g.areaCode)?.areaCode ?? '';
  const [params, change] = useUrlParams();
  const shown = (p: URLSearchParams) => ({
    area: p.get('area') || home,
    until: p.get('until') || thisMonth(),
    kpi: p.get('kpi') || 'hoursPerVolunteer',
  });
  const { area: code, until, kpi: rankBy } = shown(params);
  // Each choice is a step back can undo.
  const set = (next: Record<string, string>) => change((p) => new URLSearchParams({ ...shown(p), ...next }), { replace: false });
  const linkTo = (area: string) => `/kpi?${new URLSearchParams({ area, until, kpi: rankBy })}`;

  const area = useArea(code || undefined);
  const kpis = useKpi<AreaKpis>(`/areas/${code}`, { until }, !!code);
  const trend = useKpi<KpiTrend>(`/areas/${code}/trend`, { until, months: 12 }, !!code);
  const year = until.slice(0, 4);

  const lineage = area.data ? [...area.data.ancestors, area.data] : [];
  const breadcrumb = lineage.map((a) => {
    // Areas above the office's own are not theirs to open.
    const reachable = a.code.startsWith(home) && a.code !== code;
    const label = areaLabel(a, i18n.language);
    return {
      key: a.code,
      title: reachable ? (
        <Link to={linkTo(a.code)} data-testid={`crumb-${a.code}`}>
          {label}
        </Link>
      ) : (
        <span data-testid={`crumb-${a.code}`}>{label}</span>
      ),
    };
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="kpi-page">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('kpiPage.title')}
        </Typography.Title>
        <Space wrap>
          <span>{t('kpiPage.period')}</span>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${until}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && set({ until: d.format('YYYY-MM') })}
            data-testid="kpi-until"
          />
          <Button
            disabled={!kpis.data}
            icon={<FilePdfOutlined />}
            href={`/api/kpi/areas/${code}/report.pdf?year=${year}&kpi=${rankBy}`}
            download
            data-testid="kpi-report-pdf"
          >
            {t('kpiPage.reportPdf', { year })}
          </Button>
        </Space>
      </Space>
      {!kpis.error && (
        <Card size="small">
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Breadcrumb items={breadcrumb} data-testid="kpi-breadcrumb" />
            {kpis.data && (
              <Typography.Text type="secondary" data-testid="kpi-window">
                {t('kpiPage.periodRange', { from: kpis.data.window.from, until: kpis.data.window.until })}
                {' · '}
                {kpis.data.asOf.refreshedAt
                  ? t('kpiPage.asOf', { at: dayjs(kpis.data.asOf.refreshedAt).format('YYYY-MM-DD HH:mm') })
                  : t('kpiPage.notRefreshed')}
              </Typography.Text>
            )}
          </Space>
        </Card>
      )}
      {kpis.error && (
        <Alert
          type="error"
          showIcon
          title={(kpis.error as Error).message}
          action={
            home && (
              <Link to={linkTo(home)} data-testid="kpi-back-home">
                {t('kpiPage.backHome')}
              </Link>
            )
          }
          data-testid="kpi-error"
        />
      )}
      {kpis.isPending && code ? <Spin /> : null}
      {kpis.data && <KpiCards kpis={kpis.data.kpis} trend={trend.data?.months} code={code} until={until} />}
      {kpis.data && <DemandCard code={code} until={until} />}
      {kpis.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <RankingCard
              code={code}
              until={until}
              rankBy={rankBy}
              level={kpis.data.area.level}
              onRankBy={(kpi) => set({ kpi })}
              onDrill={(child) => set({ area: child })}
              linkTo={linkTo}
            />
          </Col>
          <Col xs={24} xl={12}>
            <TrendCard code={code} until={until} months={trend.data?.months} />
          </Col>
          <Col xs={24}>
            <CoverageMap code={code} />
          </Col>
        </Row>
      )}
    </Space>
  );
}
