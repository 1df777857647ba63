import { useQueries } from '@tanstack/react-query';
import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Me, OrganizationDetail } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { useUrlParams } from '../../components/url-params.ts';
import { managedOrganizationIds } from '../training/training-api.ts';

/**
 * The organization a page works on, among those the admin runs, kept in the address (?org=) so
 * a reload or a shared link opens the same one. With one organization there is nothing to choose.
 */
export function useOrganizationChoice() {
  const me = useMe().data as Me;
  const ids = managedOrganizationIds(me);
  const [params, change] = useUrlParams();
  const asked = params.get('org');
  const organizationId = asked && ids.includes(asked) ? asked : ids[0];
  // Each by its own id: the admin may always read theirs, however many organizations the city has.
  const details = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['organizations', id],
      queryFn: () => api<OrganizationDetail>(`/api/organizations/${id}`),
      staleTime: 60_000,
    })),
  });
  const name = (id: string) => details[ids.indexOf(id)]?.data?.name ?? '';
  const choose = (id: string) =>
    change((p) => {
      p.set('org', id);
      return p;
    });
  return { ids, organizationId, name, choose };
}

export function OrganizationChoice({ choice }: { choice: ReturnType<typeof useOrganizationChoice> }) {
  const { t } = useTranslation();
  const { ids, organizationId, name, choose } = choice;
  if (!organizationId) return null;
  return (
    <Space>
      <Typography.Text type="secondary">{t('review.organization')}</Typography.Text>
      {ids.length > 1 ? (
        <Select
          value={organizationId}
          onChange={choose}
          style={{ minWidth: 240 }}
          options={ids.map((id) => ({ value: id, label: name(id) || id.slice(0, 8) }))}
          data-testid="organization-select"
        />
      ) : (
        <Typography.Text strong data-testid="organization-name">
          {name(organizationId)}
        </Typography.Text>
      )}
    </Space>
  );
}
