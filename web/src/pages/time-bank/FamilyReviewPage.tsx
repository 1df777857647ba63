import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { STATUS_COLOR } from './FamilyCard.tsx';
import { type FamilyRelation, useFamilyReviews } from './time-bank-api.ts';

const PAGE_SIZE = 20;
type Deciding = { relation: FamilyRelation; mode: 'confirm' | 'reject' | 'revoke' };

/** 亲属关系审核: an office of the volunteers' area confirms or refuses the relationships they recorded, noting what it checked. */
export function FamilyReviewPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<FamilyRelation['status']>('pending');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const list = useFamilyReviews(status, page, PAGE_SIZE);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('familyReview.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('familyReview.help')} />
      <Card
        extra={
          <Radio.Group
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
            optionType="button"
            options={(['pending', 'confirmed', 'rejected', 'ended', 'revoked'] as const).map((s) => ({
              value: s,
              label: t(`timeBankFamily.statuses.${s}`),
            }))}
          />
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<FamilyRelation>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="family-reviews"
          locale={{ emptyText: t('familyReview.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: t('familyReview.volunteer'), render: (_, r) => `${r.volunteerName}（${r.volunteerNo}）` },
            {
              title: t('timeBankFamily.relation'),
              dataIndex: 'relation',
              render: (v: FamilyRelation['relation']) => t(`timeBankFamily.relations.${v}`),
            },
            { title: t('timeBankFamily.name'), dataIndex: 'relativeName' },
            { title: t('timeBankFamily.idNumber'), dataIndex: 'idNumberMasked' },
            // The age only: the birth date with the masked number left two digits to guess (review 2026-12).
            { title: t('timeBankFamily.age'), render: (_, r) => t('familyReview.age', { age: r.relativeAge }) },
            { title: t('familyReview.recorded'), dataIndex: 'createdAt', render: (v: string) => v.slice(0, 10) },
            {
              title: t('timeBankFamily.status'),
              render: (_, r) =>
                r.status === 'pending' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ relation: r, mode: 'confirm' })}
                      data-testid="family-confirm"
                    >
                      {t('familyReview.confirm')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ relation: r, mode: 'reject' })}>
                      {t('familyReview.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Space orientation="vertical" size={0}>
                    <Tag color={STATUS_COLOR[r.status]}>{t(`timeBankFamily.statuses.${r.status}`)}</Tag>
                    <Typography.Text type="secondary">{r.endReason ?? r.remark}</Typography.Text>
                    {r.status === 'confirmed' && (
                      <Button size="small" danger onClick={() => setDeciding({ relation: r, mode: 'revoke' })} data-testid="family-revoke">
                        {t('familyReview.revoke')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <DecisionModal deciding={deciding} onClose={() => setDeciding(null)} />
    </Space>
  );
}

const TEXT = {
  confirm: { title: 'familyReview.confirmTitle', label: 'familyReview.checked', done: 'familyReview.confirmed' },
  reject: { title: 'familyReview.rejectTitle', label: 'familyReview.why', done: 'familyReview.rejected' },
  revoke: { title: 'familyReview.revokeTitle', label: 'familyReview.revokeWhy', done: 'familyReview.revoked' },
} as const;

/** Confirm or refuse a pending relationship (with what was checked), or revoke a confirmed one (with why). */
function DecisionModal({ deciding, onClose }: { deciding: Deciding | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ remark: string }>();
  const text = TEXT[deciding?.mode ?? 'confirm'];
  const decide = useMutation({
    mutationFn: (remark: string) =>
      deciding?.mode === 'revoke'
        ? api(`/api/time-bank/family/${deciding.relation.id}/revoke`, { method: 'POST', json: { reason: remark } })
        : api(`/api/time-bank/family/${deciding?.relation.id}/decision`, {
            method: 'POST',
            json: { confirm: deciding?.mode === 'confirm', remark },
          }),
    onSuccess: () => {
      void message.success(t(text.done));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['time-bank', 'family-reviews'] });
    },
    onError: (error) => applyFieldErrors(form, error, [['remark']]).forEach((m) => void message.error(m)),
  });
  return (
    <Modal
      open={!!deciding}
      title={t(text.title)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v.remark ?? '')}>
        <Form.Item name="remark" label={t(text.label)}>
          <Input.TextArea rows={3} maxLength={500} data-testid="family-remark" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
