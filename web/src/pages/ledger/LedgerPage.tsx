import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Result, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LedgerCheck, useDownloadCheckpoint, useLedgerCheck, useLedgerChecks, useStartLedgerCheck } from './ledger-api.ts';

const STATUS_COLOR = { running: 'processing', intact: 'green', broken: 'red', failed: 'orange' } as const;
const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '');

/** The first entry (or the confirmed record without one) a broken check names, in words. */
function finding(t: (key: string, options?: Record<string, unknown>) => string, c: LedgerCheck) {
  if (c.badSeq === null && c.badRecord) return t('ledger.brokenRecord', { id: c.badRecord });
  return t('ledger.brokenDetail', { seq: c.badSeq, problem: t(`ledger.problem.${c.problem ?? 'altered'}`) });
}

/** The checkpoint a check was held against, if it was. */
function Against({ check }: { check: LedgerCheck }) {
  const { t } = useTranslation();
  if (check.checkpointSeq === null) return null;
  return (
    <Typography.Text type="secondary" data-testid="ledger-against">
      {t('ledger.against', { seq: check.checkpointSeq })}
    </Typography.Text>
  );
}

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
            <Against check={check} />
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
              {finding(t, check)}
            </Typography.Text>
            <Against check={check} />
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
  const download = useDownloadCheckpoint();
  const [startedId, setStartedId] = useState<string>();
  const started = { onSuccess: (check: LedgerCheck) => setStartedId(check.id) };
  /** A saved checkpoint file: sent as read (the server says if it is not one it signed). */
  const checkAgainst = async (file: File) => {
    const text = await file.text();
    let checkpoint: unknown = text;
    try {
      checkpoint = JSON.parse(text);
    } catch {
      // Not JSON: the server refuses it in the user's language.
    }
    start.mutate(checkpoint, started);
  };
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
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid="ledger-download">
            {t('ledger.download')}
          </Button>
          <span data-testid="ledger-upload">
            <Upload
              accept=".json,application/json"
              showUploadList={false}
              beforeUpload={(file) => {
                void checkAgainst(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={start.isPending || running} data-testid="ledger-against-button">
                {t('ledger.checkAgainst')}
              </Button>
            </Upload>
          </span>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={start.isPending || running}
            onClick={() => start.mutate(undefined, started)}
            data-testid="ledger-start"
          >
            {t('ledger.start')}
          </Button>
        </Space>
      </Space>
      <Alert type="info" showIcon title={t('ledger.help')} />
      {download.data && !download.isPending && (
        <Alert
          type="success"
          showIcon
          title={t('ledger.downloaded', { seq: download.data.seq, sum: download.data.sum })}
          data-testid="ledger-downloaded"
        />
      )}
      {(start.error || history.error || download.error) && (
        <Alert type="error" showIcon title={(start.error ?? history.error ?? download.error)?.message} data-testid="ledger-error" />
      )}
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
                  finding(t, c)
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
