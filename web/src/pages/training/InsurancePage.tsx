import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Me, VolunteerDetail } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { PolicyModal } from './PolicyModal.tsx';
import { PolicyTable } from './PolicyTable.tsx';
import { type PolicyKind, useManagedOrganizations, usePolicies } from './training-api.ts';

/** A volunteer's own policies and their organizations' group policies. */
function MyPolicies({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  const policies = usePolicies();
  const me = useQuery({ queryKey: ['volunteer', 'me'], queryFn: () => api<VolunteerDetail>('/api/volunteers/me'), retry: false });
  const registered = !(me.error instanceof ApiError && me.error.status === 404);
  const organizationName = (id: string | null) => me.data?.organizations.find((o) => o.organizationId === id)?.organizationName ?? '';
  return (
    <Card
      title={t('insurance.mine')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={onAdd} disabled={!registered} data-testid="add-personal-policy">
          {t('insurance.addPersonal')}
        </Button>
      }
      data-testid="my-policies"
    >
      <Typography.Paragraph type="secondary">{registered ? t('insurance.mineHelp') : t('insurance.notVolunteer')}</Typography.Paragraph>
      <PolicyTable
        policies={policies.data}
        loading={policies.isFetching}
        holderName={(p) => (p.kind === 'personal' ? t('insurance.self') : organizationName(p.organizationId))}
      />
    </Card>
  );
}

function OrganizationPolicies({ id, name, onAdd }: { id: string; name: string; onAdd: () => void }) {
  const { t } = useTranslation();
  const policies = usePolicies(id);
  return (
    <Card
      title={t('insurance.organization', { name })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="add-group-policy">
          {t('insurance.addGroup')}
        </Button>
      }
      data-testid="organization-policies"
    >
      <PolicyTable policies={policies.data} loading={policies.isFetching} />
    </Card>
  );
}

/** Accident insurance (条例 Art 17): a volunteer files their own policy; an organization its group policy. */
export function InsurancePage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const organizations = useManagedOrganizations(me);
  const volunteer = me.grants.some((g) => g.role === 'volunteer');
  const [filing, setFiling] = useState<{ kind: PolicyKind; organizationId?: string } | null>(null);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('insurance.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('insurance.help')} data-testid="insurance-help" />
      {volunteer && <MyPolicies onAdd={() => setFiling({ kind: 'personal' })} />}
      {organizations.ids.map((id) => (
        <OrganizationPolicies
          key={id}
          id={id}
          name={organizations.name(id)}
          onAdd={() => setFiling({ kind: 'group', organizationId: id })}
        />
      ))}
      {filing && <PolicyModal {...filing} onClose={() => setFiling(null)} />}
    </Space>
  );
}
