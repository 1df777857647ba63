import { Card, Col, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatementTable } from '../../components/StatementTable.tsx';
import { STATUS_COLOR } from './FamilyCard.tsx';
import { type FamilyRelation, useVolunteerTimeBank } from './time-bank-api.ts';

const PAGE_SIZE = 10;
const percent = (part: string, whole: string) => Math.min(100, Math.round((Number(part) / Number(whole)) * 100));

/**
 * An office's view of one volunteer's time credits, beside their points: the balance, lifetime and
 * today's deposits against the caps, the relatives they recorded (masked), and the statement.
 */
export function VolunteerTimeBankCard({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const bank = useVolunteerTimeBank(volunteerId, page, PAGE_SIZE);
  // Not this office's volunteer: the card is left out, as the API answers 404.
  if (bank.isError) return null;
  const data = bank.data;
  return (
    <Card
      title={t('timeBank.officeTitle')}
      loading={bank.isPending}
      data-testid="volunteer-time-bank"
      extra={data && <Statistic value={data.balance} suffix={t('timeBank.unit')} data-testid="volunteer-time-bank-balance" />}
    >
      {data && (
        <>
          <Row gutter={[24, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} sm={12} data-testid="volunteer-time-bank-lifetime">
              <Typography.Text type="secondary">{t('timeBank.lifetime')}</Typography.Text>
              <Progress percent={percent(data.lifetimeDeposited, data.lifetimeCap)} showInfo={false} />
              <Typography.Text>{t('timeBank.ofCap', { used: data.lifetimeDeposited, cap: data.lifetimeCap })}</Typography.Text>
            </Col>
            <Col xs={24} sm={12}>
              <Typography.Text type="secondary">{t('timeBank.today')}</Typography.Text>
              <Progress percent={percent(data.todayDeposited, data.dailyCap)} showInfo={false} />
              <Typography.Text>{t('timeBank.ofCap', { used: data.todayDeposited, cap: data.dailyCap })}</Typography.Text>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('timeBank.officeFamily')}</Typography.Title>
          <Table<FamilyRelation>
            rowKey="id"
            size="small"
            pagination={false}
            style={{ marginBottom: 16 }}
            dataSource={data.family}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('timeBank.officeNoFamily') }}
            data-testid="volunteer-time-bank-family"
            columns={[
              {
                title: t('timeBankFamily.relation'),
                dataIndex: 'relation',
                render: (r: FamilyRelation['relation']) => t(`timeBankFamily.relations.${r}`),
              },
              { title: t('timeBankFamily.name'), dataIndex: 'relativeName' },
              { title: t('timeBankFamily.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('timeBankFamily.age'), dataIndex: 'relativeAge' },
              {
                title: t('timeBankFamily.status'),
                dataIndex: 'status',
                render: (s: FamilyRelation['status']) => <Tag color={STATUS_COLOR[s]}>{t(`timeBankFamily.statuses.${s}`)}</Tag>,
              },
            ]}
          />
          <Typography.Title level={5}>{t('timeBank.statement')}</Typography.Title>
          <StatementTable
            ns="timeBank"
            testId="volunteer-time-bank-statement"
            lines={data.statement}
            total={data.total}
            page={page}
            pageSize={PAGE_SIZE}
            loading={bank.isFetching}
            onPage={setPage}
          />
        </>
      )}
    </Card>
  );
}
