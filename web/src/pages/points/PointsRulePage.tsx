import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { useProjectCategories } from '../projects/project-api.ts';
import { type PointsRule, usePointsRule } from './points-api.ts';

const RISKS = ['low', 'medium', 'high'] as const;

interface Values {
  pointsPerHour: number;
  categories: { code: string; multiplier: number }[];
  riskMultipliers: PointsRule['riskMultipliers'];
  bonusCapPerMonth: number;
}

const toValues = (r: PointsRule): Values => ({
  pointsPerHour: r.pointsPerHour,
  categories: Object.entries(r.categoryMultipliers).map(([code, multiplier]) => ({ code, multiplier })),
  riskMultipliers: r.riskMultipliers,
  bonusCapPerMonth: r.bonusCapPerMonth,
});

const multiplier = { min: 0, max: 5, step: 0.1, precision: 2, style: { width: 120 } };

/** 积分规则: how confirmed hours become points (city office). */
export function PointsRulePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rule = usePointsRule();
  const categories = useProjectCategories();
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<PointsRule>('/api/settings/points-rule', {
        method: 'PUT',
        json: {
          pointsPerHour: v.pointsPerHour,
          categoryMultipliers: Object.fromEntries((v.categories ?? []).map((c) => [c.code, c.multiplier])),
          riskMultipliers: v.riskMultipliers,
          bonusCapPerMonth: v.bonusCapPerMonth,
        },
      }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['settings', 'points-rule'] });
      void message.success(t('pointsRule.saved', { version: saved.version }));
    },
    onError: (error) => {
      for (const m of applyFieldErrors(form, error, [['pointsPerHour'], ['riskMultipliers'], ['bonusCapPerMonth']])) void message.error(m);
    },
  });
  if (!rule.data) return rule.error ? <Alert type="error" showIcon title={rule.error.message} /> : <Spin />;
  const { defaults, ...current } = rule.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pointsRule.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('pointsRule.help')} />
      <Card extra={<Typography.Text type="secondary">{t('pointsRule.version', { version: current.version })}</Typography.Text>}>
        <Form
          form={form}
          layout="vertical"
          initialValues={toValues(current)}
          onFinish={(v) => save.mutate(v)}
          data-testid="points-rule-form"
        >
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item
                name="pointsPerHour"
                label={t('pointsRule.pointsPerHour')}
                extra={t('pointsRule.default', { value: defaults.pointsPerHour })}
                rules={[{ required: true }]}
              >
                <InputNumber min={0.01} max={10000} precision={2} style={{ width: 180 }} data-testid="points-per-hour" />
              </Form.Item>
              <Form.Item
                name="bonusCapPerMonth"
                label={t('pointsRule.bonusCapPerMonth')}
                extra={t('pointsRule.default', { value: defaults.bonusCapPerMonth })}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={100000} precision={0} style={{ width: 180 }} data-testid="bonus-cap" />
              </Form.Item>
              <Typography.Title level={5}>{t('pointsRule.riskMultipliers')}</Typography.Title>
              <Space wrap>
                {RISKS.map((risk) => (
                  <Form.Item key={risk} name={['riskMultipliers', risk]} label={t(`pointsRule.risk.${risk}`)} rules={[{ required: true }]}>
                    <InputNumber {...multiplier} data-testid={`risk-${risk}`} />
                  </Form.Item>
                ))}
              </Space>
            </Col>
            <Col xs={24} md={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('pointsRule.categoryMultipliers')}
              </Typography.Title>
              <Form.List name="categories">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline">
                        <Form.Item name={[f.name, 'code']} rules={[{ required: true }]}>
                          <Select
                            options={categories.options}
                            placeholder={t('pointsRule.category')}
                            style={{ width: 200 }}
                            showSearch
                            optionFilterProp="label"
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'multiplier']} rules={[{ required: true }]}>
                          <InputNumber {...multiplier} placeholder={t('pointsRule.multiplier')} />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('pointsRule.remove')} />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ multiplier: 1 })} data-testid="add-category">
                      {t('pointsRule.addCategory')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="save-points-rule">
            {t('pointsRule.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
