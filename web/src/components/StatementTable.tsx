import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/types.ts';

/** One movement as the holder sees it: points and time credits share the ledger's statement shape. */
export type StatementLine = Schemas['TimeBank']['statement'][number];

// One colour per cause across both currencies; points never carry the time bank's own causes.
const CAUSE_COLOR: Record<StatementLine['cause'], string> = {
  record: 'green',
  record_reversal: 'orange',
  record_repost: 'blue',
  bonus: 'gold',
  transfer: 'purple',
  donation: 'cyan',
  pool_grant: 'geekblue',
  service_payment: 'magenta',
  redemption: 'purple',
  redemption_refund: 'cyan',
  service_hold: 'volcano',
  service_release: 'lime',
};

/**
 * A points or time credit statement, newest first, a page at a time: the volunteer's own pages and
 * an office's view of one volunteer. `ns` picks the words (points.* or timeBank.*).
 */
export function StatementTable(props: {
  ns: 'points' | 'timeBank';
  lines: StatementLine[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const { ns } = props;
  const when = (at: string) =>
    new Date(at).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Table<StatementLine>
      rowKey="seq"
      size="small"
      dataSource={props.lines}
      loading={props.loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t(`${ns}.empty`) }}
      pagination={{ current: props.page, pageSize: props.pageSize, total: props.total, onChange: props.onPage, hideOnSinglePage: true }}
      data-testid={props.testId}
      columns={[
        { title: t(`${ns}.date`), dataIndex: 'at', render: when, width: 170 },
        {
          title: t(`${ns}.cause`),
          dataIndex: 'cause',
          render: (c: StatementLine['cause']) => <Tag color={CAUSE_COLOR[c]}>{t(`${ns}.causes.${c}`)}</Tag>,
        },
        { title: t(`${ns}.activity`), dataIndex: 'activityTitle', render: (v: string | null) => v ?? '—' },
        {
          title: t(`${ns}.amount`),
          dataIndex: 'amount',
          align: 'right',
          render: (v: string) => (
            <Typography.Text type={v.startsWith('-') ? 'danger' : 'success'}>{v.startsWith('-') ? v : `+${v}`}</Typography.Text>
          ),
        },
        { title: t(`${ns}.balanceAfter`), dataIndex: 'balanceAfter', align: 'right' },
      ]}
    />
  );
}
