import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  DatePicker,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

type Sanctions = Schemas['Sanctions'];
interface NewValues {
  kind: Schemas['NewSanction']['kind'];
  reason: string;
  recordIds: string[];
  barYears: number;
  startsOn: Dayjs;
}
const FIELDS = ['kind', 'reason', 'recordIds', 'barYears', 'startsOn'].map((f) => [f]);

/** 惩戒记录 on a volunteer's page: for the offices of their area only (the server answers 404 to anyone else). */
export function SanctionsCard({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const key = ['sanctions', volunteerId];
  const sanctions = useQuery({ queryKey: key, queryFn: () => api<Sanctions>(`/api/volunteers/${volunteerId}/sanctions`), retry: false });
  const [adding, setAdding] = useState(false);
  if (sanctions.error instanceof ApiError && sanctions.error.status === 404) return null;
  const data = sanctions.data;
  return (
    <Card
      title={t('sanctions.title')}
      loading={sanctions.isPending}
      data-testid="sanctions-card"
      extra={
        <Button danger onClick={() => setAdding(true)} data-testid="add-sanction">
          {t('sanctions.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('sanctions.help')}</Typography.Paragraph>
      {data && (
        <>
          <Alert
            type={data.bar.barred ? 'warning' : 'success'}
            showIcon
            title={data.bar.barred ? t('sanctions.barred', { until: data.bar.until }) : t('sanctions.notBarred')}
            style={{ marginBottom: 12 }}
            data-testid="sanction-bar"
          />
          <List
            dataSource={data.items}
            locale={{ emptyText: t('sanctions.none') }}
            data-testid="sanction-list"
            renderItem={(s) => <SanctionItem s={s} records={data.records} queryKey={key} />}
          />
        </>
      )}
      {data && (
        <NewSanctionModal open={adding} onClose={() => setAdding(false)} volunteerId={volunteerId} records={data.records} queryKey={key} />
      )}
    </Card>
  );
}

const recordLabel = (r: Sanctions['records'][number]) => `${r.serviceDate} ${r.activityTitle} ${r.hours} h`;

function SanctionItem({ s, records, queryKey }: { s: Sanctions['items'][number]; records: Sanctions['records']; queryKey: string[] }) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');
  const status = s.revokedAt ? 'revoked' : s.liftsOn <= today ? 'ended' : 'standing';
  const cited = s.recordIds.map((id) => records.find((r) => r.id === id)).filter((r) => !!r);
  return (
    <List.Item
      data-testid="sanction-item"
      actions={status === 'standing' ? [<RevokeButton key="revoke" id={s.id} queryKey={queryKey} />] : []}
    >
      <Space orientation="vertical" size={2}>
        <Space wrap>
          <Tag color={status === 'standing' ? 'red' : 'default'}>{t(`sanctions.${status}`)}</Tag>
          <Typography.Text strong>{t(`sanctions.kinds.${s.kind}`)}</Typography.Text>
          <Typography.Text type="secondary">
            {s.startsOn} → {s.liftsOn}（{t('sanctions.years', { count: s.barYears })}）
          </Typography.Text>
        </Space>
        <Typography.Text>{s.reason}</Typography.Text>
        {cited.length > 0 && (
          <Typography.Text type="secondary">
            {t('sanctions.records')}：{cited.map(recordLabel).join('；')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">
          {t('sanctions.recordedBy')}：{s.createdBy ?? '—'} · {dayjs(s.createdAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
        {s.revokedAt && (
          <Typography.Text type="secondary">
            {t('sanctions.revokedNote', { by: s.revokedBy ?? '—', at: dayjs(s.revokedAt).format('YYYY-MM-DD'), reason: s.revokeReason })}
          </Typography.Text>
        )}
      </Space>
    </List.Item>
  );
}

function RevokeButton({ id, queryKey }: { id: string; queryKey: string[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (reason: string) => api(`/api/sanctions/${id}/revoke`, { method: 'POST', json: { reason } }),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey });
    },
    onError: (error) => applyFieldErrors(form, error, [['reason']]),
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="revoke-sanction">
        {t('sanctions.revoke')}
      </Button>
      <Modal
        open={open}
        title={t('sanctions.revokeTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={revoke.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v.reason ?? '')}>
          <Form.Item name="reason" label={t('sanctions.revokeReason')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="revoke-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function NewSanctionModal(props: {
  open: boolean;
  onClose: () => void;
  volunteerId: string;
  records: Sanctions['records'];
  queryKey: string[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<NewValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const add = useMutation({
    onMutate: () => setUnplaced([]),
    mutationFn: (v: NewValues) =>
      api(`/api/volunteers/${props.volunteerId}/sanctions`, {
        method: 'POST',
        json: { ...v, reason: v.reason ?? '', recordIds: v.recordIds ?? [], startsOn: v.startsOn?.format('YYYY-MM-DD') },
      }),
    onSuccess: () => {
      void message.success(t('sanctions.saved'));
      form.resetFields();
      props.onClose();
      void client.invalidateQueries({ queryKey: props.queryKey });
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
  });
  return (
    <Modal
      open={props.open}
      title={t('sanctions.add')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('sanctions.save')}
      okButtonProps={{ danger: true, 'data-testid': 'save-sanction' } as ButtonProps}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'falsified_hours', barYears: 1, startsOn: dayjs(), recordIds: [] }}
        onFinish={(v) => add.mutate(v)}
      >
        <Form.Item name="kind" label={t('sanctions.kind')}>
          <Radio.Group
            options={(['falsified_hours', 'dishonesty'] as const).map((k) => ({ value: k, label: t(`sanctions.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('sanctions.reason')}>
          <Input.TextArea rows={3} maxLength={500} data-testid="sanction-reason" />
        </Form.Item>
        <Form.Item name="recordIds" label={t('sanctions.records')}>
          <Select
            mode="multiple"
            allowClear
            options={props.records.map((r) => ({ value: r.id, label: recordLabel(r) }))}
            data-testid="sanction-records"
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="barYears" label={t('sanctions.barYears')}>
            <Radio.Group optionType="button" options={[1, 2, 3].map((n) => ({ value: n, label: t('sanctions.years', { count: n }) }))} />
          </Form.Item>
          <Form.Item name="startsOn" label={t('sanctions.startsOn')}>
            <DatePicker allowClear={false} data-testid="sanction-starts" />
          </Form.Item>
        </Space>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
