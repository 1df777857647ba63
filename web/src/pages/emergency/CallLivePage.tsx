import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Input, Modal, Popconfirm, Result, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useSkills } from '../../components/catalog.ts';
import { useWhen } from '../activities/labels.tsx';
import { type EmergencyCall, type EmergencyResponse, STATUS_COLOR } from './emergency-api.ts';

const ANSWER_COLOR: Record<EmergencyResponse['response'], string> = {
  notified: 'default',
  accepted: 'green',
  standby: 'blue',
  declined: 'orange',
  released: 'default',
};

/**
 * The live page of a call: counts and the answers as they arrive. Polled every 2 s while it runs;
 * the server answers with an ETag and the browser revalidates, so a poll with nothing new is a 304.
 */
export function CallLivePage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation();
  const { message } = App.useApp();
  const when = useWhen();
  const skills = useSkills();
  const client = useQueryClient();
  const call = useQuery({
    queryKey: ['emergency-call', id],
    queryFn: () => api<EmergencyCall>(`/api/emergency-calls/${id}`),
    // Live while it runs; a closed call no longer changes.
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'open' && q.state.data.status !== 'full' ? false : 2000),
  });
  const close = useMutation({
    mutationFn: () => api<EmergencyCall>(`/api/emergency-calls/${id}/close`, { method: 'POST' }),
    onSuccess: (closed) => {
      client.setQueryData(['emergency-call', id], closed);
      void client.invalidateQueries({ queryKey: ['emergency-calls'] });
      void message.success(t('emergency.closed'));
    },
    onError: (error) => void message.error(error.message),
  });
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => api<EmergencyCall>(`/api/emergency-calls/${id}/cancel`, { method: 'POST', json: { reason } }),
    onSuccess: (cancelled) => {
      client.setQueryData(['emergency-call', id], cancelled);
      void client.invalidateQueries({ queryKey: ['emergency-calls'] });
      setCancelling(false);
      void message.success(t('emergency.cancelled'));
    },
    onError: (error) => void message.error(error.message),
  });
  if (call.isPending) return <Spin />;
  if (call.isError) return <Result status="404" title={call.error.message} />;
  const c = call.data;
  const live = c.status === 'open' || c.status === 'full';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/emergency">
        <ArrowLeftOutlined /> {t('emergency.back')}
      </Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <Tag color={STATUS_COLOR[c.status]} data-testid="call-status">
            {t(`emergency.statuses.${c.status}`)}
          </Tag>
          {live && <Typography.Text type="secondary">{t('emergency.live')}</Typography.Text>}
        </Space>
        {c.mayClose && (
          <Space>
            <Button onClick={() => setCancelling(true)} data-testid="cancel-call">
              {t('emergency.cancelCall')}
            </Button>
            <Popconfirm title={t('emergency.closeConfirm')} onConfirm={() => close.mutate()}>
              <Button danger loading={close.isPending} data-testid="close-call">
                {t('emergency.close')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Modal
        open={cancelling}
        title={t('emergency.cancelCall')}
        okText={t('emergency.cancelCall')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t('emergency.cancel')}
        confirmLoading={cancel.isPending}
        onOk={() => cancel.mutate()}
        onCancel={() => setCancelling(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('emergency.cancelExplain')}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t('emergency.cancelReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      {c.status === 'full' && (
        <Alert
          type="success"
          showIcon
          message={t(c.standbyCount > 0 ? 'emergency.fullBanner' : 'emergency.fullNoStandby')}
          data-testid="full-banner"
        />
      )}
      {!live && (
        <Alert type="info" showIcon message={t(c.status === 'cancelled' ? 'emergency.cancelledBanner' : 'emergency.closedBanner')} />
      )}
      <Card>
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {c.areaName} · {when.span(c.startsAt, c.endsAt)}
          {c.radiusMeters != null && ` · ${t('emergency.radius')} ${c.radiusMeters}`}
          {c.skills.length > 0 && ` · ${c.skills.map(skills.label).join('、')}`}
          {c.organizationName && ` · ${t('emergency.runBy', { name: c.organizationName })}`}
        </Typography.Paragraph>
        {c.message && <Typography.Paragraph type="secondary">{c.message}</Typography.Paragraph>}
        <Row gutter={[16, 16]} data-testid="call-counts">
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.accepted')} value={c.counts.accepted} suffix={`/ ${c.headcount}`} data-testid="count-accepted" />
          </Col>
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.standbyCount')} value={c.counts.standby} suffix={`/ ${c.standbyCount}`} />
          </Col>
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.notified')} value={c.counts.notified} />
          </Col>
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.waiting')} value={c.counts.waiting} />
          </Col>
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.declined')} value={c.counts.declined} />
          </Col>
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('emergency.released')} value={c.counts.released} />
          </Col>
        </Row>
      </Card>
      <Card title={t('emergency.responses')}>
        <Table<EmergencyResponse>
          rowKey="volunteerId"
          size="small"
          pagination={false}
          dataSource={c.responses}
          locale={{ emptyText: t('emergency.noResponses') }}
          data-testid="responses-table"
          columns={[
            { title: t('emergency.volunteer'), render: (_, r) => `${r.name} · ${r.volunteerNo}` },
            { title: t('emergency.phone'), dataIndex: 'phoneMasked', responsive: ['sm'], render: (p: string | null) => p ?? '—' },
            {
              title: t('emergency.response'),
              width: 130,
              render: (_, r) => (
                <Tag color={ANSWER_COLOR[r.response]}>{t(`emergency.answers.${r.response}`, { no: r.standbyNo ?? '' })}</Tag>
              ),
            },
            { title: t('emergency.respondedAt'), width: 150, render: (_, r) => (r.respondedAt ? when.at(r.respondedAt) : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
