import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import type { AwardRound, Nominee } from './awards-api.ts';

/**
 * An organization nominates its active members (or itself) and sees its nominations. Whether a
 * nominee is eligible is answered by the server; a sanction is never named here.
 */
export function NominateCard({ round, nominees, onDone }: { round: AwardRound; nominees: Nominee[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<{ subjectId: string; reason: string }>();
  const orgId = me.data?.grants.find((g) => g.role === 'org_admin')?.organizationId ?? undefined;
  const members = useQuery({
    queryKey: ['org-members', orgId],
    queryFn: () => api<Schemas['OrganizationMember'][]>(`/api/organizations/${orgId}/members`),
    enabled: !!orgId && round.kind !== 'organization' && round.kind !== 'project',
  });
  const nominate = useMutation({
    mutationFn: (v: { subjectId: string; reason: string }) =>
      api(`/api/awards/rounds/${round.id}/nominations`, { method: 'POST', json: { ...v, organizationId: orgId } }),
    onSuccess: () => {
      form.resetFields();
      onDone();
      void message.success(t('awards.nominated'));
    },
    onError: (error) => void message.error(error.message),
  });
  const options =
    round.kind === 'organization'
      ? orgId
        ? [{ value: orgId, label: t('awards.myNominations') }]
        : []
      : (members.data ?? [])
          .filter((m) => m.status === 'active')
          .map((m) => ({ value: m.volunteerId, label: `${m.name}（${m.volunteerNo}）` }));
  const open = round.status === 'open';
  return (
    <Card title={t('awards.nominateTitle')}>
      {open && orgId ? (
        <Form form={form} layout="vertical" onFinish={(v) => nominate.mutate(v)} data-testid="nominate-form">
          <Form.Item name="subjectId" label={t('awards.subject')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={options} loading={members.isFetching} data-testid="nominee-select" />
          </Form.Item>
          <Form.Item name="reason" label={t('awards.reason')} rules={[{ required: true, min: 10 }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="nominate-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={nominate.isPending} data-testid="nominate">
            {t('awards.nominate')}
          </Button>
        </Form>
      ) : (
        !open && <Tag>{t('awards.nominateClosed')}</Tag>
      )}
      <Table<Nominee>
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        pagination={false}
        title={() => t('awards.myNominations')}
        dataSource={nominees}
        data-testid="my-nominations"
        columns={[
          { title: t('awards.name'), dataIndex: 'name' },
          { title: t('awards.status'), dataIndex: 'status', render: (s: Nominee['status']) => t(`awards.nomineeStatuses.${s}`) },
          { title: t('awards.reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
    </Card>
  );
}
