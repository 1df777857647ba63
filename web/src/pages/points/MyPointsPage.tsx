import { Alert, Card, Col, Rate, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectCategories } from '../projects/project-api.ts';
import { type StatementLine, useMyPoints, usePointsRule } from './points-api.ts';

const CAUSE_COLOR: Record<StatementLine['cause'], string> = {
  record: 'green',
  record_reversal: 'orange',
  record_repost: 'blue',
  bonus: 'gold',
};
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
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const mine = useMyPoints(page, PAGE_SIZE);
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const data = mine.data;
  const when = (at: string) =>
    new Date(at).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
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
        <Table<StatementLine>
          rowKey="seq"
          size="small"
          dataSource={data.statement}
          loading={mine.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('points.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, hideOnSinglePage: true }}
          data-testid="points-statement"
          columns={[
            { title: t('points.date'), dataIndex: 'at', render: when, width: 170 },
            {
              title: t('points.cause'),
              dataIndex: 'cause',
              render: (c: StatementLine['cause']) => <Tag color={CAUSE_COLOR[c]}>{t(`points.causes.${c}`)}</Tag>,
            },
            { title: t('points.activity'), dataIndex: 'activityTitle', render: (v: string | null) => v ?? '—' },
            {
              title: t('points.amount'),
              dataIndex: 'amount',
              align: 'right',
              render: (v: string) => (
                <Typography.Text type={v.startsWith('-') ? 'danger' : 'success'}>{v.startsWith('-') ? v : `+${v}`}</Typography.Text>
              ),
            },
            { title: t('points.balanceAfter'), dataIndex: 'balanceAfter', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
