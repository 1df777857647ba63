import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type FamilyRelation, useMyFamily } from './time-bank-api.ts';

const RELATIONS: FamilyRelation['relation'][] = ['spouse', 'parent', 'parent_in_law', 'grandparent', 'child', 'grandchild', 'sibling'];
export const STATUS_COLOR: Record<FamilyRelation['status'], string> = {
  pending: 'orange',
  confirmed: 'green',
  rejected: 'red',
  ended: 'default',
  revoked: 'volcano',
};
/** Nanjing: a spouse, or a relative aged 60 and over (the server decides; this only offers the button). */
const mayReceive = (r: FamilyRelation) => r.status === 'confirmed' && (r.relation === 'spouse' || r.relativeAge >= 60);

/** 我的家人: relatives recorded for the office to confirm, and what may be given to them or to the community's pool. */
export function FamilyCard({ balance }: { balance: string }) {
  const { t } = useTranslation();
  const family = useMyFamily();
  const [adding, setAdding] = useState(false);
  const [giving, setGiving] = useState<FamilyRelation | 'pool' | null>(null);
  return (
    <Card
      title={t('timeBankFamily.title')}
      data-testid="time-bank-family"
      extra={
        <Space>
          <Button onClick={() => setGiving('pool')} data-testid="donate-open">
            {t('timeBankFamily.donate')}
          </Button>
          <Button type="primary" onClick={() => setAdding(true)} data-testid="relative-add">
            {t('timeBankFamily.add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('timeBankFamily.rule')}</Typography.Paragraph>
      <Table<FamilyRelation>
        rowKey="id"
        size="small"
        loading={family.isPending}
        dataSource={family.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('timeBankFamily.empty') }}
        columns={[
          {
            title: t('timeBankFamily.relation'),
            dataIndex: 'relation',
            render: (r: FamilyRelation['relation']) => t(`timeBankFamily.relations.${r}`),
          },
          { title: t('timeBankFamily.name'), dataIndex: 'relativeName' },
          { title: t('timeBankFamily.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('timeBankFamily.age'), dataIndex: 'relativeAge' },
          {
            title: t('timeBankFamily.status'),
            dataIndex: 'status',
            render: (s: FamilyRelation['status'], r) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_COLOR[s]}>{t(`timeBankFamily.statuses.${s}`)}</Tag>
                {r.remark && <Typography.Text type="secondary">{r.remark}</Typography.Text>}
                {r.endReason && <Typography.Text type="secondary">{r.endReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'give',
            render: (_, r) => (
              <Space>
                {mayReceive(r) && (
                  <Button size="small" onClick={() => setGiving(r)} data-testid={`transfer-${r.relativeName}`}>
                    {t('timeBankFamily.transfer')}
                  </Button>
                )}
                {(r.status === 'pending' || r.status === 'confirmed') && <EndButton relation={r} />}
              </Space>
            ),
          },
        ]}
      />
      <AddRelativeModal open={adding} onClose={() => setAdding(false)} />
      <GiveModal target={giving} balance={balance} onClose={() => setGiving(null)} />
    </Card>
  );
}

/** The volunteer ends a relationship (kept as ended; no transfer along it after). */
function EndButton({ relation }: { relation: FamilyRelation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const end = useMutation({
    mutationFn: () => api(`/api/time-bank/family/${relation.id}/end`, { method: 'POST', json: {} }),
    onSuccess: () => {
      void message.success(t('timeBankFamily.ended'));
      void client.invalidateQueries({ queryKey: ['time-bank'] });
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Popconfirm title={t('timeBankFamily.endConfirm', { name: relation.relativeName })} onConfirm={() => end.mutate()}>
      <Button size="small" danger loading={end.isPending} data-testid={`end-${relation.relativeName}`}>
        {t('timeBankFamily.end')}
      </Button>
    </Popconfirm>
  );
}

function AddRelativeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ relation: FamilyRelation['relation']; name: string; idNumber: string }>();
  const add = useMutation({
    mutationFn: (v: { relation: FamilyRelation['relation']; name: string; idNumber: string }) =>
      api('/api/time-bank/family', { method: 'POST', json: v }),
    onSuccess: () => {
      void message.success(t('timeBankFamily.added'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['time-bank'] });
    },
    onError: (error) => applyFieldErrors(form, error, [['relation'], ['name'], ['idNumber']]).forEach((m) => void message.error(m)),
  });
  return (
    <Modal
      open={open}
      title={t('timeBankFamily.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ relation: 'parent' }}>
        <Form.Item name="relation" label={t('timeBankFamily.relation')} rules={[{ required: true }]}>
          <Select
            options={RELATIONS.map((r) => ({ value: r, label: t(`timeBankFamily.relations.${r}`) }))}
            data-testid="relative-relation"
          />
        </Form.Item>
        <Form.Item name="name" label={t('timeBankFamily.name')} rules={[{ required: true }]}>
          <Input maxLength={50} data-testid="relative-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('timeBankFamily.idNumber')} rules={[{ required: true }]} extra={t('timeBankFamily.idHelp')}>
          <Input maxLength={20} autoComplete="off" data-testid="relative-id" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GiveModal({ target, balance, onClose }: { target: FamilyRelation | 'pool' | null; balance: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ amount: number }>();
  const give = useMutation({
    mutationFn: (amount: number) =>
      target === 'pool'
        ? api('/api/time-bank/donations', { method: 'POST', json: { amount } })
        : api('/api/time-bank/transfers', { method: 'POST', json: { toVolunteerId: target?.relativeId, amount } }),
    onSuccess: () => {
      void message.success(t(target === 'pool' ? 'timeBankFamily.donated' : 'timeBankFamily.transferred'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['time-bank'] });
    },
    onError: (error) => applyFieldErrors(form, error, [['amount']]).forEach((m) => void message.error(m)),
  });
  const title =
    target === 'pool'
      ? t('timeBankFamily.donate')
      : target && t('timeBankFamily.transferTo', { name: target.relativeName, relation: t(`timeBankFamily.relations.${target.relation}`) });
  return (
    <Modal open={!!target} title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={give.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t(target === 'pool' ? 'timeBankFamily.donateHelp' : 'timeBankFamily.transferHelp', { balance })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => give.mutate(v.amount)}>
        <Form.Item name="amount" label={t('timeBankFamily.amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} step={0.5} precision={2} style={{ width: '100%' }} data-testid="give-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
