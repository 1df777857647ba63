import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

type WorkCalendar = Schemas['WorkCalendar'];
const FIELDS = ['holidays', 'workdays'] as const;
/** Dates as the State Council's notice lists them can be pasted in at once, separated by commas, spaces or 、. */
const SEPARATORS = [',', '，', ' ', '、', ';', '；', '\n'];

/**
 * 工作日历: the public holidays and make-up working days (调休) the State Council announces each
 * year. The Art 11 deadline (10 working days) and the organizers' reminders count by them.
 */
export function WorkCalendarCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<WorkCalendar>();
  const calendar = useQuery({ queryKey: ['settings', 'work-calendar'], queryFn: () => api<WorkCalendar>('/api/settings/work-calendar') });
  const save = useMutation({
    onMutate: () => form.setFields(FIELDS.map((name) => ({ name, errors: [] }))),
    mutationFn: (values: WorkCalendar) =>
      api<WorkCalendar>('/api/settings/work-calendar', {
        method: 'PUT',
        json: { holidays: values.holidays.map((d) => d.trim()), workdays: values.workdays.map((d) => d.trim()) },
      }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'work-calendar'], saved);
      void message.success(t('workCalendar.saved'));
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
  if (!calendar.data) return <Spin />;
  return (
    <Card title={t('workCalendar.title')} data-testid="work-calendar">
      <Typography.Paragraph type="secondary">{t('workCalendar.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={calendar.data} onFinish={(v) => save.mutate(v)}>
        {(
          [
            ['holidays', '2026-10-01, 2026-10-02'],
            ['workdays', '2026-10-10'],
          ] as const
        ).map(([name, example]) => (
          <Form.Item key={name} name={name} label={t(`workCalendar.${name}`)} extra={t(`workCalendar.${name}Help`)}>
            <Select
              mode="tags"
              open={false}
              tokenSeparators={SEPARATORS}
              placeholder={example}
              style={{ width: '100%', maxWidth: 560 }}
              data-testid={`calendar-${name}`}
            />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-work-calendar">
          {t('workCalendar.save')}
        </Button>
      </Form>
    </Card>
  );
}
