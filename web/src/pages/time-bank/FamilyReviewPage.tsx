import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { STATUS_COLOR } from './FamilyCard.tsx';
import { type FamilyRelation, useFamilyReviews } from './time-bank-api.ts';

const PAGE_SIZE = 20;

/** 亲属关系审核: an office of the volunteers' area confirms or refuses the relationships they recorded, noting what it checked. */
export function FamilyReviewPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<FamilyRelation['status']>('pending');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<{ relation: FamilyRelation; confirm: boolean } | null>(null);
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
            options={(['pending', 'confirmed', 'rejected'] as const).map((s) => ({ value: s, label: t(`timeBankFamily.statuses.${s}`) }))}
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
            {
              title: t('familyReview.birth'),
              render: (_, r) => `${r.relativeBirthDate}（${t('familyReview.age', { age: r.relativeAge })}）`,
            },
            { title: t('familyReview.recorded'), dataIndex: 'createdAt', render: (v: string) => v.slice(0, 10) },
            {
              title: t('timeBankFamily.status'),
              render: (_, r) =>
                r.status === 'pending' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ relation: r, confirm: true })}
                      data-testid="family-confirm"
                    >
                      {t('familyReview.confirm')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ relation: r, confirm: false })}>
                      {t('familyReview.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Space orientation="vertical" size={0}>
                    <Tag color={STATUS_COLOR[r.status]}>{t(`timeBankFamily.statuses.${r.status}`)}</Tag>
                    <Typography.Text type="secondary">{r.remark}</Typography.Text>
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

function DecisionModal({ deciding, onClose }: { deciding: { relation: FamilyRelation; confirm: boolean } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ remark: string }>();
  const decide = useMutation({
    mutationFn: (remark: string) =>
      api(`/api/time-bank/family/${deciding?.relation.id}/decision`, { method: 'POST', json: { confirm: deciding?.confirm, remark } }),
    onSuccess: () => {
      void message.success(t(deciding?.confirm ? 'familyReview.confirmed' : 'familyReview.rejected'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['time-bank', 'family-reviews'] });
    },
    onError: (error) => applyFieldErrors(form, error, [['remark']]).forEach((m) => void message.error(m)),
  });
  return (
    <Modal
      open={!!deciding}
      title={t(deciding?.confirm ? 'familyReview.confirmTitle' : 'familyReview.rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v.remark ?? '')}>
        <Form.Item name="remark" label={t(deciding?.confirm ? 'familyReview.checked' : 'familyReview.why')}>
          <Input.TextArea rows={3} maxLength={500} data-testid="family-remark" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
