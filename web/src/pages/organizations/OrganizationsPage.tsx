import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client.ts';
import type { OrganizationListItem, OrganizationPage } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { tablePaging } from '../../components/paging.ts';
import { ApplyOrganizationModal } from './ApplyOrganizationModal.tsx';

const STATUS_COLOR: Record<string, string> = { pending: 'gold', active: 'green', rejected: 'default', suspended: 'orange', revoked: 'red' };

function OrganizationTable({ source }: { source: 'manage' | 'directory' | 'applications' }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const path = { manage: '/api/organizations', directory: '/api/organizations/directory', applications: '/api/organizations/applications' }[
    source
  ];
  const list = useQuery({
    queryKey: ['organizations', source, search, page],
    queryFn: () => api<OrganizationPage>(`${path}${query(source === 'applications' ? page : { q: search, ...page })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {source !== 'applications' && (
        <Input.Search
          allowClear
          placeholder={t('orgs.name')}
          style={{ maxWidth: 280 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage({ page: 1, pageSize: page.pageSize });
          }}
          data-testid={`org-search-${source}`}
        />
      )}
      <Table<OrganizationListItem>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        pagination={tablePaging(t, page, list.data?.total, setPage)}
        data-testid={`org-table-${source}`}
        columns={[
          { title: t('orgs.name'), render: (_, o) => <Link to={`/organizations/${o.id}`}>{o.name}</Link> },
          { title: t('orgs.kind'), dataIndex: 'kind', width: 150, render: (k: string) => t(`orgs.kinds.${k}`) },
          { title: t('orgs.area'), dataIndex: 'areaCode', width: 240, render: (c: string) => <AreaName code={c} /> },
          {
            title: t('orgs.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`orgs.statuses.${s}`)}</Tag>,
          },
          { title: t('orgs.joinMode'), dataIndex: 'joinMode', width: 100, render: (m: string) => t(`orgs.joinModes.${m}`) },
          { title: t('orgs.partyBranch'), dataIndex: 'hasPartyBranch', width: 80, render: (b: boolean) => t(b ? 'orgs.yes' : 'orgs.no') },
          { title: t('orgs.memberCount'), dataIndex: 'memberCount', width: 80, align: 'right' },
        ]}
      />
    </Space>
  );
}

/** Offices and organization admins manage; everyone finds active organizations and files new ones. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [applying, setApplying] = useState(false);
  const manages = can(me, 'organization.read');
  const tabs = [
    ...(manages ? [{ key: 'manage', label: t('orgs.manage'), children: <OrganizationTable source="manage" /> }] : []),
    { key: 'directory', label: t('orgs.directory'), children: <OrganizationTable source="directory" /> },
    ...(can(me, 'organization.apply')
      ? [{ key: 'applications', label: t('orgs.mine'), children: <OrganizationTable source="applications" /> }]
      : []),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orgs.title')}
        </Typography.Title>
        {can(me, 'organization.apply') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="apply-org">
            {t('orgs.apply')}
          </Button>
        )}
      </Space>
      <Tabs items={tabs} destroyOnHidden />
      {applying && <ApplyOrganizationModal onClose={() => setApplying(false)} />}
    </Space>
  );
}
