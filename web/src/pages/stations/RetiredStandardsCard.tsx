import { Card, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationStandard } from '../../api/types.ts';

export interface RetiredEntry {
  standard: StationStandard;
  /** Still in force on the server: it is retired when the checklist is saved. */
  pending?: boolean;
}

/** Retired standards stay listed: past inspections cite them, and the city admin may restore them. */
export function RetiredStandardsCard({ entries, action }: { entries: RetiredEntry[]; action?: (entry: RetiredEntry) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card title={t('stations.checklist.retired')}>
      <Table<RetiredEntry>
        rowKey={(e) => e.standard.code}
        size="small"
        pagination={false}
        dataSource={entries}
        locale={{ emptyText: t('stations.checklist.noRetired') }}
        // The admin's table keeps every column and scrolls on a phone; a reader's drops the code there.
        scroll={action ? { x: 720 } : undefined}
        data-testid="retired-standards"
        columns={[
          {
            title: t('stations.checklist.code'),
            width: 240,
            responsive: action ? undefined : ['md'],
            render: (_, e) => (
              <Space size={4} wrap>
                <Typography.Text code>{e.standard.code}</Typography.Text>
                {e.pending && <Tag color="warning">{t('stations.checklist.retiring')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('stations.checklist.nameZh'),
            render: (_, e) => <Typography.Text type="secondary">{e.standard.nameZh}</Typography.Text>,
          },
          {
            title: t('stations.checklist.nameEn'),
            render: (_, e) => <Typography.Text type="secondary">{e.standard.nameEn}</Typography.Text>,
          },
          ...(action ? [{ title: t('stations.checklist.actions'), width: 120, render: (_: unknown, e: RetiredEntry) => action(e) }] : []),
        ]}
      />
    </Card>
  );
}
