import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { OrganizerTodo } from '../records/records-api.ts';

/**
 * The organizer's reminder (MCA 2020 measures, Art 11: records within 10 working days): what waits
 * in each organization they run, with the overdue records first in red.
 */
export function OrganizerTodoCards() {
  const { t } = useTranslation();
  const todo = useQuery({ queryKey: ['records', 'todo'], queryFn: () => api<OrganizerTodo[]>('/api/records/todo') });
  if (!todo.data?.length) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {todo.data.map((o) => (
        <Col xs={24} key={o.organizationId}>
          <Card title={t('todo.title', { name: o.name })} data-testid="organizer-todo">
            {o.overdue > 0 && <Alert type="error" showIcon title={`${t('todo.overdue')}：${o.overdue}`} style={{ marginBottom: 12 }} />}
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={t('todo.pending')} value={o.pending} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('todo.dueSoon')} value={o.dueSoon} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('todo.corrections')} value={o.corrections} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('todo.review')} value={o.review} />
              </Col>
            </Row>
            <Space wrap style={{ marginTop: 12 }}>
              {o.nextDeadline && <Typography.Text type="secondary">{t('todo.nextDeadline', { date: o.nextDeadline })}</Typography.Text>}
              {o.pending + o.corrections > 0 && (
                <Link to="/records">
                  <Button type="primary">{t('todo.goRecords')}</Button>
                </Link>
              )}
              {o.review > 0 && (
                <Link to="/attendance/review">
                  <Button>{t('todo.goReview')}</Button>
                </Link>
              )}
              {o.pending + o.corrections + o.review === 0 && <Typography.Text type="success">{t('todo.allDone')}</Typography.Text>}
            </Space>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
