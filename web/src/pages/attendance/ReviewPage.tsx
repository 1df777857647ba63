import { Alert, App, Button, Card, Grid, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskName } from '../../../../src/contract/index.ts';
import { useUrlParams } from '../../components/url-params.ts';
import { type ReviewEvent, useDecide, useReviewQueue } from './attendance-api.ts';
import { DismissModal } from './DismissModal.tsx';
import { OrganizationChoice, useOrganizationChoice } from './OrganizationChoice.tsx';

const KIND_COLOR = { in: 'blue', out: 'purple' } as const;

/** Who the event is about: the masked name and volunteer number, or the card that matched nobody. */
function Person({ e }: { e: ReviewEvent }) {
  const { t } = useTranslation();
  if (!e.volunteerId) {
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text type="warning">{t('review.unknownPerson')}</Typography.Text>
        {e.cardRef && <Typography.Text type="secondary">{t('review.card', { card: e.cardRef })}</Typography.Text>}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text data-testid="review-person">{maskName(e.volunteerName ?? '')}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {e.volunteerNo}
      </Typography.Text>
    </Space>
  );
}

function When({ e }: { e: ReviewEvent }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>
      <Tag color={KIND_COLOR[e.kind]}>{t(`review.kind.${e.kind}`)}</Tag>
    </Space>
  );
}

function Anomalies({ e }: { e: ReviewEvent }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2} data-testid="review-anomalies">
      {e.anomalies.map((a) => (
        <Tag key={a} color="orange" style={{ whiteSpace: 'normal' }}>
          {t(`review.anomaly.${a}`, { defaultValue: a })}
        </Tag>
      ))}
    </Space>
  );
}

/** 签到复核: an organization's doubtful check-ins and check-outs, oldest first, each accepted or dismissed. */
export function ReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const choice = useOrganizationChoice();
  const [params, change] = useUrlParams();
  const activityId = params.get('activity') ?? undefined;
  // The activity picker offers the activities that have something waiting: the whole queue's.
  const all = useReviewQueue(choice.organizationId);
  const shown = useReviewQueue(choice.organizationId, activityId);
  const decide = useDecide();
  // On a phone the activity and the doubts go under the person, so the decision buttons stay in view.
  const narrow = Grid.useBreakpoint().md === false;
  const [dismissing, setDismissing] = useState<ReviewEvent | null>(null);
  // A refusal stays on the page until the next decision: the organizer has to read why and act on it.
  const [refusal, setRefusal] = useState<string | null>(null);

  const activities = new Map<string, string>();
  for (const e of all.data ?? []) if (e.activityId) activities.set(e.activityId, e.activityTitle ?? '');

  const pickActivity = (id: string | undefined) =>
    change((p) => {
      if (id) p.set('activity', id);
      else p.delete('activity');
      return p;
    });

  const accept = async (e: ReviewEvent) => {
    setRefusal(null);
    try {
      await decide.mutateAsync({ id: e.id, accept: true });
      message.success(t('review.accepted'));
    } catch (error) {
      const person = e.volunteerId ? maskName(e.volunteerName ?? '') : t('review.card', { card: e.cardRef ?? '' });
      setRefusal(t('review.refused', { person, kind: t(`review.kind.${e.kind}`), reason: (error as Error).message }));
    }
  };

  if (!choice.organizationId) return <Alert type="info" showIcon title={t('review.noOrganization')} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('review.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('review.help')} />
      <Card size="small">
        <Space wrap size="large">
          <OrganizationChoice choice={choice} />
          <Space>
            <Typography.Text type="secondary">{t('review.activity')}</Typography.Text>
            <Select
              allowClear
              value={activityId}
              onChange={pickActivity}
              placeholder={t('review.allActivities')}
              style={{ minWidth: 260 }}
              options={[...activities].map(([value, label]) => ({ value, label }))}
              data-testid="activity-filter"
            />
          </Space>
        </Space>
      </Card>
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} title={refusal} data-testid="review-refusal" />}
      {shown.error && <Alert type="error" showIcon title={shown.error.message} />}
      <Table<ReviewEvent>
        rowKey="id"
        size="small"
        loading={shown.isFetching}
        dataSource={shown.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        scroll={narrow ? undefined : { x: 'max-content' }}
        locale={{ emptyText: t('review.empty') }}
        data-testid="review-table"
        columns={(
          [
            {
              title: t('review.at'),
              width: 150,
              key: 'at',
              render: (_, e) => <When e={e} />,
            },
            {
              title: t('review.person'),
              width: narrow ? undefined : 150,
              render: (_, e) =>
                narrow ? (
                  <Space orientation="vertical" size={4}>
                    <When e={e} />
                    <Person e={e} />
                    {e.activityTitle && <span>{e.activityTitle}</span>}
                    <Anomalies e={e} />
                  </Space>
                ) : (
                  <Person e={e} />
                ),
            },
            {
              title: t('review.activity'),
              key: 'activity',
              render: (_, e) => e.activityTitle ?? <Typography.Text type="secondary">{t('review.noActivity')}</Typography.Text>,
            },
            {
              title: t('review.channel'),
              key: 'channel',
              width: 140,
              render: (_, e) => (
                <Space orientation="vertical" size={0}>
                  <span>{t(`review.channels.${e.channel}`, { defaultValue: e.channel })}</span>
                  {e.deviceName && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('review.device', { name: e.deviceName })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('review.anomalies'), key: 'anomalies', render: (_, e) => <Anomalies e={e} /> },
            {
              title: t('review.actions'),
              key: 'actions',
              width: narrow ? 80 : 170,
              fixed: narrow ? undefined : 'right',
              render: (_, e) => (
                <Space orientation={narrow ? 'vertical' : 'horizontal'}>
                  <Button
                    size="small"
                    type="primary"
                    loading={decide.isPending && decide.variables?.id === e.id && decide.variables.accept}
                    onClick={() => void accept(e)}
                    data-testid="review-accept"
                  >
                    {t('review.accept')}
                  </Button>
                  <Button size="small" danger onClick={() => setDismissing(e)} data-testid="review-dismiss">
                    {t('review.dismiss')}
                  </Button>
                </Space>
              ),
            },
          ] satisfies TableColumnsType<ReviewEvent>
        ).filter((c) => !narrow || !['at', 'activity', 'channel', 'anomalies'].includes(String(c.key)))}
      />
      {dismissing && (
        <DismissModal
          event={dismissing}
          onClose={() => setDismissing(null)}
          onDone={() => {
            setDismissing(null);
            setRefusal(null);
            message.success(t('review.dismissed'));
          }}
        />
      )}
    </Space>
  );
}
