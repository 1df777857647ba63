import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { Reach, ReachUpdate } from '../matching/matching-api.ts';

interface Values extends Omit<ReachUpdate, 'quietFrom' | 'quietTo' | 'lat' | 'lng'> {
  own: boolean;
  lat?: number | null;
  lng?: number | null;
  quiet?: [Dayjs, Dayjs] | null;
}

const FIELDS = [['lat'], ['lng'], ['quiet'], ['weeklyInvitationCap'], ['weeklyTakeCap']];

const toValues = (r: Reach): Values => ({
  ...r,
  own: r.lat != null,
  quiet: r.quietFrom && r.quietTo ? [dayjs(r.quietFrom, 'HH:mm'), dayjs(r.quietTo, 'HH:mm')] : null,
});

/** 接单与邀请设置: where the matcher measures from, what I opt into, my quiet hours and weekly caps. */
export function ReachCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const reach = useQuery({ queryKey: ['reach'], queryFn: () => api<Reach>('/api/volunteers/me/reach') });
  const own = Form.useWatch('own', form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: ReachUpdate = {
        lat: v.own ? (v.lat ?? null) : null,
        lng: v.own ? (v.lng ?? null) : null,
        requestsOptIn: v.requestsOptIn,
        emergencyOptIn: v.emergencyOptIn,
        invitationsOptIn: v.invitationsOptIn,
        quietFrom: v.quiet ? v.quiet[0].format('HH:mm') : null,
        quietTo: v.quiet ? v.quiet[1].format('HH:mm') : null,
        weeklyInvitationCap: v.weeklyInvitationCap,
        weeklyTakeCap: v.weeklyTakeCap,
      };
      return api<Reach>('/api/volunteers/me/reach', { method: 'PUT', json: body });
    },
    onMutate: () => {
      setUnplaced([]);
      form.setFields(FIELDS.map(([name]) => ({ name: name as keyof Values, errors: [] })));
    },
    onSuccess: (saved) => {
      client.setQueryData(['reach'], saved);
      form.setFieldsValue(toValues(saved));
      void message.success(t('matching.reach.saved'));
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
  });
  const r = reach.data;
  return (
    <Card title={t('matching.reach.title')} loading={reach.isPending} data-testid="reach-card">
      {r && (
        <Form form={form} layout="vertical" initialValues={toValues(r)} onFinish={(v) => save.mutate(v)}>
          <Typography.Paragraph type="secondary">{t('matching.reach.hint')}</Typography.Paragraph>
          <Form.Item name="own" label={t('matching.reach.position')}>
            <Radio.Group>
              <Radio value={false}>
                {t('matching.reach.useHome')}
                {r.home.areaName ? `（${r.home.areaName}）` : ''}
              </Radio>
              <Radio value={true} data-testid="reach-own">
                {t('matching.reach.useOwn')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {own && (
            <Space wrap style={{ display: 'flex' }}>
              <Form.Item name="lat" label={t('matching.reach.lat')} rules={[{ required: true }]}>
                <InputNumber min={-90} max={90} step={0.001} style={{ width: 140 }} data-testid="reach-lat" />
              </Form.Item>
              <Form.Item name="lng" label={t('matching.reach.lng')} rules={[{ required: true }]}>
                <InputNumber min={-180} max={180} step={0.001} style={{ width: 140 }} data-testid="reach-lng" />
              </Form.Item>
            </Space>
          )}
          <Space orientation="vertical" style={{ display: 'flex', marginBottom: 24 }}>
            {(['requestsOptIn', 'invitationsOptIn', 'emergencyOptIn'] as const).map((name) => (
              <Space key={name}>
                <Form.Item name={name} valuePropName="checked" noStyle>
                  <Switch data-testid={`reach-${name}`} />
                </Form.Item>
                <Typography.Text>{t(`matching.reach.${name}`)}</Typography.Text>
              </Space>
            ))}
          </Space>
          <Form.Item name="quiet" label={t('matching.reach.quiet')}>
            <TimePicker.RangePicker
              format="HH:mm"
              order={false}
              placeholder={[t('matching.reach.quietFrom'), t('matching.reach.quietTo')]}
              data-testid="reach-quiet"
            />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item
              name="weeklyInvitationCap"
              label={t('matching.reach.weeklyInvitationCap')}
              extra={t('matching.reach.cityCap', { max: r.cityCaps.weeklyInvitationCap })}
            >
              <InputNumber min={0} max={50} data-testid="reach-invitation-cap" />
            </Form.Item>
            <Form.Item
              name="weeklyTakeCap"
              label={t('matching.reach.weeklyTakeCap')}
              extra={t('matching.reach.cityCap', { max: r.cityCaps.weeklyTakeCap })}
            >
              <InputNumber min={0} max={50} />
            </Form.Item>
          </Space>
          {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} />}
          <div>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="reach-save">
              {t('matching.reach.save')}
            </Button>
          </div>
        </Form>
      )}
    </Card>
  );
}
