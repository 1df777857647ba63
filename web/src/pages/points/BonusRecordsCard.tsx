import { GiftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type BonusCandidate, useBonusCandidates } from './points-api.ts';

const PAGE_SIZE = 20;
const FIELDS = [['points']];

/** The organizer gives a confirmed record's volunteer bonus points (once per record, within the city's monthly cap). */
function BonusModal({ organizationId, record, onClose }: { organizationId: string; record: BonusCandidate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ points: number }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const give = useMutation({
    mutationFn: (points: number) =>
      api('/api/points/bonus', { method: 'POST', json: { recordId: record.recordId, organizationId, points } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['points'] });
      void message.success(t('pointsBonus.given', { name: record.volunteerName }));
      onClose();
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
  });
  return (
    <Modal
      open
      title={t('pointsBonus.giveTitle', { name: record.volunteerName })}
      okText={t('pointsBonus.give')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={give.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('pointsBonus.giveHelp', { activity: record.activityTitle, date: record.serviceDate, left: record.capLeft })}
      </Typography.Paragraph>
      {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => give.mutate(v.points)}
        initialValues={{ points: Math.min(10, record.capLeft) || 1 }}
      >
        <Form.Item name="points" label={t('pointsBonus.points')} rules={[{ required: true, message: t('pointsBonus.pointsRequired') }]}>
          <InputNumber min={1} max={10_000} precision={0} style={{ width: 160 }} data-testid="bonus-points" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 积分奖励: the organization's confirmed records of the last 90 days, each with its bonus or a button to give one. */
export function BonusRecordsCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [giving, setGiving] = useState<BonusCandidate>();
  const list = useBonusCandidates(organizationId, page, PAGE_SIZE);
  if (list.isError) return <Alert type="error" showIcon title={list.error.message} />;
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('pointsBonus.help', { cap: list.data?.capPerMonth ?? '—' })}</Typography.Paragraph>
      <Table<BonusCandidate>
        rowKey="recordId"
        size="small"
        loading={list.isPending || list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('pointsBonus.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total, onChange: setPage, hideOnSinglePage: true }}
        data-testid="bonus-records"
        columns={[
          { title: t('pointsBonus.date'), dataIndex: 'serviceDate', width: 110 },
          { title: t('pointsBonus.volunteer'), dataIndex: 'volunteerName', render: (v: string, r) => `${v}（${r.volunteerNo}）` },
          { title: t('pointsBonus.activity'), dataIndex: 'activityTitle' },
          { title: t('pointsBonus.hours'), dataIndex: 'hours', align: 'right' },
          {
            title: t('pointsBonus.bonus'),
            key: 'bonus',
            render: (_: unknown, r) =>
              r.bonus !== null ? (
                <Tag color="gold">+{r.bonus}</Tag>
              ) : r.capLeft > 0 ? (
                <Button size="small" icon={<GiftOutlined />} onClick={() => setGiving(r)} data-testid="give-bonus">
                  {t('pointsBonus.give')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('pointsBonus.capReached')}</Typography.Text>
              ),
          },
        ]}
      />
      {giving && <BonusModal organizationId={organizationId} record={giving} onClose={() => setGiving(undefined)} />}
    </Card>
  );
}
