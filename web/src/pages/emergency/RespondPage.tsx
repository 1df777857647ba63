import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Result, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useWhen } from '../activities/labels.tsx';
import type { EmergencyMyCall } from './emergency-api.ts';

/** Where a volunteer answers a call, from the notice (inbox, SMS, e-mail): two big buttons, phone first. */
export function RespondPage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation();
  const { message } = App.useApp();
  const when = useWhen();
  const client = useQueryClient();
  const mine = useQuery({
    queryKey: ['emergency-mine', id],
    queryFn: () => api<EmergencyMyCall>(`/api/emergency-calls/${id}/response`),
  });
  const answer = useMutation({
    mutationFn: (response: 'accept' | 'decline') =>
      api<EmergencyMyCall>(`/api/emergency-calls/${id}/response`, { method: 'POST', json: { response } }),
    onSuccess: (updated) => client.setQueryData(['emergency-mine', id], updated),
    onError: (error) => {
      void message.error(error.message);
      void client.invalidateQueries({ queryKey: ['emergency-mine', id] });
    },
  });
  if (mine.isPending) return <Spin />;
  if (mine.isError) return <Result status="404" title={mine.error.message} />;
  const c = mine.data;
  const ended = c.status === 'closed' || c.status === 'cancelled';
  const outcome = {
    accepted: { type: 'success' as const, text: t('emergency.youAccepted') },
    standby: { type: 'info' as const, text: t('emergency.youStandby', { no: c.standbyNo ?? '' }) },
    declined: { type: 'warning' as const, text: t('emergency.youDeclined') },
    released: { type: 'info' as const, text: t('emergency.youReleased') },
    notified: undefined,
  }[c.response];
  const mayAnswer = !ended && (c.response === 'notified' || c.response === 'declined');
  return (
    <div style={{ maxWidth: 520, margin: '0 auto' }}>
      <Card data-testid="respond-card">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="danger" strong>
            {t('emergency.respondTitle')}
          </Typography.Text>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <Typography.Text>
            {c.areaName} · {when.span(c.startsAt, c.endsAt)}
          </Typography.Text>
          {c.message && <Typography.Paragraph style={{ margin: 0 }}>{c.message}</Typography.Paragraph>}
          <Typography.Text type="secondary">{t('emergency.needed', { headcount: c.headcount, accepted: c.acceptedCount })}</Typography.Text>
          {ended && <Alert type="info" showIcon message={t('emergency.callEnded')} />}
          {outcome && !ended && <Alert type={outcome.type} showIcon message={outcome.text} data-testid="my-answer" />}
          {c.response === 'accepted' && c.status !== 'cancelled' && (
            <Typography.Text type="secondary">{t('emergency.checkInHint')}</Typography.Text>
          )}
          {mayAnswer && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button
                type="primary"
                size="large"
                block
                loading={answer.isPending && answer.variables === 'accept'}
                onClick={() => answer.mutate('accept')}
                data-testid="accept"
              >
                {t('emergency.accept')}
              </Button>
              {c.response === 'notified' && (
                <Button
                  size="large"
                  block
                  loading={answer.isPending && answer.variables === 'decline'}
                  onClick={() => answer.mutate('decline')}
                  data-testid="decline"
                >
                  {t('emergency.decline')}
                </Button>
              )}
            </Space>
          )}
        </Space>
      </Card>
    </div>
  );
}
