import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { AttendanceSheet } from '../checkin/checkin-api.ts';
import { HOURS_FIELDS, HoursFields, type HoursValues, hoursBody } from './HoursFields.tsx';
import { hoursText } from './office-api.ts';

const RECORD_COLOR = { pending: 'gold', confirmed: 'green', rejected: 'red' } as const;

/** The attendance sheet says who already has a record on this activity. */
const useSheet = (activityId: string) =>
  useQuery({ queryKey: ['records', 'sheet', activityId], queryFn: () => api<AttendanceSheet>(`/api/attendance/sheet/${activityId}`) });

function RecordServiceModal({
  enrollmentId,
  name,
  activityHours,
  onClose,
}: {
  enrollmentId: string;
  name: string;
  activityHours: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<HoursValues & { content?: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: (v: HoursValues & { content?: string }) =>
      api('/api/records', {
        method: 'POST',
        json: { enrollmentId, ...hoursBody(v), ...(v.content?.trim() ? { content: v.content.trim() } : {}) },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [...HOURS_FIELDS, ['content']])),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('orgRecords.recordCreated'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('orgRecords.recordTitle', { name })}
      okText={t('orgRecords.save')}
      cancelText={t('orgRecords.cancel')}
      okButtonProps={{ id: 'record-ok' }}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('orgRecords.recordHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        onValuesChange={(changed) => form.setFields(Object.keys(changed).map((n) => ({ name: n as never, errors: [] })))}
        data-testid="record-form"
      >
        <HoursFields activityHours={activityHours} />
        <Form.Item name="content" label={t('orgRecords.content')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('orgRecords.contentPlaceholder')} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}

/**
 * On the roster, after the activity began: an accepted person without a record gets one here
 * (by hand, when no check-in reached us); one with a record shows how it stands.
 */
export function RecordServiceButton({ activityId, enrollmentId, name }: { activityId: string; enrollmentId: string; name: string }) {
  const { t } = useTranslation();
  const sheet = useSheet(activityId);
  const [open, setOpen] = useState(false);
  if (!sheet.data) return null;
  const person = sheet.data.people.find((p) => p.enrollmentId === enrollmentId);
  if (person?.recordStatus)
    return (
      <Tag color={RECORD_COLOR[person.recordStatus]} data-testid="record-status">
        {t('orgRecords.recordState', { status: t(`hours.statusValue.${person.recordStatus}`) })}
      </Tag>
    );
  const { startsAt, endsAt } = sheet.data.activity;
  const length = Number(hoursText((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 3_600_000));
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="record-service">
        {t('orgRecords.recordService')}
      </Button>
      {open && <RecordServiceModal enrollmentId={enrollmentId} name={name} activityHours={length} onClose={() => setOpen(false)} />}
    </>
  );
}
