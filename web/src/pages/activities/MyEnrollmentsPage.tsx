import { EnvironmentOutlined, FieldTimeOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, List, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { CheckInLink } from '../checkin/CheckInLink.tsx';
import { LIVE, type MyEnrollment, useMyEnrollments } from './activity-api.ts';
import { CalendarLinkCard } from './CalendarLinkCard.tsx';
import { EnrollmentTag, useWhen } from './labels.tsx';
import { NoticePreferencesCard } from './NoticePreferencesCard.tsx';
import { NoticesCard } from './NoticesCard.tsx';

function EnrollmentItem({ e }: { e: MyEnrollment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const when = useWhen();
  const cancel = useMutation({
    mutationFn: () => api(`/api/enrollments/${e.id}/cancel`, { method: 'POST' }),
    onSuccess: () => void message.success(t('enrollments.cancelled')),
    onError: (error) => void message.error(error.message),
    onSettled: () => {
      for (const key of [['enrollments'], ['notices'], ['activity', e.activityId], ['eligibility', e.activityId]])
        void client.invalidateQueries({ queryKey: key });
    },
  });
  const live = LIVE.includes(e.status) && e.activityStatus === 'scheduled';
  const mayCancel = live && new Date(e.cancelDeadline) > new Date();
  return (
    <List.Item data-testid="my-enrollment-item" data-title={e.title} style={{ display: 'block' }}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Link to={`/activities/${e.activityId}`} style={{ fontSize: 16, fontWeight: 600 }}>
            {e.title}
          </Link>
          <EnrollmentTag status={e.status} waitlistNo={e.waitlistNo} />
        </Space>
        <Typography.Text type="secondary">{e.positionName}</Typography.Text>
        <Typography.Text>
          <FieldTimeOutlined /> {when.span(e.startsAt, e.endsAt)}
        </Typography.Text>
        <Typography.Text>
          <EnvironmentOutlined /> {e.address}
        </Typography.Text>
        {e.activityStatus === 'cancelled' && <Typography.Text type="danger">{t('enrollments.activityCancelled')}</Typography.Text>}
        {e.reason && <Typography.Text type="secondary">{e.reason}</Typography.Text>}
        {live && (
          <Space wrap>
            {mayCancel && (
              <Popconfirm
                title={t('enrollments.confirmCancel')}
                okText={t('enrollments.cancel')}
                cancelText={t('activities.keep')}
                okButtonProps={{ danger: true, id: 'confirm-cancel-enrollment' }}
                onConfirm={() => cancel.mutate()}
              >
                <Button size="small" danger loading={cancel.isPending} data-testid="cancel-enrollment">
                  {t('enrollments.cancel')}
                </Button>
              </Popconfirm>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {mayCancel
                ? t('enrollments.cancelUntil', { at: when.at(e.cancelDeadline) })
                : t('enrollments.cancelPassed', { at: when.at(e.cancelDeadline) })}
            </Typography.Text>
          </Space>
        )}
      </Space>
    </List.Item>
  );
}

/** 我的报名: the volunteer's coming applications, their calendar subscription and their messages; made for a phone. */
export function MyEnrollmentsPage() {
  const { t } = useTranslation();
  const mine = useMyEnrollments();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('enrollments.title')}
      </Typography.Title>
      <CheckInLink />
      <Card title={t('enrollments.upcoming')} loading={mine.isPending} data-testid="my-enrollments">
        {mine.data?.length === 0 ? (
          <Empty description={t('enrollments.empty')}>
            <Link to="/activities">
              <Button type="primary" icon={<SearchOutlined />}>
                {t('enrollments.find')}
              </Button>
            </Link>
          </Empty>
        ) : (
          <List dataSource={mine.data} renderItem={(e) => <EnrollmentItem key={e.id} e={e} />} />
        )}
      </Card>
      <NoticesCard />
      <NoticePreferencesCard />
      <CalendarLinkCard />
    </Space>
  );
}
