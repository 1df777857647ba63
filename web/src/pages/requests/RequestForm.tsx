import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useMe } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { RequestCategory, ServiceRequest } from './request-api.ts';

interface Values {
  categoryCode: string;
  date: Dayjs;
  from: Dayjs;
  to: Dayjs;
  urgency?: string;
  headcount?: number;
  notes?: string;
  guardOverrideReason?: string;
  payInCredits?: boolean;
}

const at = (date: Dayjs, time: Dayjs) => date.hour(time.hour()).minute(time.minute()).second(0).millisecond(0);

/**
 * Raising a request: category, day and hours, and for offices the urgency and headcount. A blocking
 * over-service guard asks for a reason and the same form is sent again with it.
 */
export function RequestForm(props: {
  beneficiaryId: string;
  channel: 'app' | 'walk_in' | 'hotline';
  office: boolean;
  onCreated: (created: ServiceRequest) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [blocked, setBlocked] = useState(false);
  const [saving, setSaving] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  // A volunteer raising for themselves may pay in their time credits (docs/incentives.md).
  const me = useMe();
  const volunteer = !props.office && !!me.data?.grants.some((g) => g.role === 'volunteer');
  const categories = useQuery({ queryKey: ['request-categories'], queryFn: () => api<RequestCategory[]>('/api/request-categories') });

  const submit = async (v: Values) => {
    setSaving(true);
    setUnplaced([]);
    try {
      const created = await api<ServiceRequest>('/api/requests', {
        method: 'POST',
        json: {
          beneficiaryId: props.beneficiaryId,
          categoryCode: v.categoryCode,
          windowStart: at(v.date, v.from).toISOString(),
          windowEnd: at(v.date, v.to).toISOString(),
          channel: props.channel,
          ...(props.office ? { urgency: v.urgency, headcount: v.headcount } : {}),
          notes: v.notes || undefined,
          guardOverrideReason: v.guardOverrideReason || undefined,
          ...(volunteer && v.payInCredits ? { payInCredits: true } : {}),
        },
      });
      if (created.mergedInto) message.info(t('requests.merged', { requestNo: created.mergedInto.requestNo }));
      else message.success(t('requests.created', { requestNo: created.requestNo }));
      form.resetFields();
      setBlocked(false);
      props.onCreated(created);
    } catch (error) {
      if (error instanceof ApiError && error.issues.some((i) => i.rule === 'serviceGuard')) setBlocked(true);
      const known = [
        ['categoryCode'],
        ['headcount'],
        ['notes'],
        ['guardOverrideReason'],
        ['payInCredits'],
        ['windowStart'],
        ['windowEnd'],
        ['place'],
        ['beneficiaryId'],
      ];
      const rest = applyFieldErrors(form, error, known);
      // The window's rules are told under the day and hours the person picked.
      const issues = error instanceof ApiError ? error.issues : [];
      for (const i of issues)
        if (i.field === 'windowStart' || i.field === 'windowEnd')
          form.setFields([{ name: i.field === 'windowStart' ? 'date' : 'to', errors: [i.message] }]);
      setUnplaced([...rest, ...issues.filter((i) => i.field === 'place' || i.field === 'beneficiaryId').map((i) => i.message)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        date: dayjs().add(1, 'day'),
        from: dayjs().hour(9).minute(0),
        to: dayjs().hour(11).minute(0),
        urgency: 'normal',
        headcount: 1,
      }}
      data-testid="request-form"
    >
      <Form.Item name="categoryCode" label={t('requests.category')} rules={[{ required: true }]}>
        <Select
          data-testid="request-category"
          virtual={false}
          loading={categories.isLoading}
          options={(categories.data ?? [])
            .filter((c) => c.active)
            .map((c) => ({ value: c.code, label: i18n.language === 'zh-CN' ? c.nameZh : c.nameEn }))}
        />
      </Form.Item>
      <Form.Item name="date" label={t('requests.date')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} data-testid="request-date" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item name="from" label={t('requests.startTime')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <TimePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="to" label={t('requests.endTime')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <TimePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
      </div>
      {props.office && (
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="urgency" label={t('requests.urgency')} style={{ flex: 1 }}>
            <Select
              options={(['low', 'normal', 'urgent', 'critical'] as const).map((u) => ({ value: u, label: t(`requests.urgencies.${u}`) }))}
            />
          </Form.Item>
          <Form.Item name="headcount" label={t('requests.headcount')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      )}
      <Form.Item name="notes" label={t('requests.notes')}>
        <Input.TextArea rows={2} maxLength={500} data-testid="request-notes" />
      </Form.Item>
      {volunteer && (
        <Form.Item name="payInCredits" valuePropName="checked" extra={t('requests.payInCreditsHint')}>
          <Checkbox data-testid="pay-in-credits">{t('requests.payInCredits')}</Checkbox>
        </Form.Item>
      )}
      {blocked && (
        <>
          <Alert type="warning" showIcon title={t('requests.guardBlocked')} style={{ marginBottom: 12 }} data-testid="guard-blocked" />
          <Form.Item name="guardOverrideReason" label={t('requests.overrideReason')} rules={[{ required: true, min: 4 }]}>
            <Input maxLength={500} data-testid="override-reason" />
          </Form.Item>
        </>
      )}
      {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={saving} block data-testid="submit-request">
        {t('requests.submit')}
      </Button>
    </Form>
  );
}
