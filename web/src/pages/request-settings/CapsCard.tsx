import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

type Caps = Schemas['VolunteerCaps'];
const FIELDS = ['weeklyTakeCap', 'weeklyInvitationCap'] as const;

/** The most a volunteer may take and be invited to a week (city admin); a volunteer may set lower ones of their own. */
export function CapsCard({ settings }: { settings: Schemas['VolunteerCapsSettings'] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Caps>();
  const { defaults, ...current } = settings;
  const { message } = App.useApp();
  const save = useMutation({
    onMutate: () => form.setFields(FIELDS.map((name) => ({ name, errors: [] }))),
    mutationFn: (values: Caps) => api<Caps>('/api/settings/volunteer-caps', { method: 'PUT', json: values }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'volunteer-caps'], { ...saved, defaults });
      void message.success(t('requestSettings.capsSaved'));
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
  return (
    <Card title={t('requestSettings.caps')} data-testid="caps-card">
      <Typography.Paragraph type="secondary">{t('requestSettings.capsHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={current} onFinish={(v) => save.mutate(v)} data-testid="caps-form">
        {FIELDS.map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={t(`requestSettings.${field}`)}
            rules={[{ required: true }]}
            extra={t('requestSettings.default', { value: defaults[field] })}
          >
            <InputNumber min={0} max={50} precision={0} style={{ width: 140 }} data-testid={`caps-${field}`} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-caps">
          {t('requestSettings.saveCaps')}
        </Button>
        {save.isSuccess && (
          <Typography.Text type="success" style={{ marginInlineStart: 12 }} data-testid="caps-saved">
            {t('requestSettings.capsSaved')}
          </Typography.Text>
        )}
      </Form>
    </Card>
  );
}
