import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, List, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { RequestSuggestions } from './matching-api.ts';
import { Reasons } from './Reasons.tsx';

/**
 * 推荐人选 for a service request: volunteers, organizations and stations the matcher suggests,
 * best first, each with the reasons. Self-contained: the request page mounts it with the id; with
 * mayAssign, each volunteer has a button that assigns them (the assign step of the request).
 */
export function SuggestionsCard({ requestId, mayAssign = false }: { requestId: string; mayAssign?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const assign = useMutation({
    mutationFn: (v: { volunteerId: string; name: string }) =>
      api(`/api/requests/${requestId}/transitions`, { method: 'POST', json: { action: 'assign', volunteerIds: [v.volunteerId] } }),
    onSuccess: async (_, v) => {
      message.success(t('matching.suggestions.assigned', { name: v.name }));
      await client.invalidateQueries({ queryKey: ['request', requestId] });
      await client.invalidateQueries({ queryKey: ['suggestions', requestId] });
    },
    onError: (error) => message.error(error.message),
  });
  const found = useQuery({
    queryKey: ['suggestions', requestId],
    queryFn: () => api<RequestSuggestions>(`/api/requests/${requestId}/suggestions`),
  });
  const s = found.data;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matching.suggestions.empty')} />;
  return (
    <Card title={t('matching.suggestions.title')} loading={found.isPending} data-testid="suggestions">
      {found.error && <Alert type="error" showIcon title={found.error.message} />}
      {s && (
        <Tabs
          items={[
            {
              key: 'volunteers',
              label: `${t('matching.suggestions.volunteers')} (${s.volunteers.length})`,
              children: (
                <List
                  dataSource={s.volunteers}
                  locale={{ emptyText: empty }}
                  renderItem={(v) => (
                    <List.Item
                      key={v.volunteerId}
                      data-testid="suggested-volunteer"
                      actions={
                        mayAssign
                          ? [
                              <Button
                                key="assign"
                                size="small"
                                type="primary"
                                loading={assign.isPending && assign.variables?.volunteerId === v.volunteerId}
                                onClick={() => assign.mutate({ volunteerId: v.volunteerId, name: v.name })}
                                data-testid="assign-suggested"
                              >
                                {t('matching.suggestions.assign')}
                              </Button>,
                            ]
                          : undefined
                      }
                    >
                      <Space orientation="vertical" size={4}>
                        <Space wrap>
                          <Typography.Text strong>{v.name}</Typography.Text>
                          <Typography.Text type="secondary">{v.volunteerNo}</Typography.Text>
                          <Typography.Text type="secondary">{t('matching.suggestions.score', { score: v.score })}</Typography.Text>
                        </Space>
                        <Reasons reasons={v.reasons} />
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'organizations',
              label: `${t('matching.suggestions.organizations')} (${s.organizations.length})`,
              children: (
                <List
                  dataSource={s.organizations}
                  locale={{ emptyText: empty }}
                  renderItem={(o) => (
                    <List.Item key={o.organizationId}>
                      <Space orientation="vertical" size={4}>
                        <Typography.Text strong>{o.name}</Typography.Text>
                        <Reasons reasons={o.reasons} />
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'stations',
              label: `${t('matching.suggestions.stations')} (${s.stations.length})`,
              children: (
                <List
                  dataSource={s.stations}
                  locale={{ emptyText: empty }}
                  renderItem={(st) => (
                    <List.Item key={st.stationId}>
                      <Space orientation="vertical" size={4}>
                        <Typography.Text strong>{st.name}</Typography.Text>
                        <Typography.Text type="secondary">{st.address}</Typography.Text>
                        <Reasons reasons={st.reasons} />
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
