import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

type Preferences = Schemas['NoticePreferences'];

const FIELDS = ['reminderHours', 'noticeEmail'] as const;

/** 提醒与通知: how long before an activity I am reminded, and where notices are e-mailed (if the city sends e-mail). */
export function NoticePreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reminderHours: number; noticeEmail?: string }>();
  const preferences = useQuery({
    queryKey: ['notices', 'preferences'],
    queryFn: () => api<Preferences>('/api/notices/preferences'),
  });
  const save = useMutation({
    // The server's objection to the last attempt no longer stands once the person tries again.
    onMutate: () => form.setFields(FIELDS.map((name) => ({ name, errors: [] }))),
    mutationFn: (values: Preferences) => api<Preferences>('/api/notices/preferences', { method: 'PUT', json: values }),
    onSuccess: (saved) => {
      client.setQueryData(['notices', 'preferences'], saved);
      form.setFieldsValue({ ...saved, noticeEmail: saved.noticeEmail ?? '' });
      void message.success(t('noticePrefs.saved'));
    },
    onError: (error) => {
      for (const m of applyFieldErrors(
        form,
        error,
        FIELDS.map((f) => [f]),
      ))
        void message.error(m);
    },
  });
  const p = preferences.data;
  return (
    <Card title={t('noticePrefs.title')} loading={preferences.isPending} data-testid="notice-preferences">
      {p && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reminderHours: p.reminderHours, noticeEmail: p.noticeEmail ?? '' }}
          onFinish={(v) => save.mutate({ reminderHours: v.reminderHours, noticeEmail: v.noticeEmail?.trim() || null })}
        >
          <Form.Item
            name="reminderHours"
            label={t('noticePrefs.reminderHours')}
            extra={t('noticePrefs.reminderHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={1}
              max={168}
              precision={0}
              suffix={t('noticePrefs.hours')}
              style={{ width: 160 }}
              data-testid="reminder-hours"
            />
          </Form.Item>
          <Form.Item name="noticeEmail" label={t('noticePrefs.noticeEmail')} extra={t('noticePrefs.noticeEmailHelp')}>
            <Input inputMode="email" autoComplete="email" maxLength={200} data-testid="notice-email" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-notice-preferences">
            {t('noticePrefs.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
