import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { MyRecord } from './records-api.ts';

interface Values {
  requestedHours: number;
  reason: string;
}

const FIELDS = [['requestedHours'], ['reason']];

/** A volunteer asks to correct a confirmed record (MCA 2020 measures, Art 12–13); the organization decides. */
export function CorrectionModal({ record, onClose }: { record: MyRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: (v: Values) =>
      api(`/api/records/${record.id}/corrections`, { method: 'POST', json: { requestedHours: v.requestedHours, reason: v.reason.trim() } }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('hours.correctionSent'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('hours.correctionTitle', { title: record.activityTitle })}
      okText={t('hours.send')}
      cancelText={t('hours.cancel')}
      confirmLoading={send.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'correction-send' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('hours.correctionHelp', { hours: record.ledgerHours })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ requestedHours: record.ledgerHours }}
        onFinish={(v) => send.mutate(v)}
        onValuesChange={(changed) => form.setFields((Object.keys(changed) as (keyof Values)[]).map((name) => ({ name, errors: [] })))}
        data-testid="correction-form"
      >
        <Form.Item name="requestedHours" label={t('hours.requestedHours')} rules={[{ required: true }]}>
          <InputNumber min={0} max={24} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('hours.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('hours.reasonPlaceholder')} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
