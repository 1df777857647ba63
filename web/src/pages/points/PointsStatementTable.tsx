import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementLine } from './points-api.ts';

// Points carry only the hour causes and bonuses; the time bank's own causes never reach this statement.
const CAUSE_COLOR: Partial<Record<StatementLine['cause'], string>> = {
  record: 'green',
  record_reversal: 'orange',
  record_repost: 'blue',
  bonus: 'gold',
  redemption: 'purple',
  redemption_refund: 'cyan',
};

/** A points statement, newest first, a page at a time: the volunteer's own page and an office's view of it. */
export function PointsStatementTable(props: {
  lines: StatementLine[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const when = (at: string) =>
    new Date(at).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Table<StatementLine>
      rowKey="seq"
      size="small"
      dataSource={props.lines}
      loading={props.loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('points.empty') }}
      pagination={{ current: props.page, pageSize: props.pageSize, total: props.total, onChange: props.onPage, hideOnSinglePage: true }}
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
  );
}
