import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { hoursText, type OpenCorrection, useOpenCorrections } from './office-api.ts';

type Deciding = { correction: OpenCorrection; accept: boolean };

/**
 * Accepting adds a ledger entry for the difference; rejecting needs a note the volunteer reads.
 * Either way the note field is the one the server names if something is missing (Art 12–13).
 */
function DecideModal({
  deciding,
  onClose,
  onAccepted,
}: {
  deciding: Deciding;
  onClose: () => void;
  onAccepted: (recordId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const { correction: c, accept } = deciding;
  const decide = useMutation({
    mutationFn: (note?: string) =>
      api(`/api/records/corrections/${c.id}/decision`, {
        method: 'POST',
        json: { accept, ...(note?.trim() ? { note: note.trim() } : {}) },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['note']])),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(accept ? t('orgRecords.correctionAccepted') : t('orgRecords.correctionRejected'));
      onClose();
      if (accept) onAccepted(c.recordId);
    },
  });
  const action = accept ? t('orgRecords.accept') : t('orgRecords.rejectCorrection');
  return (
    <Modal
      open
      title={t('orgRecords.decideTitle', { action, title: c.activityTitle, name: c.volunteerName })}
      okText={action}
      cancelText={t('orgRecords.cancel')}
      okButtonProps={{ danger: !accept, id: 'decide-ok' }}
      confirmLoading={decide.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('orgRecords.decideHelp', { current: hoursText(c.currentHours), requested: hoursText(c.requestedHours) })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v.note)}>
        <Form.Item
          name="note"
          label={t('orgRecords.decisionNote')}
          rules={[{ required: !accept, whitespace: true, message: t('orgRecords.noteRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="decision-note" />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}

/** 更正申请: the volunteers' open requests to correct a confirmed record (MCA 2020 measures, Art 12–13). */
export function CorrectionsCard({ organizationId, onHistory }: { organizationId: string; onHistory: (recordId: string) => void }) {
  const { t } = useTranslation();
  const open = useOpenCorrections(organizationId);
  const [deciding, setDeciding] = useState<Deciding>();
  return (
    <Card title={t('orgRecords.corrections')} data-testid="corrections">
      <Typography.Paragraph type="secondary">{t('orgRecords.correctionsHelp')}</Typography.Paragraph>
      <Table<OpenCorrection>
        rowKey="id"
        size="small"
        dataSource={open.data ?? []}
        loading={open.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('orgRecords.noCorrections') }}
        onRow={(c) => ({ 'data-record': c.recordId }) as React.HTMLAttributes<HTMLElement>}
        data-testid="corrections-table"
        columns={[
          {
            title: t('orgRecords.record'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Typography.Link onClick={() => onHistory(c.recordId)}>{c.activityTitle}</Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.serviceDate} · {c.volunteerName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('orgRecords.hoursNow'), dataIndex: 'currentHours', align: 'right', render: hoursText },
          {
            title: t('orgRecords.hoursRequested'),
            dataIndex: 'requestedHours',
            align: 'right',
            render: (h: number) => <Typography.Text strong>{hoursText(h)}</Typography.Text>,
          },
          { title: t('orgRecords.volunteerReason'), dataIndex: 'reason', render: (r: string) => <div style={{ maxWidth: 320 }}>{r}</div> },
          {
            title: t('orgRecords.actions'),
            render: (_, c) => (
              <Space wrap>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => setDeciding({ correction: c, accept: true })}
                  data-testid="accept-correction"
                >
                  {t('orgRecords.accept')}
                </Button>
                <Button size="small" danger onClick={() => setDeciding({ correction: c, accept: false })} data-testid="reject-correction">
                  {t('orgRecords.rejectCorrection')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {deciding && <DecideModal deciding={deciding} onClose={() => setDeciding(undefined)} onAccepted={onHistory} />}
    </Card>
  );
}
