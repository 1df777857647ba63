import { EyeOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Modal, Popconfirm, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Schemas, VolunteerDetail } from '../../api/types.ts';
import { can, isSelfOnly, useMe } from '../../auth/session.ts';
import { SanctionsCard } from '../honours/SanctionsCard.tsx';
import { VolunteerPointsCard } from '../points/VolunteerPointsCard.tsx';
import { StatementsCard } from '../records/StatementsCard.tsx';
import { VolunteerTimeBankCard } from '../time-bank/VolunteerTimeBankCard.tsx';
import { VolunteerFacts } from './VolunteerFacts.tsx';

export function VolunteerDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const client = useQueryClient();
  const me = useMe();
  const detail = useQuery({ queryKey: ['volunteer', id], queryFn: () => api<VolunteerDetail>(`/api/volunteers/${id}`), retry: false });
  const reveal = useMutation({ mutationFn: () => api<Schemas['VolunteerPii']>(`/api/volunteers/${id}/reveal`, { method: 'POST' }) });
  const deregister = useMutation({
    mutationFn: () => api(`/api/volunteers/${id}/deregister`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['volunteer', id] }),
  });
  const v = detail.data;
  if (detail.isPending) return <Spin />;
  if (!v) return <Alert type="error" showIcon title={detail.error?.message} data-testid="volunteer-error" />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('volunteers.detail')}
      </Typography.Title>
      {v.restricted && <Alert type="info" showIcon title={t('vol.restricted')} data-testid="restricted" />}
      <Card
        extra={
          <Space>
            {v.mayRevealPii && (
              <Button icon={<EyeOutlined />} onClick={() => reveal.mutate()} loading={reveal.isPending} data-testid="reveal">
                {t('volunteers.reveal')}
              </Button>
            )}
            {v.mayDeregister && (
              <Popconfirm
                title={t('volunteers.deregisterConfirm')}
                onConfirm={() => deregister.mutate()}
                okText={t('common.yes')}
                cancelText={t('common.no')}
              >
                <Button danger>{t('volunteers.deregister')}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <VolunteerFacts v={v} />
      </Card>
      {can(me.data, 'points.read') && <VolunteerPointsCard volunteerId={v.id} />}
      {can(me.data, 'timeBank.readVolunteer') && <VolunteerTimeBankCard volunteerId={v.id} />}
      {can(me.data, 'sanction.read') && <SanctionsCard volunteerId={v.id} />}
      {me.data && can(me.data, 'statement.issue') && !isSelfOnly(me.data) && <StatementsCard volunteerId={v.id} />}
      <Modal open={!!reveal.data} title={t('volunteers.revealTitle')} footer={null} onCancel={() => reveal.reset()} destroyOnHidden>
        {reveal.data && (
          <Descriptions column={1} size="small" data-testid="revealed">
            <Descriptions.Item label={t('vol.docNumber')}>{reveal.data.docNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('vol.phone')}>{reveal.data.phone ?? '—'}</Descriptions.Item>
            {reveal.data.guardianPhone && <Descriptions.Item label={t('vol.guardianPhone')}>{reveal.data.guardianPhone}</Descriptions.Item>}
          </Descriptions>
        )}
      </Modal>
    </Space>
  );
}
