import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type OfferView, useMyOffers } from './benefits-api.ts';

const STATUS_COLOR: Record<OfferView['status'], string> = {
  draft: 'default',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};
const KINDS = ['item', 'service', 'advantage'] as const;
const FIELDS = [
  'kind',
  'title',
  'description',
  'price',
  'stock',
  'perPersonLimit',
  'minStars',
  'areaPrefix',
  'validFrom',
  'validTo',
  'codeDays',
];

type Values = Omit<OfferView, 'validFrom' | 'validTo' | 'price'> & { price: number; window: [Dayjs, Dayjs] };

/** 礼遇项目: the partner's offers; draft, edit, submit for the office's review, withdraw. */
export function PartnerOffersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mine = useMyOffers();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<OfferView | 'new'>();
  const refresh = () => void client.invalidateQueries({ queryKey: ['benefits'] });
  const save = useMutation({
    mutationFn: ({ window, areaPrefix, stock, ...v }: Values) => {
      const body = {
        ...v,
        areaPrefix: areaPrefix || null,
        stock: stock ?? null,
        validFrom: window[0].format('YYYY-MM-DD'),
        validTo: window[1].format('YYYY-MM-DD'),
      };
      return editing && editing !== 'new'
        ? api(`/api/benefits/partner/offers/${editing.id}`, { method: 'PUT', json: body })
        : api('/api/benefits/partner/offers', { method: 'POST', json: body });
    },
    onSuccess: () => {
      void message.success(t('benefitOffers.saved'));
      setEditing(undefined);
      refresh();
    },
    onError: (e) => {
      for (const m of applyFieldErrors(
        form,
        e,
        FIELDS.map((f) => [f]),
      ))
        void message.error(m);
    },
  });
  const move = useMutation({
    mutationFn: (v: { id: string; to: 'submit' | 'withdraw' }) => api(`/api/benefits/partner/offers/${v.id}/${v.to}`, { method: 'POST' }),
    onSuccess: refresh,
    onError: (e) => void message.error(e.message),
  });
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const open = (o: OfferView | 'new') => {
    setEditing(o);
    const year = dayjs().year();
    form.setFieldsValue(
      o === 'new'
        ? {
            kind: 'item',
            title: '',
            description: '',
            price: 800,
            stock: 50,
            perPersonLimit: 1,
            minStars: 0,
            areaPrefix: null,
            codeDays: 30,
            window: [dayjs(), dayjs(`${year}-12-31`)],
          }
        : { ...o, price: Number(o.price), window: [dayjs(o.validFrom), dayjs(o.validTo)] },
    );
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('benefitOffers.title')} <Typography.Text type="secondary">· {mine.data.partner.name}</Typography.Text>
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('benefitOffers.create')}
        </Button>
      </Space>
      <Card>
        <Table<OfferView>
          rowKey="id"
          size="small"
          dataSource={mine.data.offers}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('benefitOffers.empty') }}
          columns={[
            { title: t('benefitOffers.titleField'), dataIndex: 'title' },
            { title: t('benefitOffers.kind'), dataIndex: 'kind', render: (k: OfferView['kind']) => t(`benefitOffers.kinds.${k}`) },
            { title: t('benefitOffers.price'), dataIndex: 'price', align: 'right' },
            { title: t('benefitOffers.stock'), dataIndex: 'stock', align: 'right', render: (s: number | null) => s ?? '∞' },
            { title: t('benefitOffers.minStars'), dataIndex: 'minStars', align: 'right' },
            {
              title: t('benefitOffers.window.label'),
              render: (_, o) => t('benefitOffers.window.text', { from: o.validFrom, to: o.validTo }),
            },
            {
              title: t('benefitOffers.status'),
              dataIndex: 'status',
              render: (s: OfferView['status'], o) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={STATUS_COLOR[s]}>{t(`benefitOffers.statuses.${s}`)}</Tag>
                  {o.reviewNote && <Typography.Text type="secondary">{o.reviewNote}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '',
              render: (_, o) => (
                <Space>
                  {(o.status === 'draft' || o.status === 'rejected') && (
                    <>
                      <Button size="small" onClick={() => open(o)}>
                        {t('benefitOffers.edit')}
                      </Button>
                      <Button size="small" type="primary" onClick={() => move.mutate({ id: o.id, to: 'submit' })}>
                        {t('benefitOffers.submit')}
                      </Button>
                    </>
                  )}
                  {o.status !== 'withdrawn' && (
                    <Button size="small" danger onClick={() => move.mutate({ id: o.id, to: 'withdraw' })}>
                      {t('benefitOffers.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('benefitOffers.create') : t('benefitOffers.edit')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t('benefitOffers.kind')}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`benefitOffers.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('benefitOffers.titleField')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('benefitOffers.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="price" label={t('benefitOffers.price')}>
              <InputNumber min={0} max={100000} precision={2} />
            </Form.Item>
            <Form.Item name="stock" label={t('benefitOffers.stock')} extra={t('benefitOffers.stockHelp')}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item name="perPersonLimit" label={t('benefitOffers.perPersonLimit')}>
              <InputNumber min={1} precision={0} />
            </Form.Item>
            <Form.Item name="minStars" label={t('benefitOffers.minStars')}>
              <InputNumber min={0} max={5} precision={0} />
            </Form.Item>
            <Form.Item name="codeDays" label={t('benefitOffers.codeDays')}>
              <InputNumber min={1} max={365} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="areaPrefix" label={t('benefitOffers.areaPrefix')}>
            <Input maxLength={12} style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="window" label={`${t('benefitOffers.validFrom')} – ${t('benefitOffers.validTo')}`} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
