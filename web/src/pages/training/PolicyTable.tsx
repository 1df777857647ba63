import { Grid, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { chinaToday, type Policy, type PolicyState, policyState } from './training-api.ts';

const STATE_COLOR: Record<PolicyState, string> = { active: 'green', upcoming: 'blue', expired: 'default' };

function StateTag({ policy, today }: { policy: Policy; today: string }) {
  const { t } = useTranslation();
  const state = policyState(policy, today);
  return (
    <Tag color={STATE_COLOR[state]} style={{ marginInlineEnd: 0 }} data-testid="policy-state">
      {t(`insurance.states.${state}`)}
    </Tag>
  );
}

function Holder({ policy, name }: { policy: Policy; name: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid="policy-holder">
      <Tag color={policy.kind === 'group' ? 'purple' : 'cyan'} style={{ marginInlineEnd: 4 }}>
        {t(`insurance.kinds.${policy.kind}`)}
      </Tag>
      {name}
    </span>
  );
}

/** One policy told in a few lines, for a phone's width. */
function PolicySummary({ policy: p, today, holderName }: { policy: Policy; today: string; holderName?: (p: Policy) => string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Text strong>{p.insurer}</Typography.Text>
        <StateTag policy={p} today={today} />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('insurance.policyNo')} {p.policyNo}
      </Typography.Text>
      <span>
        {p.startsOn} ~ {p.endsOn}
      </span>
      {holderName && <Holder policy={p} name={holderName(p)} />}
      {p.coverage && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {p.coverage}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * Policies and whether each is in force today (China date); `holderName` (for a volunteer's own
 * list, where personal and group policies mix) says whose each one is.
 */
export function PolicyTable({
  policies,
  loading,
  holderName,
}: {
  policies?: Policy[];
  loading: boolean;
  holderName?: (p: Policy) => string;
}) {
  const { t } = useTranslation();
  const today = chinaToday();
  const narrow = Grid.useBreakpoint().sm === false;
  const columns: TableColumnsType<Policy> = narrow
    ? [{ key: 'summary', render: (_, p) => <PolicySummary policy={p} today={today} holderName={holderName} /> }]
    : [
        {
          title: t('insurance.insurer'),
          key: 'insurer',
          render: (_, p) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{p.insurer}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('insurance.policyNo')} {p.policyNo}
              </Typography.Text>
            </Space>
          ),
        },
        ...(holderName
          ? [{ title: t('insurance.holder'), key: 'holder', render: (_: unknown, p: Policy) => <Holder policy={p} name={holderName(p)} /> }]
          : []),
        {
          title: t('insurance.period'),
          key: 'period',
          render: (_, p) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {p.startsOn} ~ {p.endsOn}
            </span>
          ),
        },
        { title: t('insurance.coverage'), dataIndex: 'coverage', responsive: ['lg'], render: (c: string) => c || '—' },
        { title: t('insurance.state'), key: 'state', width: 110, render: (_, p) => <StateTag policy={p} today={today} /> },
      ];
  return (
    <Table<Policy>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={policies}
      showHeader={!narrow}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('insurance.empty') }}
      columns={columns}
      data-testid="policy-table"
    />
  );
}
