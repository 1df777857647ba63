import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type TimeBankRule, useServiceCategories, useTimeBankRule } from './time-bank-api.ts';

type Values = Omit<TimeBankRule, 'version'>;
const amount = { min: 0.01, max: 100000, precision: 2, style: { width: 180 } };

/** 时间银行规则: which confirmed hours deposit time credits, at what rate, within which caps (city office). */
export function TimeBankRulePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rule = useTimeBankRule();
  const categories = useServiceCategories();
  const save = useMutation({
    mutationFn: (v: Values) => api<TimeBankRule>('/api/settings/time-bank-rule', { method: 'PUT', json: v }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['settings', 'time-bank-rule'] });
      void client.invalidateQueries({ queryKey: ['time-bank'] });
      void message.success(t('timeBankRule.saved', { version: saved.version }));
    },
    onError: (error) => {
      for (const m of applyFieldErrors(form, error, [['eligibleCategories'], ['creditsPerHour'], ['dailyCap'], ['lifetimeCap']]))
        void message.error(m);
    },
  });
  if (!rule.data) return rule.error ? <Alert type="error" showIcon title={rule.error.message} /> : <Spin />;
  const { defaults, version, ...current } = rule.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('timeBankRule.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('timeBankRule.help')} />
      <Card extra={<Typography.Text type="secondary">{t('timeBankRule.version', { version })}</Typography.Text>}>
        <Form form={form} layout="vertical" initialValues={current} onFinish={(v) => save.mutate(v)} data-testid="time-bank-rule-form">
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item
                name="creditsPerHour"
                label={t('timeBankRule.creditsPerHour')}
                extra={t('timeBankRule.default', { value: defaults.creditsPerHour })}
                rules={[{ required: true }]}
              >
                <InputNumber {...amount} data-testid="credits-per-hour" />
              </Form.Item>
              <Form.Item
                name="dailyCap"
                label={t('timeBankRule.dailyCap')}
                extra={t('timeBankRule.default', { value: defaults.dailyCap })}
                rules={[{ required: true }]}
              >
                <InputNumber {...amount} data-testid="daily-cap" />
              </Form.Item>
              <Form.Item
                name="lifetimeCap"
                label={t('timeBankRule.lifetimeCap')}
                extra={t('timeBankRule.default', { value: defaults.lifetimeCap })}
                rules={[{ required: true }]}
              >
                <InputNumber {...amount} data-testid="lifetime-cap" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="eligibleCategories"
                label={t('timeBankRule.eligibleCategories')}
                extra={t('timeBankRule.default', { value: defaults.eligibleCategories.map(categories.label).join('、') })}
                rules={[{ required: true }]}
              >
                <Select mode="tags" options={categories.options} optionFilterProp="label" data-testid="eligible-categories" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-time-bank-rule">
            {t('timeBankRule.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
