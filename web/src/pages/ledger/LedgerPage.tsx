import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Result, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LedgerCheck, useLedgerCheck, useLedgerChecks, useStartLedgerCheck } from './ledger-api.ts';

const STATUS_COLOR = { running: 'processing', intact: 'green', broken: 'red', failed: 'orange' } as const;
const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '');

/** What a check found, in words: progress while it runs, then intact (with its head) or the first bad entry. */
function Verdict({ check }: { check: LedgerCheck }) {
  const { t } = useTranslation();
  if (check.status === 'running') {
    const percent = check.total ? Math.floor((check.entries / check.total) * 100) : 0;
    return (
      <div data-testid="ledger-progress">
        <Typography.Text>{t('ledger.running', { entries: check.entries, total: check.total })}</Typography.Text>
        <Progress percent={percent} status="active" />
      </div>
    );
  }
  if (check.status === 'intact') {
    return (
      <Result
        status="success"
        title={t('ledger.intact')}
        data-testid="ledger-verdict"
        data-status="intact"
        subTitle={
          <Space orientation="vertical" size={0}>
            <span>
              {t('ledger.intactDetail', { entries: check.entries })}{' '}
              <Typography.Text
                code
                copyable={!!check.head && { text: check.head }}
                data-testid="ledger-head"
                style={{ wordBreak: 'break-all' }}
              >
                {check.head ?? t('ledger.none')}
              </Typography.Text>
            </span>
            <Typography.Text type="secondary">{when(check.finishedAt)}</Typography.Text>
          </Space>
        }
      />
    );
  }
  if (check.status === 'broken') {
    return (
      <Result
        status="error"
        title={t('ledger.broken')}
        data-testid="ledger-verdict"
        data-status="broken"
        subTitle={
          <Space orientation="vertical" size={0}>
            <Typography.Text strong type="danger" data-testid="ledger-finding">
              {t('ledger.brokenDetail', { seq: check.badSeq, problem: t(`ledger.problem.${check.problem ?? 'altered'}`) })}
            </Typography.Text>
            <Typography.Text type="secondary">{when(check.finishedAt)}</Typography.Text>
          </Space>
        }
      />
    );
  }
  return <Alert type="warning" showIcon title={t('ledger.failed', { error: check.error ?? '' })} data-testid="ledger-verdict" />;
}

/** 台账核验: the auditor (or the city office) recomputes the hour ledger's hash chain and sees where it broke. */
export function LedgerPage() {
  const { t } = useTranslation();
  const history = useLedgerChecks();
  const start = useStartLedgerCheck();
  const [startedId, setStartedId] = useState<string>();
  // Without a check started here, the latest run is shown (and followed, if it is still running).
  const currentId = startedId ?? history.data?.[0]?.id;
  const current = useLedgerCheck(currentId);
  const running = current.data?.status === 'running';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('ledger.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={start.isPending || running}
          onClick={() => start.mutate(undefined, { onSuccess: (check) => setStartedId(check.id) })}
          data-testid="ledger-start"
        >
          {t('ledger.start')}
        </Button>
      </Space>
      <Alert type="info" showIcon title={t('ledger.help')} />
      {(start.error || history.error) && <Alert type="error" showIcon title={(start.error ?? history.error)?.message} />}
      {current.data && (
        <Card data-testid="ledger-current" data-check={current.data.id}>
          <Verdict check={current.data} />
        </Card>
      )}
      <Card title={t('ledger.history')}>
        <Table<LedgerCheck>
          rowKey="id"
          size="small"
          loading={history.isFetching}
          dataSource={history.data}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('ledger.empty') }}
          data-testid="ledger-history"
          columns={[
            { title: t('ledger.startedAt'), dataIndex: 'startedAt', render: when },
            { title: t('ledger.finishedAt'), dataIndex: 'finishedAt', render: when },
            {
              title: t('ledger.status'),
              dataIndex: 'status',
              render: (s: LedgerCheck['status']) => <Tag color={STATUS_COLOR[s]}>{t(`ledger.statuses.${s}`)}</Tag>,
            },
            { title: t('ledger.entries'), dataIndex: 'entries', align: 'right' },
            {
              title: t('ledger.finding'),
              render: (_, c) =>
                c.status === 'broken' ? (
                  t('ledger.brokenDetail', { seq: c.badSeq, problem: t(`ledger.problem.${c.problem ?? 'altered'}`) })
                ) : c.status === 'intact' && c.head ? (
                  <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                    {c.head.slice(0, 16)}…
                  </Typography.Text>
                ) : (
                  t('ledger.none')
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
