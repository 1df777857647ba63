import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can } from '../../auth/session.ts';

/** The requests waiting for someone who handles them: new, overdue, escalated to them, rated low. */
const QUEUES = [
  { key: 'new', filter: { status: 'new' } },
  { key: 'overdue', filter: { overdue: 'true' } },
  { key: 'escalated', filter: { escalated: 'true' } },
  { key: 'lowRated', filter: { lowRated: 'true' } },
] as const;

function useCount(filter: Record<string, string>, enabled: boolean) {
  return useQuery({
    queryKey: ['requests', 'count', filter],
    queryFn: () => api<{ total: number }>(`/api/requests${query({ ...filter, pageSize: 1 })}`),
    enabled,
  });
}

function QueueStatistic({ queue }: { queue: (typeof QUEUES)[number] }) {
  const { t } = useTranslation();
  const count = useCount(queue.filter, true);
  const value = count.data?.total ?? 0;
  return (
    <Link to={`/requests${query(queue.filter)}`} data-testid={`demand-${queue.key}`}>
      <Statistic
        title={t(`demandHome.${queue.key}`)}
        value={value}
        loading={count.isPending}
        styles={value > 0 && queue.key !== 'new' ? { content: { color: '#cf1322' } } : undefined}
      />
    </Link>
  );
}

/** What the demand side asks of this person now: an office, station or operator sees the queues; a resident their own requests. */
export function DemandTodoCards({ me }: { me: Me }) {
  const { t } = useTranslation();
  const handles = can(me, 'request.progress') || can(me, 'request.triage');
  const resident = me.grants.some((g) => g.role === 'resident');
  const mine = useCount({ mine: 'true' }, resident);
  if (!handles && !resident) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {handles && (
        <Col xs={24}>
          <Card title={t('demandHome.title')} data-testid="demand-todo">
            <Row gutter={[16, 16]}>
              {QUEUES.map((queue) => (
                <Col xs={12} md={6} key={queue.key}>
                  <QueueStatistic queue={queue} />
                </Col>
              ))}
            </Row>
            <Space wrap style={{ marginTop: 12 }}>
              <Link to="/requests">
                <Button type="primary">{t('demandHome.goRequests')}</Button>
              </Link>
              {can(me, 'request.create') && (
                <Link to="/requests/new">
                  <Button>{t('demandHome.newRequest')}</Button>
                </Link>
              )}
              {can(me, 'hotline.answer') && (
                <Link to="/hotline">
                  <Button>{t('demandHome.goHotline')}</Button>
                </Link>
              )}
            </Space>
          </Card>
        </Col>
      )}
      {resident && (
        <Col xs={24}>
          <Card title={t('demandHome.residentTitle')} data-testid="resident-todo">
            <Space wrap align="center">
              <Statistic title={t('demandHome.myRequests')} value={mine.data?.total ?? 0} loading={mine.isPending} />
              <Link to="/my/requests">
                <Button type="primary" size="large">
                  {t('demandHome.askForHelp')}
                </Button>
              </Link>
            </Space>
          </Card>
        </Col>
      )}
    </Row>
  );
}
