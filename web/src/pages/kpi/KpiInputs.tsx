import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useFieldErrors } from '../../components/form-errors.ts';
import type { RegisteredTotals, WalkSettings } from './kpi-api.ts';

/**
 * What offices enter for the KPIs rather than the platform counting it: the figure of all registered
 * volunteers on every platform (the unified-platform share's denominator), and the city's walking
 * speed and detour factor (the 20-minute coverage). Each saves, then the KPI answers are asked again.
 */
interface TotalForm {
  total: number;
  reportedOn: Dayjs;
  note?: string;
}
const TOTAL_FIELDS = ['total', 'reportedOn', 'note'];

export function RegisteredTotalButton({ code }: { code: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setOpen(true)} data-testid="kpi-enter-total">
        {t('kpiPage.totals.open')}
      </Button>
      {open && <RegisteredTotalModal code={code} onClose={() => setOpen(false)} />}
    </>
  );
}

function RegisteredTotalModal({ code, onClose }: { code: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<TotalForm>();
  const errors = useFieldErrors(form, TOTAL_FIELDS);
  const history = useQuery({
    queryKey: ['kpi-totals', code],
    queryFn: () => api<RegisteredTotals>(`/api/kpi/areas/${code}/registered-total`),
  });
  const save = useMutation({
    onMutate: errors.clear,
    mutationFn: (v: TotalForm) =>
      api(`/api/kpi/areas/${code}/registered-total`, {
        method: 'PUT',
        json: { total: v.total, reportedOn: v.reportedOn?.format('YYYY-MM-DD'), note: v.note ?? '' },
      }),
    onSuccess: async () => {
      void message.success(t('kpiPage.totals.saved'));
      await client.invalidateQueries({ queryKey: ['kpi-totals', code] });
      await client.invalidateQueries({ queryKey: ['kpi'] });
      form.resetFields();
    },
    onError: errors.show,
  });
  const entries = history.data?.entries ?? [];
  return (
    <Modal
      open
      title={t('kpiPage.totals.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('kpiPage.close')}</Button>}
      width={640}
      data-testid="kpi-totals-modal"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('kpiPage.totals.help')} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reportedOn: dayjs() }}
          onFinish={(v) => save.mutate(v)}
          data-testid="kpi-totals-form"
        >
          <Space wrap align="start">
            <Form.Item
              name="total"
              label={t('kpiPage.totals.total')}
              rules={[{ required: true, message: t('kpiPage.totals.totalRequired') }]}
            >
              <InputNumber min={0} precision={0} style={{ width: 180 }} data-testid="kpi-total-input" />
            </Form.Item>
            <Form.Item name="reportedOn" label={t('kpiPage.totals.reportedOn')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="kpi-total-date" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('kpiPage.totals.note')}>
            <Input maxLength={500} placeholder={t('kpiPage.totals.notePlaceholder')} data-testid="kpi-total-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="kpi-total-save">
            {t('kpiPage.totals.save')}
          </Button>
        </Form>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('kpiPage.totals.history')}
        </Typography.Title>
        <Table
          size="small"
          rowKey="enteredAt"
          loading={history.isPending}
          pagination={false}
          dataSource={entries}
          // While loading, no "nothing entered yet" under the spinner: it is not known yet.
          locale={{ emptyText: history.isPending ? ' ' : t('kpiPage.totals.none') }}
          data-testid="kpi-totals-history"
          columns={[
            {
              title: t('kpiPage.totals.total'),
              dataIndex: 'total',
              render: (v: number, _r, i) => (
                <Space size={4}>
                  {v.toLocaleString()}
                  {i === 0 && <Tag color="blue">{t('kpiPage.totals.inForce')}</Tag>}
                </Space>
              ),
            },
            { title: t('kpiPage.totals.reportedOn'), dataIndex: 'reportedOn' },
            { title: t('kpiPage.totals.note'), dataIndex: 'note', ellipsis: true },
            {
              title: t('kpiPage.totals.enteredBy'),
              dataIndex: 'enteredBy',
              render: (v: string | null, r) => `${v ?? t('kpiPage.totals.demo')} · ${dayjs(r.enteredAt).format('YYYY-MM-DD')}`,
            },
          ]}
        />
      </Space>
    </Modal>
  );
}

const WALK_FIELDS = ['walkingSpeedKmh', 'detourFactor'];

export function WalkSettingsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="kpi-walk-settings">
        {t('kpiPage.walk.open')}
      </Button>
      {open && <WalkSettingsModal onClose={() => setOpen(false)} />}
    </>
  );
}

function WalkSettingsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<WalkSettings>();
  const errors = useFieldErrors(form, WALK_FIELDS);
  const current = useQuery({ queryKey: ['kpi-walk'], queryFn: () => api<WalkSettings>('/api/kpi/settings') });
  const save = useMutation({
    onMutate: errors.clear,
    mutationFn: async (v: WalkSettings) => {
      const saved = await api<WalkSettings>('/api/kpi/settings', { method: 'PUT', json: v });
      // The coverage figures are recomputed now rather than within the next ten seconds.
      await api('/api/kpi/refresh', { method: 'POST' });
      return saved;
    },
    onSuccess: async (saved) => {
      client.setQueryData(['kpi-walk'], saved);
      void message.success(t('kpiPage.walk.saved'));
      await client.invalidateQueries({ queryKey: ['kpi'] });
      onClose();
    },
    onError: errors.show,
  });
  const speed = Form.useWatch('walkingSpeedKmh', form);
  const detour = Form.useWatch('detourFactor', form);
  const radius = speed && detour ? (speed / 3 / detour).toFixed(2) : '—';
  return (
    <Modal
      open
      title={t('kpiPage.walk.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('kpiPage.walk.save')}
      okButtonProps={{ loading: save.isPending, disabled: !current.data, 'data-testid': 'kpi-walk-save' } as ButtonProps}
      data-testid="kpi-walk-modal"
    >
      {current.data && (
        <Form form={form} layout="vertical" initialValues={current.data} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="walkingSpeedKmh" label={t('kpiPage.walk.speed')} rules={[{ required: true }]}>
            <InputNumber
              min={1}
              max={10}
              step={0.1}
              precision={1}
              suffix={t('kpiPage.walk.speedUnit')}
              style={{ width: 200 }}
              data-testid="kpi-walk-speed"
            />
          </Form.Item>
          <Form.Item name="detourFactor" label={t('kpiPage.walk.detour')} extra={t('kpiPage.walk.detourHelp')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3} step={0.05} precision={2} style={{ width: 200 }} data-testid="kpi-walk-detour" />
          </Form.Item>
          <Typography.Text type="secondary" data-testid="kpi-walk-radius">
            {t('kpiPage.walk.radius', { km: radius })}
          </Typography.Text>
        </Form>
      )}
    </Modal>
  );
}
