import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { InvitationActions } from '../matching/InvitationActions.tsx';
import type { Notice, NoticeInbox } from './activity-api.ts';
import { useWhen } from './labels.tsx';

/** Unread first, each group newest first. */
const byUnreadThenNewest = (a: Notice, b: Notice) =>
  Number(!!a.readAt) - Number(!!b.readAt) || Date.parse(b.createdAt) - Date.parse(a.createdAt);

/** 消息: what happened to my applications and activities, in my language; unread first. */
export function NoticesCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const when = useWhen();
  const notices = useQuery({
    queryKey: ['notices'],
    queryFn: () => api<NoticeInbox>('/api/notices'),
  });
  const read = useMutation({
    mutationFn: (ids: string[] | 'all') => api('/api/notices/read', { method: 'POST', json: { ids } }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['notices'] }),
  });
  const items = [...(notices.data?.items ?? [])].sort(byUnreadThenNewest);
  const unread = notices.data?.unread ?? 0;
  return (
    <Card
      title={
        <Space>
          {t('enrollments.notices')}
          {unread > 0 && <Badge count={unread} data-testid="notices-unread" title={t('enrollments.unread', { count: unread })} />}
        </Space>
      }
      extra={
        unread > 0 && (
          <Button size="small" loading={read.isPending} onClick={() => read.mutate('all')} data-testid="mark-all-read">
            {t('enrollments.markAllRead')}
          </Button>
        )
      }
      loading={notices.isPending}
      data-testid="notices"
    >
      <List
        dataSource={items}
        locale={{ emptyText: t('enrollments.noticesEmpty') }}
        renderItem={(n) => {
          const activityId = typeof n.params.activityId === 'string' ? n.params.activityId : undefined;
          // An emergency call's notices open its respond page.
          const callId = typeof n.params.callId === 'string' ? n.params.callId : undefined;
          const target = callId ? `/emergency/${callId}/respond` : activityId ? `/activities/${activityId}` : undefined;
          const text = target ? (
            <Link to={target} onClick={() => !n.readAt && read.mutate([n.id])}>
              {n.text}
            </Link>
          ) : (
            n.text
          );
          return (
            <List.Item key={n.id} data-testid="notice" data-unread={!n.readAt}>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  {!n.readAt && <Tag color="red">{t('enrollments.unreadTag')}</Tag>}
                  <Typography.Text strong={!n.readAt}>{text}</Typography.Text>
                </Space>
                {n.kind === 'invitation.received' && typeof n.params.invitationId === 'string' && (
                  <InvitationActions invitationId={n.params.invitationId} />
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when.at(n.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
