import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Statement } from './benefits-api.ts';

type Row = Statement['rows'][number];

/**
 * 月度对账: per offer, codes issued / used / expired / cancelled in a China month and their points;
 * Excel download. The partner's own (/partner/statement), or one partner's read by the office of its
 * area (/benefits/partners/:id/statement, from 礼遇审核).
 */
export function PartnerStatementPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const base = id ? `/api/benefits/office/partners/${id}/statement` : '/api/benefits/partner/statement';
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const statement = useQuery({
    queryKey: ['benefits', 'statement', id ?? 'mine', month],
    queryFn: () => api<Statement>(`${base}?month=${month}`),
  });
  const n = (k: keyof Statement['totals']) => statement.data?.totals[k];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('benefitStatement.title')}{' '}
        {statement.data && <Typography.Text type="secondary">· {statement.data.partner.name}</Typography.Text>}
      </Typography.Title>
      {id && (
        <Link to="/benefits/review" data-testid="statement-back">
          {t('benefitStatement.back')}
        </Link>
      )}
      <Card>
        <Space wrap>
          <Typography.Text>{t('benefitStatement.month')}</Typography.Text>
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
          <Button icon={<DownloadOutlined />} href={`${base}.xlsx?month=${month}`} download data-testid="statement-download">
            {t('benefitStatement.download')}
          </Button>
        </Space>
      </Card>
      {statement.error && <Alert type="error" showIcon title={statement.error.message} />}
      <Card>
        <Table<Row>
          rowKey="offerId"
          size="small"
          loading={statement.isPending}
          dataSource={statement.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="statement-table"
          columns={[
            {
              title: t('benefitStatement.offer'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Space>
                  {v}
                  <Tag>{t(`benefitOffers.kinds.${r.kind}`)}</Tag>
                </Space>
              ),
            },
            { title: t('benefitStatement.price'), dataIndex: 'price', align: 'right' },
            { title: t('benefitStatement.issued'), dataIndex: 'issued', align: 'right' },
            { title: t('benefitStatement.used'), dataIndex: 'used', align: 'right' },
            { title: t('benefitStatement.expired'), dataIndex: 'expired', align: 'right' },
            { title: t('benefitStatement.cancelled'), dataIndex: 'cancelled', align: 'right' },
            { title: t('benefitStatement.pointsIssued'), dataIndex: 'pointsIssued', align: 'right' },
            { title: t('benefitStatement.pointsRefunded'), dataIndex: 'pointsRefunded', align: 'right' },
            { title: t('benefitStatement.pointsNet'), dataIndex: 'pointsNet', align: 'right' },
          ]}
          summary={() =>
            statement.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('benefitStatement.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} />
                {(['issued', 'used', 'expired', 'cancelled', 'pointsIssued', 'pointsRefunded', 'pointsNet'] as const).map((k, i) => (
                  <Table.Summary.Cell index={i + 2} key={k} align="right">
                    <Typography.Text strong>{n(k)}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </Space>
  );
}
