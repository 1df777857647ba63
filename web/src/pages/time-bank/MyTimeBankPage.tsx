import { Alert, Card, Col, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatementTable } from '../../components/StatementTable.tsx';
import { FamilyCard } from './FamilyCard.tsx';
import { type TimeBank, useMyTimeBank, useServiceCategories } from './time-bank-api.ts';

const PAGE_SIZE = 20;
const percent = (part: string, whole: string) => Math.min(100, Math.round((Number(part) / Number(whole)) * 100));

/** 我的时间银行: the balance, deposits against the caps, how credits are deposited, the statement. */
export function MyTimeBankPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const mine = useMyTimeBank(page, PAGE_SIZE);
  const categories = useServiceCategories();
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const data = mine.data;
  const when = (at: string) =>
    new Date(at).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('timeBank.title')}
      </Typography.Title>
      <Card>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} sm={8}>
            <Statistic title={t('timeBank.balance')} value={data.balance} data-testid="time-bank-balance" />
          </Col>
          <Col xs={24} sm={8} data-testid="time-bank-lifetime">
            <Typography.Text type="secondary">{t('timeBank.lifetime')}</Typography.Text>
            <Progress percent={percent(data.lifetimeDeposited, data.lifetimeCap)} showInfo={false} />
            <Typography.Text>{t('timeBank.ofCap', { used: data.lifetimeDeposited, cap: data.lifetimeCap })}</Typography.Text>
          </Col>
          <Col xs={24} sm={8} data-testid="time-bank-today">
            <Typography.Text type="secondary">{t('timeBank.today')}</Typography.Text>
            <Progress percent={percent(data.todayDeposited, data.dailyCap)} showInfo={false} />
            <Typography.Text>{t('timeBank.ofCap', { used: data.todayDeposited, cap: data.dailyCap })}</Typography.Text>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('timeBank.howTitle')} data-testid="time-bank-how">
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('timeBank.how', { rate: Number(data.creditsPerHour), daily: Number(data.dailyCap), lifetime: Number(data.lifetimeCap) })}
        </Typography.Paragraph>
        <Space wrap size={[4, 4]}>
          <Typography.Text type="secondary">{t('timeBank.eligible')}</Typography.Text>
          {data.eligibleCategories.map((c) => (
            <Tag key={c}>{categories.label(c)}</Tag>
          ))}
        </Space>
      </Card>
      <FamilyCard balance={data.balance} />
      {data.openHolds.length > 0 && (
        <Card title={t('timeBank.holdsTitle')} data-testid="time-bank-holds">
          <Typography.Paragraph type="secondary">{t('timeBank.holdsHelp')}</Typography.Paragraph>
          <Table<TimeBank['openHolds'][number]>
            rowKey="requestId"
            size="small"
            pagination={false}
            dataSource={data.openHolds}
            columns={[
              { title: t('timeBank.holdRequest'), dataIndex: 'requestNo' },
              { title: t('timeBank.date'), dataIndex: 'createdAt', render: when, width: 170 },
              { title: t('timeBank.holdAmount'), dataIndex: 'amount', align: 'right' },
              { title: t('timeBank.holdPaid'), dataIndex: 'paid', align: 'right' },
            ]}
          />
        </Card>
      )}
      <Card title={t('timeBank.statement')}>
        <StatementTable
          ns="timeBank"
          testId="time-bank-statement"
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
