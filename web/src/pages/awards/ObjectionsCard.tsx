import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Objection } from './awards-api.ts';

const COLOR = { open: 'orange', upheld: 'red', dismissed: 'default' } as const;

/** Objections to the notice: the office upholds (the nominee comes off) or dismisses, with a reason. */
export function ObjectionsCard({ objections, onDone }: { objections: Objection[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [resolving, setResolving] = useState<{ objection: Objection; outcome: 'upheld' | 'dismissed' } | null>(null);
  const [form] = Form.useForm<{ reason: string; allOfNominee?: boolean }>();
  const resolve = useMutation({
    mutationFn: ({ reason, allOfNominee }: { reason: string; allOfNominee?: boolean }) =>
      api(`/api/awards/objections/${resolving?.objection.id}/resolve`, {
        method: 'POST',
        json: { outcome: resolving?.outcome, reason, allOfNominee: resolving?.outcome === 'dismissed' && !!allOfNominee },
      }),
    onSuccess: () => {
      setResolving(null);
      form.resetFields();
      onDone();
      void message.success(t('awards.resolved'));
    },
    onError: (error) => void message.error(error.message),
  });
  // A flood of repeats against one nominee is dismissed in one decision.
  const othersOpen = resolving
    ? objections.filter((o) => o.status === 'open' && o.nomineeId === resolving.objection.nomineeId && o.id !== resolving.objection.id)
        .length
    : 0;
  return (
    <Card title={t('awards.objections')}>
      <Table<Objection>
        rowKey="id"
        size="small"
        dataSource={objections}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('awards.noObjections') }}
        data-testid="award-objections"
        columns={[
          { title: t('awards.name'), dataIndex: 'nomineeName' },
          { title: t('awardNotice.reason'), dataIndex: 'reason', width: 320 },
          { title: t('awards.contact'), dataIndex: 'contactMasked' },
          {
            title: t('awards.status'),
            dataIndex: 'status',
            render: (s: Objection['status'], o) => (
              <Space orientation="vertical" size={0}>
                <Tag color={COLOR[s]}>{t(`awards.objectionStatuses.${s}`)}</Tag>
                {o.resolution}
              </Space>
            ),
          },
          {
            key: 'act',
            render: (_, o) =>
              o.status === 'open' && (
                <Space>
                  <Button size="small" danger onClick={() => setResolving({ objection: o, outcome: 'upheld' })}>
                    {t('awards.uphold')}
                  </Button>
                  <Button size="small" onClick={() => setResolving({ objection: o, outcome: 'dismissed' })} data-testid="dismiss-objection">
                    {t('awards.dismiss')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!resolving}
        title={resolving ? t(resolving.outcome === 'upheld' ? 'awards.uphold' : 'awards.dismiss') : ''}
        onCancel={() => setResolving(null)}
        onOk={() => form.submit()}
        confirmLoading={resolve.isPending}
      >
        <Form form={form} layout="vertical" onFinish={(v) => resolve.mutate(v)}>
          <Form.Item name="reason" label={t('awards.resolution')} rules={[{ required: true, min: 4 }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="resolution" />
          </Form.Item>
          {resolving?.outcome === 'dismissed' && othersOpen > 0 && (
            <Form.Item name="allOfNominee" valuePropName="checked">
              <Checkbox>{t('awards.dismissAll', { count: othersOpen })}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
