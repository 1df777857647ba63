import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ReviewDecision } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { OrganizationDetail, OrganizationMember, Schemas } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';

/** Which decisions an office can take from each status (the server checks again). */
const DECISIONS: Record<string, ReviewDecision[]> = {
  pending: ['approve', 'reject'],
  active: ['suspend', 'revoke'],
  suspended: ['reinstate', 'revoke'],
};
const NEEDS_REASON: ReviewDecision[] = ['reject', 'suspend', 'revoke'];

function Members({ org }: { org: OrganizationDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [volunteerNo, setVolunteerNo] = useState('');
  const members = useQuery({
    queryKey: ['org-members', org.id],
    queryFn: () => api<OrganizationMember[]>(`/api/organizations/${org.id}/members`),
  });
  const act = useMutation({
    mutationFn: (body: Record<string, string>) => api(`/api/organizations/${org.id}/members`, { method: 'POST', json: body }),
    onSuccess: () => {
      setVolunteerNo('');
      void client.invalidateQueries({ queryKey: ['org-members', org.id] });
      void client.invalidateQueries({ queryKey: ['organization', org.id] });
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Card
      title={t('orgs.members')}
      extra={
        <Space.Compact>
          <Input
            placeholder={t('orgs.invitePlaceholder')}
            value={volunteerNo}
            onChange={(e) => setVolunteerNo(e.target.value)}
            data-testid="invite-no"
          />
          <Button
            onClick={() => act.mutate({ action: 'invite', volunteerNo: volunteerNo.trim() })}
            disabled={!volunteerNo.trim()}
            data-testid="invite"
          >
            {t('orgs.invite')}
          </Button>
        </Space.Compact>
      }
    >
      <Table<OrganizationMember>
        rowKey="volunteerId"
        size="small"
        loading={members.isFetching}
        dataSource={members.data}
        scroll={{ x: 700 }}
        data-testid="member-table"
        columns={[
          { title: t('vol.volunteerNo'), dataIndex: 'volunteerNo', width: 160, render: (n: string) => <code>{n}</code> },
          { title: t('vol.name'), dataIndex: 'name', width: 120 },
          { title: t('vol.age'), dataIndex: 'age', width: 70, render: (a: number | null) => a ?? '—' },
          { title: t('orgs.role'), dataIndex: 'role', width: 90, render: (r: string) => t(`orgs.roles.${r}`) },
          { title: t('orgs.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag>{t(`orgs.memberStatuses.${s}`)}</Tag> },
          {
            title: '',
            render: (_, m) => (
              <Space>
                {m.status === 'applied' && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => act.mutate({ action: 'approve', volunteerId: m.volunteerId })}
                      data-testid="approve-member"
                    >
                      {t('orgs.approve')}
                    </Button>
                    <Button size="small" onClick={() => act.mutate({ action: 'reject', volunteerId: m.volunteerId })}>
                      {t('orgs.reject')}
                    </Button>
                  </>
                )}
                {(m.status === 'active' || m.status === 'invited') && (
                  <Button size="small" danger onClick={() => act.mutate({ action: 'remove', volunteerId: m.volunteerId })}>
                    {t('orgs.remove')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function OrganizationDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const me = useMe().data;
  const client = useQueryClient();
  const [pending, setPending] = useState<ReviewDecision>();
  const [reason, setReason] = useState('');
  const detail = useQuery({
    queryKey: ['organization', id],
    queryFn: () => api<OrganizationDetail>(`/api/organizations/${id}`),
    retry: false,
  });
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['organization', id] }),
      client.invalidateQueries({ queryKey: ['org-members', id] }),
    ]);
  const decide = useMutation({
    mutationFn: (body: { decision: ReviewDecision; reason?: string }) =>
      api(`/api/organizations/${id}/review`, { method: 'POST', json: body }),
    onSuccess: () => {
      setPending(undefined);
      setReason('');
      void refresh();
    },
    onError: (error) => void message.error(error.message),
  });
  const membership = useMutation({
    mutationFn: (event: 'join' | 'leave') => api<Schemas['MembershipResult']>(`/api/organizations/${id}/${event}`, { method: 'POST' }),
    onSuccess: (r) => {
      void message.success(t(r.status === 'applied' ? 'orgs.applyingJoin' : `orgs.memberStatuses.${r.status}`));
      void refresh();
    },
    onError: (error) => void message.error(error.message),
  });
  const o = detail.data;
  if (detail.isPending) return <Spin />;
  if (!o) return <Alert type="error" showIcon title={detail.error?.message} />;
  const decisions = o.mayReview ? (DECISIONS[o.status] ?? []) : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="org-name">
        {o.name}
      </Typography.Title>
      <Card
        extra={
          <Space wrap>
            {decisions.map((d) => (
              <Button
                key={d}
                type={d === 'approve' || d === 'reinstate' ? 'primary' : 'default'}
                danger={d === 'revoke'}
                onClick={() => (NEEDS_REASON.includes(d) ? setPending(d) : decide.mutate({ decision: d }))}
                data-testid={`review-${d}`}
              >
                {t(`orgs.review.${d}`)}
              </Button>
            ))}
            {can(me, 'membership.self') && o.status === 'active' && (
              <>
                <Button type="primary" onClick={() => membership.mutate('join')} data-testid="join-org">
                  {t('orgs.join')}
                </Button>
                <Button onClick={() => membership.mutate('leave')}>{t('orgs.leave')}</Button>
              </>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="org-facts">
          <Descriptions.Item label={t('orgs.status')}>
            <span data-testid="org-status">{t(`orgs.statuses.${o.status}`)}</span>
            {o.statusReason && <Typography.Text type="secondary">（{o.statusReason}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.kind')}>{t(`orgs.kinds.${o.kind}`)}</Descriptions.Item>
          {o.uscc && <Descriptions.Item label={t('orgs.uscc')}>{o.uscc}</Descriptions.Item>}
          {o.unitType && <Descriptions.Item label={t('orgs.unitType')}>{t(`orgs.unitTypes.${o.unitType}`)}</Descriptions.Item>}
          {o.parentName && <Descriptions.Item label={t('orgs.parent')}>{o.parentName}</Descriptions.Item>}
          <Descriptions.Item label={t('orgs.area')}>
            <AreaName code={o.areaCode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.joinMode')}>{t(`orgs.joinModes.${o.joinMode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.partyBranch')}>{t(o.hasPartyBranch ? 'orgs.yes' : 'orgs.no')}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.leagueBranch')}>{t(o.hasLeagueBranch ? 'orgs.yes' : 'orgs.no')}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.contactName')}>
            {o.contactName} {o.contactPhoneMasked}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.memberCount')}>{o.memberCount}</Descriptions.Item>
          {o.address && <Descriptions.Item label={t('orgs.address')}>{o.address}</Descriptions.Item>}
          {o.description && (
            <Descriptions.Item label={t('orgs.description')} span={3}>
              {o.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {o.events.length > 0 && (
        <Card title={t('orgs.history')}>
          <Timeline
            data-testid="org-history"
            items={o.events.map((e) => ({
              content: (
                <span>
                  {dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {t(`orgs.statuses.${e.toStatus}`)} · {e.actorLabel}
                  {e.reason ? ` · ${e.reason}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      {o.mayManageMembers && <Members org={o} />}
      <Modal
        open={!!pending}
        title={pending && `${t(`orgs.review.${pending}`)} · ${t('orgs.reasonTitle')}`}
        onCancel={() => setPending(undefined)}
        onOk={() => pending && decide.mutate({ decision: pending, reason })}
        okButtonProps={{ disabled: !reason.trim(), id: 'reason-ok' }}
        confirmLoading={decide.isPending}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('orgs.reason')}
          data-testid="reason"
        />
      </Modal>
    </Space>
  );
}
