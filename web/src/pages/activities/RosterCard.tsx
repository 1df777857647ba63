import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { RecordServiceButton } from '../records/RecordServiceButton.tsx';
import type { ActivityDetail, Position, RosterEntry } from './activity-api.ts';
import { EnrollmentTag, useWhen } from './labels.tsx';

type Decision = 'accept' | 'reject' | 'cancel' | 'no_show';
const NEEDS_REASON: readonly Decision[] = ['reject', 'cancel'];

/** The steps the organizer may take on an application now. */
function decisionsFor(e: RosterEntry, started: boolean): Decision[] {
  switch (e.status) {
    case 'applied':
    case 'waitlisted':
      return ['accept', 'reject'];
    case 'accepted':
      return started ? ['cancel', 'no_show'] : ['cancel'];
    default:
      return [];
  }
}

function ReasonModal({ entry, decision, onClose }: { entry: RosterEntry; decision: Decision; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const label = t(`activities.decide.${decision}`);
  const decide = useMutation({
    mutationFn: (reason: string) => api(`/api/enrollments/${entry.id}/decision`, { method: 'POST', json: { event: decision, reason } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['roster'] });
      void client.invalidateQueries({ queryKey: ['activity'] });
      void message.success(t('activities.decided', { action: label }));
      onClose();
    },
    onError: (error) => {
      const unplaced = applyFieldErrors(form, error, [['reason']]);
      if (unplaced.length) void message.error(unplaced.join('；'));
    },
  });
  return (
    <Modal
      open
      title={t('activities.decideTitle', { action: label, name: entry.name })}
      okText={label}
      cancelText={t('activities.cancel')}
      okButtonProps={{ danger: true, id: 'decision-ok' }}
      confirmLoading={decide.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('activities.decideReason')}
          rules={[{ required: true, whitespace: true, message: t('activities.decideReasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="decision-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PositionRoster({
  activityId,
  position,
  entries,
  started,
}: {
  activityId: string;
  position: Position;
  entries: RosterEntry[];
  started: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const when = useWhen();
  const [asking, setAsking] = useState<{ entry: RosterEntry; decision: Decision }>();
  const decide = useMutation({
    mutationFn: ({ entry, decision }: { entry: RosterEntry; decision: Decision }) =>
      api(`/api/enrollments/${entry.id}/decision`, { method: 'POST', json: { event: decision } }),
    onSuccess: (_, { decision }) => {
      void client.invalidateQueries({ queryKey: ['roster'] });
      void client.invalidateQueries({ queryKey: ['activity'] });
      void message.success(t('activities.decided', { action: t(`activities.decide.${decision}`) }));
    },
    onError: (error) => void message.error(error.message),
  });
  const button = (entry: RosterEntry, decision: Decision) => {
    const props = { key: decision, size: 'small' as const, 'data-testid': `decide-${decision}` };
    const label = t(`activities.decide.${decision}`);
    if (NEEDS_REASON.includes(decision))
      return (
        <Button {...props} danger onClick={() => setAsking({ entry, decision })}>
          {label}
        </Button>
      );
    if (decision === 'no_show')
      return (
        <Popconfirm
          key={decision}
          title={t('activities.confirmNoShow', { name: entry.name })}
          okText={label}
          cancelText={t('activities.cancel')}
          onConfirm={() => decide.mutate({ entry, decision })}
        >
          <Button {...props}>{label}</Button>
        </Popconfirm>
      );
    return (
      <Button
        {...props}
        type="primary"
        disabled={decision === 'accept' && position.free <= 0}
        loading={decide.isPending && decide.variables?.entry.id === entry.id}
        onClick={() => decide.mutate({ entry, decision })}
      >
        {label}
      </Button>
    );
  };

  return (
    <div data-testid="roster-position" data-position={position.name}>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {position.name}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
          {t('activities.placesValue', { accepted: position.acceptedCount, headcount: position.headcount })}
        </Typography.Text>
      </Typography.Title>
      <Table<RosterEntry>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={entries}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('activities.rosterEmpty') }}
        columns={[
          {
            title: t('activities.volunteer'),
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  <Typography.Text>{e.name}</Typography.Text>
                  {!!e.noShows && (
                    <Tag color="volcano" data-testid="no-shows">
                      {t('activities.noShows', { count: e.noShows })}
                    </Tag>
                  )}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.volunteerNo}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('activities.age'), dataIndex: 'age', width: 60, render: (age: number | null) => age ?? '—' },
          { title: t('activities.phone'), dataIndex: 'phoneMasked', width: 120, render: (p: string | null) => p ?? '—' },
          {
            title: t('activities.status'),
            width: 170,
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <EnrollmentTag status={e.status} waitlistNo={e.waitlistNo} />
                {e.reason && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('activities.appliedAt'), dataIndex: 'appliedAt', width: 140, responsive: ['md'], render: when.at },
          {
            title: t('activities.actions'),
            width: 240,
            render: (_, e) => (
              <Space wrap>
                {decisionsFor(e, started).map((d) => button(e, d))}
                {started && e.status === 'accepted' && <RecordServiceButton activityId={activityId} enrollmentId={e.id} name={e.name} />}
              </Space>
            ),
          },
        ]}
        data-testid="roster-table"
      />
      {asking && <ReasonModal entry={asking.entry} decision={asking.decision} onClose={() => setAsking(undefined)} />}
    </div>
  );
}

/** 报名名单: everyone on the activity's positions (phones masked), with the organizer's decisions and the XLSX export. */
export function RosterCard({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const roster = useQuery({ queryKey: ['roster', a.id], queryFn: () => api<RosterEntry[]>(`/api/enrollments/roster/${a.id}`) });
  const started = new Date(a.startsAt) <= new Date();
  return (
    <Card
      title={t('activities.roster')}
      extra={
        <Button icon={<DownloadOutlined />} href={`/api/enrollments/roster/${a.id}/xlsx`} data-testid="export-roster">
          {t('activities.export')}
        </Button>
      }
      loading={roster.isPending}
      data-testid="roster"
    >
      {roster.data?.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('activities.rosterEmpty')} />
      ) : (
        a.positions.map((p) => (
          <PositionRoster
            key={p.id}
            activityId={a.id}
            position={p}
            entries={(roster.data ?? []).filter((e) => e.positionId === p.id)}
            started={started}
          />
        ))
      )}
    </Card>
  );
}
