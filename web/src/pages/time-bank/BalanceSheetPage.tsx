import { Alert, Breadcrumb, Card, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PoolsCard } from './PoolsCard.tsx';
import { type BalanceSheet, useBalanceSheet } from './time-bank-api.ts';

type Row = BalanceSheet['rows'][number];
const FIGURES = ['deposited', 'transferredIn', 'transferredOut', 'donated', 'granted', 'spent', 'inPools', 'outstanding', 'hours'] as const;

/** 时间银行收支: per area a level below, credits deposited, moved, spent and outstanding against eligible hours served. */
export function BalanceSheetPage() {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const current = trail.at(-1)?.code;
  const sheet = useBalanceSheet(current);
  if (sheet.isPending) return <Spin />;
  if (!sheet.data) return <Alert type="error" showIcon title={sheet.error?.message ?? t('common.error')} />;
  const data = sheet.data;
  const columns = [
    {
      title: t('balanceSheet.area'),
      dataIndex: 'areaName',
      render: (name: string, r: Row) =>
        r.areaCode.length > data.areaCode.length && r.areaCode.length < 12 ? (
          <Typography.Link onClick={() => setTrail([...trail, { code: r.areaCode, name }])}>{name}</Typography.Link>
        ) : (
          name
        ),
    },
    ...FIGURES.map((f) => ({ title: t(`balanceSheet.${f}`), dataIndex: f, align: 'right' as const })),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('balanceSheet.title')}
      </Typography.Title>
      <Breadcrumb
        items={[
          { title: <Typography.Link onClick={() => setTrail([])}>{t('balanceSheet.mine')}</Typography.Link> },
          ...trail.map((a, i) => ({ title: <Typography.Link onClick={() => setTrail(trail.slice(0, i + 1))}>{a.name}</Typography.Link> })),
        ]}
      />
      <Alert type="info" showIcon title={t('balanceSheet.help', { rate: data.creditsPerHour })} />
      <Card title={data.areaName}>
        <Table<Row>
          rowKey="areaCode"
          size="small"
          dataSource={data.rows}
          columns={columns}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="balance-sheet"
          locale={{ emptyText: t('balanceSheet.empty') }}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('balanceSheet.total')}</Typography.Text>
              </Table.Summary.Cell>
              {FIGURES.map((f, i) => (
                <Table.Summary.Cell key={f} index={i + 1} align="right">
                  <Typography.Text strong>{data.total[f]}</Typography.Text>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )}
        />
      </Card>
      <PoolsCard />
    </Space>
  );
}
