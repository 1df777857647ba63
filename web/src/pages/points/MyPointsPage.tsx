import { Alert, Card, Col, Rate, Row, Space, Spin, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatementTable } from '../../components/StatementTable.tsx';
import { useProjectCategories } from '../projects/project-api.ts';
import { useMyPoints, usePointsRule } from './points-api.ts';

const PAGE_SIZE = 20;

/** How points are earned, from the city's rule in force. */
function HowCard() {
  const { t } = useTranslation();
  const rule = usePointsRule();
  const categories = useProjectCategories();
  if (!rule.data) return null;
  const { pointsPerHour, bonusCapPerMonth, categoryMultipliers, riskMultipliers } = rule.data;
  const list = Object.entries(categoryMultipliers)
    .map(([code, m]) => `${categories.label(code)} ×${m}`)
    .join('，');
  return (
    <Card size="small" title={t('points.howTitle')} data-testid="points-how">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('points.how', { rate: pointsPerHour, cap: bonusCapPerMonth })}
      </Typography.Paragraph>
      {list && <Typography.Text type="secondary">{t('points.multipliers', { list })}</Typography.Text>}
      <div>
        <Typography.Text type="secondary">{t('points.riskMultipliers', riskMultipliers)}</Typography.Text>
      </div>
    </Card>
  );
}

/** 我的积分: the balance, stars, the statement a page at a time, and how points are earned. */
export function MyPointsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const mine = useMyPoints(page, PAGE_SIZE);
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const data = mine.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('points.title')}
      </Typography.Title>
      <Card>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} sm={8}>
            <Statistic title={t('points.balance')} value={data.balance} data-testid="points-balance" />
          </Col>
          <Col xs={24} sm={8}>
            <Typography.Text type="secondary">{t('points.stars')}</Typography.Text>
            <div>
              <Rate disabled count={5} value={data.stars} />
              <Typography.Text style={{ marginLeft: 8 }}>
                {data.stars > 0 ? t('points.starsValue', { stars: data.stars }) : t('points.noStars')}
              </Typography.Text>
            </div>
          </Col>
          <Col xs={24} sm={8}>
            <Statistic title={t('points.hours')} value={data.totalHours} suffix={t('points.hoursUnit')} />
          </Col>
        </Row>
      </Card>
      <HowCard />
      <Card title={t('points.statement')}>
        <StatementTable
          ns="points"
          testId="points-statement"
          lines={data.statement}
          total={data.total}
          page={page}
          pageSize={PAGE_SIZE}
          loading={mine.isFetching}
          onPage={setPage}
        />
      </Card>
    </Space>
  );
}
