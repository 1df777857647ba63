import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { HOURS_FIELDS, HoursFields, type HoursValues, hoursBody } from './HoursFields.tsx';
import type { PendingRecord } from './office-api.ts';

const modalTitle = (r: PendingRecord) => `${r.activityTitle} · ${r.volunteerName}`;

/** Clears a field's server error as soon as the person edits it. */
const clearOnChange =
  <T,>(form: ReturnType<typeof Form.useForm<T>>[0]) =>
  (changed: object) =>
    form.setFields(Object.keys(changed).map((name) => ({ name: name as never, errors: [] })));

/** Rejecting a record needs a reason the volunteer will read (MCA 2020 measures, Art 11). */
export function RejectRecordModal({ record, onClose }: { record: PendingRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const reject = useMutation({
    mutationFn: (reason: string) => api(`/api/records/${record.id}/reject`, { method: 'POST', json: { reason } }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['reason']])),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('orgRecords.rejected'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('orgRecords.rejectTitle', { title: modalTitle(record) })}
      okText={t('orgRecords.reject')}
      cancelText={t('orgRecords.cancel')}
      okButtonProps={{ danger: true, id: 'reject-ok' }}
      confirmLoading={reject.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.reason.trim())} onValuesChange={clearOnChange(form)}>
        <Form.Item
          name="reason"
          label={t('orgRecords.rejectReason')}
          rules={[{ required: true, whitespace: true, message: t('orgRecords.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="reject-reason" />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}

/** Completes a pending record: the missing check-out, and/or added hours with a reason (补录). */
export function CompleteRecordModal({ record, onClose }: { record: PendingRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<HoursValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const complete = useMutation({
    mutationFn: (v: HoursValues) => api(`/api/records/${record.id}`, { method: 'PATCH', json: hoursBody(v) }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, HOURS_FIELDS)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('orgRecords.completed'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('orgRecords.completeTitle', { title: modalTitle(record) })}
      okText={t('orgRecords.save')}
      cancelText={t('orgRecords.cancel')}
      okButtonProps={{ id: 'complete-ok' }}
      confirmLoading={complete.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('orgRecords.completeHelp', { credit: record.creditHours, added: record.addedHours })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          checkInAt: record.checkInAt ? dayjs(record.checkInAt) : null,
          checkOutAt: record.checkOutAt ? dayjs(record.checkOutAt) : null,
          addedHours: record.addedHours || null,
        }}
        onFinish={(v) => complete.mutate(v)}
        onValuesChange={clearOnChange(form)}
        data-testid="complete-form"
      >
        <HoursFields activityHours={record.activityHours} />
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
