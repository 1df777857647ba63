import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Rate, Space, Spin, Table, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { SuggestionsCard } from '../matching/SuggestionsCard.tsx';
import { DueBadges, StatusTag, windowText } from './labels.tsx';
import { RatingForm } from './RatingForm.tsx';
import { RequestActions } from './RequestActions.tsx';
import type { ServiceRequestDetail } from './request-api.ts';

/** One request: what it is, where (as far as the viewer may see), who serves it, its timeline, the next steps. */
export function RequestDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams() as { id: string };
  const me = useMe().data as Me;
  // Back to where this viewer lists requests: the office list, the resident's own page, or home.
  const back = me.grants.some((g) => g.role === 'resident') ? '/my/requests' : can(me, 'request.read') ? '/requests' : '/';
  const found = useQuery({ queryKey: ['request', id], queryFn: () => api<ServiceRequestDetail>(`/api/requests/${id}`) });
  if (found.isLoading) return <Spin />;
  if (!found.data) return <Alert type="error" showIcon title={found.error instanceof Error ? found.error.message : t('common.error')} />;
  const r = found.data;
  const eventLabel = (kind: string) => t(`requests.events.${kind}`, { defaultValue: kind });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={back}>{t('requests.back')}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="request-no">
          {r.requestNo}
        </Typography.Title>
        <StatusTag status={r.status} />
        <DueBadges request={r} />
      </Space>
      {r.guardWarnings.map((g) => (
        <Alert
          key={`${g.rule}-${g.period}`}
          type="warning"
          showIcon
          title={t('requests.guardWarning', { count: g.count, limit: g.limit, period: t(`requests.guardPeriod.${g.rule}`) })}
          data-testid="guard-warning"
        />
      ))}
      {r.mergedInto && <Alert type="info" showIcon title={t('requests.merged', { requestNo: r.mergedInto.requestNo })} />}
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="request-details">
          <Descriptions.Item label={t('requests.category')}>{r.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t('requests.window')}>{windowText(r.windowStart, r.windowEnd)}</Descriptions.Item>
          {r.beneficiary && <Descriptions.Item label={t('requests.beneficiary')}>{r.beneficiary.name}</Descriptions.Item>}
          {r.beneficiary?.phone && <Descriptions.Item label={t('requests.phone')}>{r.beneficiary.phone}</Descriptions.Item>}
          {(r.place || r.placeMasked) && (
            <Descriptions.Item label={r.place ? t('requests.place') : t('requests.placeMasked')}>
              <span data-testid="request-place">{r.place ?? r.placeMasked}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('requests.urgency')}>{t(`requests.urgencies.${r.urgency}`)}</Descriptions.Item>
          <Descriptions.Item label={t('requests.headcount')}>{r.headcount}</Descriptions.Item>
          <Descriptions.Item label={t('requests.channel')}>{t(`requests.channels.${r.channel}`)}</Descriptions.Item>
          {r.organizationName && <Descriptions.Item label={t('requests.organization')}>{r.organizationName}</Descriptions.Item>}
          {r.notes && <Descriptions.Item label={t('requests.notes')}>{r.notes}</Descriptions.Item>}
          {r.rating != null && (
            <Descriptions.Item label={t('requests.rating')}>
              <Rate disabled value={r.rating} /> {r.ratingComment}
            </Descriptions.Item>
          )}
        </Descriptions>
        {r.place && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('requests.fullPlaceHint')}
          </Typography.Paragraph>
        )}
      </Card>
      <RequestActions request={r} />
      {r.mayActions.includes('rate') && (
        <Card title={t('requests.confirmAndRate')}>
          <RatingForm requestId={r.id} />
        </Card>
      )}
      {can(me, 'match.suggest') && (r.mayActions.includes('assign') || r.mayActions.includes('triage')) && (
        <SuggestionsCard requestId={r.id} mayAssign={r.mayActions.includes('assign')} />
      )}
      <Card title={t('requests.assignments')}>
        <Table
          rowKey="volunteerId"
          size="small"
          pagination={false}
          dataSource={r.assignments}
          locale={{ emptyText: t('requests.noAssignments') }}
          data-testid="assignments-table"
          columns={[
            { title: t('volunteers.keyword'), dataIndex: 'name' },
            { title: t('requests.volunteerNo'), dataIndex: 'volunteerNo', responsive: ['md'] },
            { title: '', dataIndex: 'via', render: (via: string) => t(`requests.events.${via === 'taken' ? 'taken' : 'assigned'}`) },
          ]}
        />
      </Card>
      {r.events.length > 0 ? (
        <Card title={t('requests.timeline')}>
          <Timeline
            data-testid="request-timeline"
            items={r.events.map((e) => ({
              content: (
                <span>
                  {dayjs(e.at).format('MM-DD HH:mm')} · {eventLabel(e.kind)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                  {typeof e.params.reason === 'string' && e.params.reason ? `（${e.params.reason}）` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      ) : (
        r.status === 'closed' && <Empty />
      )}
    </Space>
  );
}
