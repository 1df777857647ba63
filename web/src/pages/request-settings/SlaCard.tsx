import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

type Sla = Schemas['RequestSla'];
type Urgency = keyof Sla;
const URGENCIES: Urgency[] = ['critical', 'urgent', 'normal', 'low'];
const STEPS = ['triageMinutes', 'assignMinutes'] as const;
const FIELDS = URGENCIES.flatMap((u) => STEPS.map((s) => [u, s] as [Urgency, (typeof STEPS)[number]]));

/** The city's time to triage and to assign per urgency (city admin). */
export function SlaCard({ settings }: { settings: Schemas['RequestSlaSettings'] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Sla>();
  const { defaults, ...current } = settings;
  const { message } = App.useApp();
  const save = useMutation({
    // The server's objection to the last attempt no longer stands once the person tries again.
    onMutate: () => form.setFields(FIELDS.map((name) => ({ name, errors: [] }))),
    mutationFn: (values: Sla) => api<Sla>('/api/settings/requests', { method: 'PUT', json: values }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'requests'], { ...saved, defaults });
      void message.success(t('requestSettings.slaSaved'));
    },
    onError: (error) => {
      for (const m of applyFieldErrors(form, error, FIELDS)) void message.error(m);
    },
  });
  return (
    <Card title={t('requestSettings.sla')} data-testid="sla-card">
      <Typography.Paragraph type="secondary">{t('requestSettings.slaHelp')}</Typography.Paragraph>
      <Form form={form} initialValues={current} onFinish={(v) => save.mutate(v)} data-testid="sla-form">
        <Table<{ urgency: Urgency }>
          rowKey="urgency"
          size="small"
          pagination={false}
          dataSource={URGENCIES.map((urgency) => ({ urgency }))}
          columns={[
            { title: t('requestSettings.urgency'), render: (_, { urgency }) => t(`requestSettings.urgencies.${urgency}`) },
            ...STEPS.map((step) => ({
              title: t(`requestSettings.${step}`),
              render: (_: unknown, { urgency }: { urgency: Urgency }) => (
                <Form.Item
                  name={[urgency, step]}
                  rules={[{ required: true }]}
                  extra={t('requestSettings.default', { value: defaults[urgency][step] })}
                  style={{ margin: 0 }}
                >
                  <InputNumber min={1} max={43_200} precision={0} style={{ width: 140 }} data-testid={`sla-${urgency}-${step}`} />
                </Form.Item>
              ),
            })),
          ]}
        />
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="save-sla">
          {t('requestSettings.saveSla')}
        </Button>
        {save.isSuccess && (
          <Typography.Text type="success" style={{ marginInlineStart: 12 }} data-testid="sla-saved">
            {t('requestSettings.slaSaved')}
          </Typography.Text>
        )}
      </Form>
    </Card>
  );
}
