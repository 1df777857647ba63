import { Alert, Button, Card, Col, Progress, Rate, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectCategories } from '../projects/project-api.ts';
import { CertificatesCard } from './CertificatesCard.tsx';
import { CorrectionModal } from './CorrectionModal.tsx';
import { type HoursBy, type MyRecord, type MyRecords, type RecordStatus, useMyRecords } from './records-api.ts';

const STATUS_COLOR: Record<RecordStatus, string> = { pending: 'gold', confirmed: 'green', rejected: 'red' };

/** The star level (星级志愿者) and the progress to the next one. */
function StarsCard({ data }: { data: MyRecords }) {
  const { t } = useTranslation();
  const { stars, nextAt, hoursToNext, fraction, scheme } = data.stars;
  return (
    <Card data-testid="stars">
      <Row gutter={[24, 16]} align="middle">
        <Col xs={24} sm={12}>
          <Typography.Text type="secondary">{t('hours.stars')}</Typography.Text>
          <div>
            <Rate disabled count={5} value={stars} style={{ fontSize: 28 }} />
            <Typography.Text strong style={{ marginLeft: 12 }}>
              {stars > 0 ? t('hours.starsValue', { stars }) : t('hours.noStars')}
            </Typography.Text>
          </div>
          <Progress percent={Math.round(fraction * 100)} showInfo={false} strokeColor="#faad14" />
          <Typography.Text data-testid="stars-next">
            {nextAt === null ? t('hours.topStar') : t('hours.toNext', { hours: hoursToNext, next: stars + 1 })}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('hours.scheme', { scheme: scheme.join(' / ') })}
          </Typography.Text>
        </Col>
        <Col xs={24} sm={12}>
          <Statistic title={t('hours.total')} value={data.hours.total} suffix={t('hours.unit')} data-testid="total-hours" />
        </Col>
      </Row>
    </Card>
  );
}

/** One breakdown of the confirmed hours, as bars whose length is the share of the largest. */
function Breakdown({ title, rows, label }: { title: string; rows: HoursBy[]; label?: (key: string) => string }) {
  const { t } = useTranslation();
  const max = Math.max(...rows.map((r) => r.hours), 1);
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {rows.length === 0 && <Typography.Text type="secondary">{t('hours.none')}</Typography.Text>}
      {rows.map((r) => (
        <div key={r.key}>
          <Typography.Text>{label ? label(r.key) : r.key}</Typography.Text>
          <Progress percent={(r.hours / max) * 100} format={() => t('hours.hoursValue', { hours: r.hours })} />
        </div>
      ))}
    </Card>
  );
}

/** A volunteer's hours (服务时长), their records and certificates. */
export function MyHoursPage() {
  const { t } = useTranslation();
  const mine = useMyRecords();
  const categories = useProjectCategories();
  const [correcting, setCorrecting] = useState<MyRecord | null>(null);

  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const data = mine.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('hours.title')}
      </Typography.Title>
      <StarsCard data={data} />
      <Row gutter={[16, 16]} data-testid="hours-breakdown">
        <Col xs={24} md={8}>
          <Breakdown title={t('hours.byYear')} rows={data.hours.byYear} />
        </Col>
        <Col xs={24} md={8}>
          <Breakdown title={t('hours.byOrganization')} rows={data.hours.byOrganization} />
        </Col>
        <Col xs={24} md={8}>
          <Breakdown title={t('hours.byCategory')} rows={data.hours.byCategory} label={categories.label} />
        </Col>
      </Row>
      <Card title={t('hours.records')}>
        <Table<MyRecord>
          rowKey="id"
          size="small"
          dataSource={data.records}
          loading={mine.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('hours.noRecords') }}
          data-testid="record-table"
          columns={[
            { title: t('hours.serviceDate'), dataIndex: 'serviceDate', width: 110 },
            {
              title: t('hours.activity'),
              render: (_, r) => (
                <>
                  <div>{r.activityTitle}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.organizationName}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('hours.creditHours'), dataIndex: 'creditHours', align: 'right' },
            { title: t('hours.addedHours'), dataIndex: 'addedHours', align: 'right' },
            { title: t('hours.ledgerHours'), dataIndex: 'ledgerHours', align: 'right' },
            {
              title: t('hours.status'),
              render: (_, r) => (
                <>
                  <Tag color={STATUS_COLOR[r.status]}>{t(`hours.statusValue.${r.status}`)}</Tag>
                  {r.rejectReason && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('hours.rejectReason', { reason: r.rejectReason })}
                      </Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            {
              key: 'correct',
              render: (_, r) =>
                r.status === 'confirmed' && (
                  <Button size="small" onClick={() => setCorrecting(r)} data-testid="request-correction">
                    {t('hours.correct')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <CertificatesCard />
      {correcting && <CorrectionModal record={correcting} onClose={() => setCorrecting(null)} />}
    </Space>
  );
}
