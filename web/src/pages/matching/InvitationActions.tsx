import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Invitation } from './matching-api.ts';

const STATUS_COLOR = { accepted: 'green', declined: 'default', expired: 'default' } as const;

/** Under an invitation notice in the inbox: accept (applies for the position) or decline, or how it was answered. */
export function InvitationActions({ invitationId }: { invitationId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['invitations'], queryFn: () => api<Invitation[]>('/api/invitations') });
  const respond = useMutation({
    mutationFn: (response: 'accept' | 'decline') =>
      api(`/api/invitations/${invitationId}/response`, { method: 'POST', json: { response } }),
    onSettled: () => {
      for (const key of [['invitations'], ['notices'], ['enrollments']]) void client.invalidateQueries({ queryKey: key });
    },
  });
  const invitation = mine.data?.find((i) => i.id === invitationId);
  if (!invitation) return null;
  if (invitation.status !== 'sent') {
    return (
      <Tag color={STATUS_COLOR[invitation.status]} data-testid="invitation-status">
        {t(`matching.invitation.${invitation.status}`)}
      </Tag>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button
          type="primary"
          size="small"
          loading={respond.isPending && respond.variables === 'accept'}
          onClick={() => respond.mutate('accept')}
          data-testid="invitation-accept"
        >
          {t('matching.invitation.accept')}
        </Button>
        <Button size="small" loading={respond.isPending && respond.variables === 'decline'} onClick={() => respond.mutate('decline')}>
          {t('matching.invitation.decline')}
        </Button>
      </Space>
      {respond.error && <Alert type="error" showIcon title={respond.error.message} data-testid="invitation-refused" />}
    </Space>
  );
}
