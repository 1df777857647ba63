import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

/**
 * The secret address of the volunteer's calendar feed: copied into a phone's calendar, it
 * keeps the accepted shifts there. A new address makes the old one stop working.
 */
export function CalendarLinkCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const link = useQuery({ queryKey: ['calendar-link'], queryFn: () => api<Schemas['CalendarLink']>('/api/calendar/link') });
  const regenerate = useMutation({
    mutationFn: () => api<Schemas['CalendarLink']>('/api/calendar/link', { method: 'POST' }),
    onSuccess: (next) => {
      client.setQueryData(['calendar-link'], next);
      void message.success(t('enrollments.regenerated'));
    },
    onError: (error) => void message.error(error.message),
  });
  const url = link.data ? `${window.location.origin}${link.data.path}` : '';
  return (
    <Card title={t('enrollments.calendar')} loading={link.isPending} data-testid="calendar-link">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('enrollments.calendarHelp')}
        </Typography.Paragraph>
        {link.isError ? (
          <Typography.Text type="danger">{link.error.message}</Typography.Text>
        ) : (
          <Typography.Paragraph
            code
            copyable={{ text: url, tooltips: [t('enrollments.copy'), t('enrollments.copied')] }}
            style={{ margin: 0, wordBreak: 'break-all' }}
            data-testid="calendar-url"
          >
            {url}
          </Typography.Paragraph>
        )}
        <Popconfirm
          title={t('enrollments.regenerateTitle')}
          description={<div style={{ maxWidth: 280 }}>{t('enrollments.regenerateHint')}</div>}
          okText={t('enrollments.regenerate')}
          cancelText={t('activities.cancel')}
          okButtonProps={{ danger: true, id: 'confirm-regenerate' }}
          onConfirm={() => regenerate.mutate()}
        >
          <Button icon={<ReloadOutlined />} loading={regenerate.isPending} data-testid="regenerate-calendar">
            {t('enrollments.regenerate')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
