import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { OrganizationDetail } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { useUrlParams } from '../../components/url-params.ts';
import { BonusRecordsCard } from '../points/BonusRecordsCard.tsx';
import { CorrectionsCard } from './CorrectionsCard.tsx';
import { managedOrganizations, useOpenCorrections, usePendingRecords } from './office-api.ts';
import { PendingRecordsCard } from './PendingRecordsCard.tsx';
import { RecordHistoryDrawer } from './RecordHistoryDrawer.tsx';

function OrganizationName({ id }: { id: string }) {
  const org = useQuery({ queryKey: ['organization', id], queryFn: () => api<OrganizationDetail>(`/api/organizations/${id}`) });
  return <>{org.data?.name ?? ''}</>;
}

/**
 * 服务记录管理: the organization's records awaiting confirmation (Art 11) and its volunteers'
 * correction requests (Art 12–13). The tab, the organization and an open record's history live in
 * the address, so a reload or a shared link shows the same thing.
 */
export function OrgRecordsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, change] = useUrlParams();
  const organizations = managedOrganizations(me.data);
  const organizationId = params.get('organization') ?? organizations[0];
  const tab = (['corrections', 'bonus'] as const).find((k) => k === params.get('tab')) ?? 'pending';
  const recordId = params.get('record') ?? undefined;
  const pending = usePendingRecords(organizationId);
  const corrections = useOpenCorrections(organizationId);
  const set = (key: string, value: string | undefined) =>
    change((p) => {
      if (value) p.set(key, value);
      else p.delete(key);
      return p;
    });

  if (!organizationId) return <Alert type="info" showIcon title={t('orgRecords.noOrganization')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orgRecords.title')}
        </Typography.Title>
        {organizations.length > 1 ? (
          <Select
            value={organizationId}
            onChange={(id) => set('organization', id)}
            style={{ minWidth: 240 }}
            options={organizations.map((id) => ({ value: id, label: <OrganizationName id={id} /> }))}
          />
        ) : (
          <Typography.Text type="secondary">
            <OrganizationName id={organizationId} />
          </Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary">{t('orgRecords.recordHint')}</Typography.Text>
      <Tabs
        activeKey={tab}
        onChange={(key) => set('tab', key === 'pending' ? undefined : key)}
        items={[
          {
            key: 'pending',
            label: (
              <Space size={6}>
                {t('orgRecords.pending')}
                <Badge count={pending.data?.length ?? 0} showZero color="#8c8c8c" />
              </Space>
            ),
            children: <PendingRecordsCard organizationId={organizationId} />,
          },
          {
            key: 'corrections',
            label: (
              <Space size={6} data-testid="corrections-tab">
                {t('orgRecords.corrections')}
                <Badge count={corrections.data?.length ?? 0} showZero color="#8c8c8c" />
              </Space>
            ),
            children: <CorrectionsCard organizationId={organizationId} onHistory={(id) => set('record', id)} />,
          },
          {
            key: 'bonus',
            label: <span data-testid="bonus-tab">{t('pointsBonus.tab')}</span>,
            children: <BonusRecordsCard organizationId={organizationId} />,
          },
        ]}
      />
      {recordId && <RecordHistoryDrawer recordId={recordId} onClose={() => set('record', undefined)} />}
    </Space>
  );
}
