import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDate, chinaInstant, chinaTime } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { AttendanceResult, SheetPerson } from './checkin-api.ts';

interface Values {
  kind: 'in' | 'out';
  at: Dayjs;
  reason: string;
}

/** The picker shows China wall-clock time, whatever the browser's zone (as the activity forms do). */
const chinaNow = () => {
  const now = new Date();
  return dayjs(`${chinaDate(now)} ${chinaTime(now)}`);
};

/** 人工补录: a check-in or out entered by the organizer for a person on the roster, with a reason (audited). */
export function ManualModal({ activityId, person, onClose }: { activityId: string; person: SheetPerson; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<AttendanceResult>('/api/attendance/manual', {
        method: 'POST',
        json: {
          activityId,
          volunteerId: person.volunteerId,
          kind: v.kind,
          at: chinaInstant(v.at.format('YYYY-MM-DD'), v.at.format('HH:mm')).toISOString(),
          reason: v.reason ?? '',
        },
      }),
    onSuccess: () => {
      void message.success(t('checkin.manual.done'));
      onClose();
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['kind'], ['at'], ['reason']])),
    onSettled: () => void client.invalidateQueries({ queryKey: ['attendance', 'sheet', activityId] }),
  });

  return (
    <Modal
      open
      title={t('checkin.manual.title', { name: person.name })}
      okText={t('checkin.manual.submit')}
      cancelText={t('checkin.manual.cancel')}
      okButtonProps={{ loading: save.isPending, id: 'manual-submit' }}
      onOk={() => {
        setUnplaced([]);
        // The reason is checked by the server, which answers on the field: one rule, in one place.
        void form.validateFields(['kind', 'at']).then(() => save.mutate(form.getFieldsValue()));
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: person.state === 'in' ? 'out' : 'in', at: chinaNow() }}>
        <Form.Item name="kind" label={t('checkin.manual.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'in', label: t('checkin.sheet.checkIn') },
              { value: 'out', label: t('checkin.sheet.checkOut') },
            ]}
          />
        </Form.Item>
        <Form.Item name="at" label={t('checkin.manual.at')} rules={[{ required: true, message: t('checkin.manual.atRequired') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} needConfirm={false} />
        </Form.Item>
        <Form.Item name="reason" label={t('checkin.manual.reason')} extra={t('checkin.manual.reasonHelp')} required>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('checkin.manual.reasonPlaceholder')} data-testid="manual-reason" />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
