import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { OfferView, Partner } from './benefits-api.ts';

const PARTNER_KINDS = ['shop', 'museum', 'transit', 'hospital', 'other'] as const;
const STATUS_COLOR: Record<OfferView['status'], string> = {
  draft: 'default',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** 礼遇审核: the office approves or rejects the offers of its area's partners, registers partners and links their accounts. */
export function BenefitsReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const offers = useQuery({ queryKey: ['benefits', 'review'], queryFn: () => api<OfferView[]>('/api/benefits/office/offers') });
  const partners = useQuery({ queryKey: ['benefits', 'partners'], queryFn: () => api<Partner[]>('/api/benefits/office/partners') });
  const [rejecting, setRejecting] = useState<OfferView>();
  const [note, setNote] = useState('');
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState<Partner>();
  const [partnerForm] = Form.useForm();
  const [linkForm] = Form.useForm();
  const refresh = () => void client.invalidateQueries({ queryKey: ['benefits'] });
  const decide = useMutation({
    mutationFn: (v: { id: string; approve: boolean; note?: string }) =>
      api(`/api/benefits/office/offers/${v.id}/decision`, { method: 'POST', json: { approve: v.approve, note: v.note } }),
    onSuccess: () => {
      void message.success(t('benefitReview.decided'));
      setRejecting(undefined);
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  const addPartner = useMutation({
    mutationFn: (v: object) => api('/api/benefits/office/partners', { method: 'POST', json: v }),
    onSuccess: () => {
      void message.success(t('benefitReview.created'));
      setAdding(false);
      refresh();
    },
    onError: (e) => {
      for (const m of applyFieldErrors(partnerForm, e, [['name'], ['kind'], ['areaCode'], ['address'], ['contact']])) void message.error(m);
    },
  });
  const link = useMutation({
    mutationFn: (v: { login: string }) => api(`/api/benefits/office/partners/${linking?.id}/members`, { method: 'POST', json: v }),
    onSuccess: () => {
      void message.success(t('benefitReview.linked'));
      setLinking(undefined);
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  const unlink = useMutation({
    mutationFn: (v: { partnerId: string; accountId: string }) =>
      api(`/api/benefits/office/partners/${v.partnerId}/members/${v.accountId}`, { method: 'DELETE' }),
    onSuccess: () => {
      void message.success(t('benefitReview.unlinked'));
      refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('benefitReview.title')}
      </Typography.Title>
      <Card title={t('benefitReview.offers')}>
        <Table<OfferView>
          rowKey="id"
          size="small"
          loading={offers.isPending}
          dataSource={offers.data ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('benefitReview.empty') }}
          data-testid="review-offers"
          columns={[
            { title: t('benefitOffers.titleField'), dataIndex: 'title' },
            { title: t('benefitReview.partner'), dataIndex: 'partnerName' },
            { title: t('benefitOffers.kind'), dataIndex: 'kind', render: (k: OfferView['kind']) => t(`benefitOffers.kinds.${k}`) },
            { title: t('benefitOffers.price'), dataIndex: 'price', align: 'right' },
            { title: t('benefitOffers.stock'), dataIndex: 'stock', align: 'right', render: (s: number | null) => s ?? '∞' },
            {
              title: t('benefitReview.conditions'),
              render: (_, o) =>
                [
                  o.minStars > 0 ? t('benefits.minStars', { stars: o.minStars }) : null,
                  o.areaPrefix,
                  t('benefitOffers.window.text', { from: o.validFrom, to: o.validTo }),
                ]
                  .filter(Boolean)
                  .join(' · '),
            },
            {
              title: t('benefitOffers.status'),
              dataIndex: 'status',
              render: (s: OfferView['status']) => <Tag color={STATUS_COLOR[s]}>{t(`benefitOffers.statuses.${s}`)}</Tag>,
            },
            {
              title: '',
              render: (_, o) =>
                o.status === 'submitted' && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => decide.mutate({ id: o.id, approve: true })}>
                      {t('benefitReview.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => setRejecting(o)}>
                      {t('benefitReview.reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('benefitReview.partners')} extra={<Button onClick={() => setAdding(true)}>{t('benefitReview.addPartner')}</Button>}>
        <Table<Partner>
          rowKey="id"
          size="small"
          loading={partners.isPending}
          dataSource={partners.data ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('benefitReview.name'), dataIndex: 'name' },
            { title: t('benefitReview.kind'), dataIndex: 'kind', render: (k: Partner['kind']) => t(`benefitReview.kinds.${k}`) },
            { title: t('benefitReview.area'), dataIndex: 'areaCode' },
            { title: t('benefitReview.address'), dataIndex: 'address' },
            {
              title: t('benefitReview.members'),
              render: (_, p) =>
                p.memberAccounts.length === 0
                  ? '—'
                  : p.memberAccounts.map((m) => (
                      <Space key={m.accountId} size={4} style={{ marginRight: 12 }}>
                        {m.displayName}
                        <Popconfirm
                          title={t('benefitReview.unlinkConfirm', { name: m.displayName })}
                          onConfirm={() => unlink.mutate({ partnerId: p.id, accountId: m.accountId })}
                        >
                          <Button size="small" type="link" danger data-testid="partner-unlink">
                            {t('benefitReview.unlink')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    )),
            },
            {
              title: '',
              render: (_, p) => (
                <Space>
                  <Button size="small" onClick={() => setLinking(p)}>
                    {t('benefitReview.link')}
                  </Button>
                  <Link to={`/benefits/partners/${p.id}/statement`} data-testid="partner-statement">
                    {t('benefitReview.statement')}
                  </Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!rejecting}
        title={`${t('benefitReview.reject')}：${rejecting?.title ?? ''}`}
        onCancel={() => setRejecting(undefined)}
        onOk={() => rejecting && decide.mutate({ id: rejecting.id, approve: false, note })}
        confirmLoading={decide.isPending}
      >
        <Input.TextArea
          rows={3}
          placeholder={t('benefitReview.rejectReason')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
        />
      </Modal>
      <Modal
        open={adding}
        title={t('benefitReview.addPartner')}
        onCancel={() => setAdding(false)}
        onOk={() => partnerForm.submit()}
        confirmLoading={addPartner.isPending}
        destroyOnHidden
      >
        <Form form={partnerForm} layout="vertical" initialValues={{ kind: 'shop' }} onFinish={(v) => addPartner.mutate(v)}>
          <Form.Item name="name" label={t('benefitReview.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('benefitReview.kind')}>
            <Select options={PARTNER_KINDS.map((k) => ({ value: k, label: t(`benefitReview.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="areaCode" label={t('benefitReview.area')} rules={[{ required: true }]}>
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item name="address" label={t('benefitReview.address')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="contact" label={t('benefitReview.contact')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!linking}
        title={`${t('benefitReview.link')}：${linking?.name ?? ''}`}
        onCancel={() => setLinking(undefined)}
        onOk={() => linkForm.submit()}
        confirmLoading={link.isPending}
        destroyOnHidden
      >
        <Form form={linkForm} layout="vertical" onFinish={(v) => link.mutate(v)}>
          <Form.Item name="login" label={t('benefitReview.login')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
