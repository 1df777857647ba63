import { Alert, Descriptions, Drawer, Empty, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWhen } from '../activities/labels.tsx';
import { hoursText, type LedgerKind, type RecordHistory, useRecordHistory } from './office-api.ts';

const KIND_COLOR: Record<LedgerKind, string> = { credit: 'blue', added: 'purple', correction: 'orange' };
const CORRECTION_COLOR = { open: 'gold', accepted: 'green', rejected: 'red' } as const;

/** Ledger entries are appended, never changed: the first entries and each correction stand side by side. */
function Entries({ history }: { history: RecordHistory }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <Table
      rowKey="seq"
      size="small"
      pagination={false}
      dataSource={history.entries}
      locale={{ emptyText: t('orgRecords.noEntries') }}
      onRow={(e) => ({ 'data-kind': e.kind }) as React.HTMLAttributes<HTMLElement>}
      data-testid="history-entries"
      columns={[
        { title: t('orgRecords.entrySeq'), dataIndex: 'seq', width: 90 },
        {
          title: t('orgRecords.entryKind'),
          dataIndex: 'kind',
          render: (k: LedgerKind) => <Tag color={KIND_COLOR[k]}>{t(`orgRecords.kinds.${k}`)}</Tag>,
        },
        {
          title: t('orgRecords.entryHours'),
          dataIndex: 'hours',
          align: 'right',
          render: (h: number) => (h > 0 ? `+${hoursText(h)}` : hoursText(h)),
        },
        { title: t('orgRecords.entryAt'), dataIndex: 'at', render: when.at },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            <Typography.Text strong>{t('orgRecords.ledgerTotal')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <Typography.Text strong data-testid="history-total">
              {hoursText(history.ledgerHours)}
            </Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} />
        </Table.Summary.Row>
      )}
    />
  );
}

/** A record, what the ledger holds for it and every correction asked for it (MCA 2020 measures, Art 12–13). */
export function RecordHistoryDrawer({ recordId, onClose }: { recordId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const history = useRecordHistory(recordId);
  const h = history.data;
  return (
    <Drawer open size={640} title={t('orgRecords.historyTitle')} onClose={onClose} data-testid="record-history" destroyOnHidden>
      {history.isPending && <Spin />}
      {history.error && <Alert type="error" showIcon title={history.error.message} />}
      {h && (
        <>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('orgRecords.activity')}>
              {h.activityTitle} · {h.serviceDate}
            </Descriptions.Item>
            <Descriptions.Item label={t('orgRecords.person')}>
              {h.volunteerName} · {h.volunteerNo}
            </Descriptions.Item>
            <Descriptions.Item label={t('orgRecords.channel')}>
              {t(`orgRecords.channels.${h.channel}`, { defaultValue: h.channel })}
            </Descriptions.Item>
            <Descriptions.Item label={t('orgRecords.recorded')}>
              {t('orgRecords.recordedValue', { credit: hoursText(h.creditHours), added: hoursText(h.addedHours) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('orgRecords.status')}>
              <Tag>{t(`hours.statusValue.${h.status}`)}</Tag>
              {h.rejectReason}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('orgRecords.ledgerEntries')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('orgRecords.ledgerHelp')}</Typography.Paragraph>
          <Entries history={h} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('orgRecords.correctionHistory')}
          </Typography.Title>
          {h.corrections.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgRecords.noCorrectionHistory')} />
          ) : (
            <Timeline
              data-testid="history-corrections"
              items={h.corrections.map((c) => ({
                color: CORRECTION_COLOR[c.status],
                content: (
                  <div data-status={c.status}>
                    <Tag color={CORRECTION_COLOR[c.status]}>{t(`orgRecords.correctionStatus.${c.status}`)}</Tag>
                    {t('orgRecords.correctionLine', { hours: hoursText(c.requestedHours), at: when.at(c.createdAt) })}
                    <div>
                      <Typography.Text type="secondary">{t('orgRecords.volunteerSaid', { reason: c.reason })}</Typography.Text>
                    </div>
                    {c.decisionNote && (
                      <div>
                        <Typography.Text type="secondary">{t('orgRecords.decisionSaid', { note: c.decisionNote })}</Typography.Text>
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
