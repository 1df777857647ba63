import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { can, useMe } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type TimeCreditPool, usePools } from './time-bank-api.ts';

/** 社区互助池: each community's pool (donations in, grants out); the community office grants to a person in need. */
export function PoolsCard() {
  const { t } = useTranslation();
  const pools = usePools();
  const me = useMe();
  const [granting, setGranting] = useState<TimeCreditPool | null>(null);
  const mayGrant = can(me.data, 'timeBank.grant');
  return (
    <Card title={t('pools.title')} data-testid="time-bank-pools">
      <Table<TimeCreditPool>
        rowKey="areaCode"
        size="small"
        loading={pools.isPending}
        dataSource={pools.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (p) => p.grants.length > 0,
          expandedRowRender: (p) =>
            p.grants.map((g) => (
              <div key={g.id}>
                <Typography.Text type="secondary">
                  {g.createdAt.slice(0, 10)} · {g.volunteerName}（{g.volunteerNo}）· {g.amount} · {g.reason}
                </Typography.Text>
              </div>
            )),
        }}
        columns={[
          { title: t('pools.community'), dataIndex: 'name' },
          { title: t('pools.balance'), dataIndex: 'balance', align: 'right' },
          { title: t('pools.donated'), dataIndex: 'donated', align: 'right' },
          { title: t('pools.granted'), dataIndex: 'granted', align: 'right' },
          ...(mayGrant
            ? [
                {
                  title: '',
                  key: 'grant',
                  render: (_: unknown, p: TimeCreditPool) => (
                    <Button size="small" onClick={() => setGranting(p)} data-testid="pool-grant">
                      {t('pools.grant')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <GrantModal pool={granting} onClose={() => setGranting(null)} />
    </Card>
  );
}

type GrantValues = { volunteerNo: string; amount: number; reason: string };

function GrantModal({ pool, onClose }: { pool: TimeCreditPool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<GrantValues>();
  const grant = useMutation({
    mutationFn: (v: GrantValues) =>
      api(`/api/time-bank/pools/${pool?.areaCode}/grants`, { method: 'POST', json: { ...v, reason: v.reason ?? '' } }),
    onSuccess: () => {
      void message.success(t('pools.granted_ok'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['time-bank'] });
    },
    onError: (error) => applyFieldErrors(form, error, [['volunteerNo'], ['amount'], ['reason']]).forEach((m) => void message.error(m)),
  });
  return (
    <Modal
      open={!!pool}
      title={pool && t('pools.grantTitle', { name: pool.name, balance: pool.balance })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={grant.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => grant.mutate(v)}>
        <Form.Item name="volunteerNo" label={t('pools.volunteerNo')} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="amount" label={t('timeBankFamily.amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} step={0.5} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('pools.reason')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
