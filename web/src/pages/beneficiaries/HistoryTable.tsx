import { Rate, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceHistoryItem } from '../../api/types.ts';

const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Past requests of a person: when, what, who served, how they rated it. */
export function HistoryTable({ items, testId = 'history-table' }: { items: ServiceHistoryItem[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<ServiceHistoryItem>
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={items.length > 10 ? { pageSize: 10 } : false}
      locale={{ emptyText: t('beneficiaries.historyEmpty') }}
      data-testid={testId}
      columns={[
        { title: t('beneficiaries.date'), dataIndex: 'date', width: 110, render: day },
        { title: t('beneficiaries.category'), render: (_, h) => (i18n.language === 'en-US' ? h.categoryNameEn : h.categoryNameZh) },
        {
          title: t('beneficiaries.status'),
          dataIndex: 'status',
          width: 90,
          render: (s: ServiceHistoryItem['status']) => <Tag>{t(`beneficiaries.requestStatuses.${s}`)}</Tag>,
        },
        { title: t('beneficiaries.servedBy'), dataIndex: 'servedBy', render: (names: string[]) => names.join('、') || '—' },
        {
          title: t('beneficiaries.rating'),
          dataIndex: 'rating',
          width: 140,
          render: (r: number | null) => (r ? <Rate disabled value={r} style={{ fontSize: 12 }} /> : '—'),
        },
        { title: t('beneficiaries.requestNo'), dataIndex: 'requestNo', responsive: ['lg'] },
      ]}
    />
  );
}
