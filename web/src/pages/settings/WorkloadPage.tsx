import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { WorkCalendarCard } from './WorkCalendarCard.tsx';

type Limits = Schemas['WorkloadLimits'];
type Field = keyof Limits;

const ADULT: [Field, number][] = [
  ['dailyHours', 24],
  ['restHours', 24],
  ['weeklyHours', 168],
];
const MINOR: [Field, number][] = [
  ['minorDailyHours', 24],
  ['minorRestHours', 24],
  ['minorWeeklyHours', 168],
];
const FIELDS: Field[] = [...ADULT, ...MINOR].map(([f]) => f).concat('overlapGraceMinutes');

function Limit({ field, max, defaults, minutes }: { field: Field; max: number; defaults?: Limits; minutes?: boolean }) {
  const { t } = useTranslation();
  const unit = t(minutes ? 'workload.minutes' : 'workload.hours');
  return (
    <Form.Item
      name={field}
      label={t(`workload.${field}`)}
      extra={defaults && t('workload.default', { value: `${defaults[field]} ${unit}` })}
      rules={[{ required: true }]}
    >
      <InputNumber
        min={minutes ? 0 : 0.5}
        max={minutes ? 120 : max}
        step={minutes ? 5 : 0.5}
        precision={minutes ? 0 : 1}
        suffix={unit}
        style={{ width: 180 }}
        data-testid={`limit-${field}`}
      />
    </Form.Item>
  );
}

/** 工时与工作日: the city's working-time limits that applications are checked against, and its work calendar (city admin). */
export function WorkloadPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Limits>();
  const limits = useQuery({
    queryKey: ['settings', 'workload'],
    queryFn: () => api<Schemas['WorkloadSettings']>('/api/settings/workload'),
  });
  const { defaults, ...current } = limits.data ?? { defaults: undefined };
  const save = useMutation({
    // The server's objection to the last attempt no longer stands once the person tries again.
    onMutate: () => form.setFields(FIELDS.map((name) => ({ name, errors: [] }))),
    mutationFn: (values: Limits) => api<Limits>('/api/settings/workload', { method: 'PUT', json: values }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'workload'], { ...saved, defaults });
      void message.success(t('workload.saved'));
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
  if (!limits.data) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('workload.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('workload.help')} data-testid="workload-help" />
      <Card>
        <Form form={form} layout="vertical" initialValues={current} onFinish={(v) => save.mutate(v)} data-testid="workload-form">
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('workload.adults')}
              </Typography.Title>
              {ADULT.map(([field, max]) => (
                <Limit key={field} field={field} max={max} defaults={defaults} />
              ))}
            </Col>
            <Col xs={24} md={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('workload.minors')}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
                  {t('workload.minorsHelp')}
                </Typography.Text>
              </Typography.Title>
              {MINOR.map(([field, max]) => (
                <Limit key={field} field={field} max={max} defaults={defaults} />
              ))}
            </Col>
          </Row>
          <Limit field="overlapGraceMinutes" max={120} defaults={defaults} minutes />
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-workload">
              {t('workload.save')}
            </Button>
            <Button onClick={() => defaults && form.setFieldsValue(defaults)} data-testid="reset-workload">
              {t('workload.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <WorkCalendarCard />
    </Space>
  );
}
