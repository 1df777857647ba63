import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, Modal, Radio, Row, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaTime } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { ActivityDetail } from './activity-api.ts';
import { StationSelect } from './StationSelect.tsx';

type Scope = 'one' | 'future';

/** "This one or all future ones": asked only of an occurrence of a weekly series. */
function ScopeField({ activity }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  if (!activity.seriesId) return null;
  return (
    <Form.Item name="scope" label={t('activities.scope')} extra={t('activities.scopeHint')} initialValue="one">
      <Radio.Group
        options={[
          { value: 'one', label: t('activities.scopes.one') },
          { value: 'future', label: t('activities.scopes.future') },
        ]}
        data-testid="activity-scope"
      />
    </Form.Item>
  );
}

function useAfterChange(activity: ActivityDetail) {
  const client = useQueryClient();
  return (saved: ActivityDetail) => {
    client.setQueryData(['activity', activity.id], saved);
    void client.invalidateQueries({ queryKey: ['activities'] });
    void client.invalidateQueries({ queryKey: ['activity'] });
  };
}

interface ChangeValues {
  scope?: Scope;
  title: string;
  description?: string;
  startTime: Dayjs;
  endTime: Dayjs;
  stationId?: string | null;
  address?: string;
}

const CHANGE_FIELDS = [['title'], ['description'], ['startTime'], ['endTime'], ['stationId'], ['address'], ['lat'], ['lng']];

/** A time of day as the TimePicker holds it: China wall-clock time, whatever the browser's zone. */
const timeOfDay = (iso: string) => dayjs(`2000-01-01T${chinaTime(new Date(iso))}`);

/** 修改: the name, the description, the times of day and the place; of this occurrence or of all future ones. */
export function ActivityChangeModal({ activity: a, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const after = useAfterChange(a);
  const initial: ChangeValues = {
    title: a.title,
    description: a.description,
    startTime: timeOfDay(a.startsAt),
    endTime: timeOfDay(a.endsAt),
    stationId: a.stationId,
    address: a.address,
  };
  const save = useMutation({
    mutationFn: ({ scope, ...v }: ChangeValues) => {
      // Only what changed: an unchanged start of an occurrence already under way would be refused as "in the past".
      const body: Record<string, unknown> = {};
      if (v.title.trim() !== a.title) body.title = v.title.trim();
      if ((v.description ?? '').trim() !== a.description) body.description = (v.description ?? '').trim();
      if (v.startTime.format('HH:mm') !== initial.startTime.format('HH:mm')) body.startTime = v.startTime.format('HH:mm');
      if (v.endTime.format('HH:mm') !== initial.endTime.format('HH:mm')) body.endTime = v.endTime.format('HH:mm');
      if ((v.stationId ?? null) !== a.stationId) body.stationId = v.stationId ?? null;
      if ((v.address ?? '').trim() !== a.address) body.address = (v.address ?? '').trim();
      return api<ActivityDetail>(`/api/activities/${a.id}?scope=${scope ?? 'one'}`, { method: 'PATCH', json: body });
    },
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, CHANGE_FIELDS)),
    onSuccess: (saved) => {
      after(saved);
      void message.success(t('activities.saved'));
      onClose();
    },
  });
  return (
    <Modal
      open
      width={640}
      title={t('activities.editTitle', { title: a.title })}
      okText={t('activities.save')}
      cancelText={t('activities.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'activity-change-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="activity-change-form">
        <ScopeField activity={a} />
        <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('activities.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="startTime" label={t('activities.startTime')} rules={[{ required: true }]} extra={t('activities.timesHelp')}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="endTime" label={t('activities.endTime')} rules={[{ required: true }]}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="stationId" label={t('activities.station')}>
          <StationSelect />
        </Form.Item>
        <Form.Item name="address" label={t('activities.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}

/** 取消活动: with a reason everyone on it is told; of this occurrence or of all future ones. */
export function ActivityCancelModal({ activity: a, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ scope?: Scope; reason: string }>();
  const after = useAfterChange(a);
  const cancel = useMutation({
    mutationFn: ({ scope, reason }: { scope?: Scope; reason: string }) =>
      api<ActivityDetail>(`/api/activities/${a.id}/cancel?scope=${scope ?? 'one'}`, { method: 'POST', json: { reason: reason.trim() } }),
    onError: (error) => {
      const unplaced = applyFieldErrors(form, error, [['reason']]);
      if (unplaced.length) void message.error(unplaced.join('；'));
    },
    onSuccess: (saved) => {
      after(saved);
      void message.success(t('activities.cancelDone'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('activities.cancelTitle', { title: a.title })}
      okText={t('activities.cancelActivity')}
      cancelText={t('activities.keep')}
      okButtonProps={{ danger: true, id: 'activity-cancel-ok' }}
      confirmLoading={cancel.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('activities.cancelHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => cancel.mutate(v)}>
        <ScopeField activity={a} />
        <Form.Item
          name="reason"
          label={t('activities.cancelReason')}
          rules={[{ required: true, whitespace: true, message: t('activities.cancelReasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
