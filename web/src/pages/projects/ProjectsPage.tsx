import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PROJECT_STATUSES, type ProjectStatus, type RiskLevel } from '../../../../src/contract/index.ts';
import { api, query } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { tablePaging } from '../../components/paging.ts';
import { usePagedFilters } from '../../components/url-params.ts';
import { chinaTime, RiskTag, StatusTag } from './labels.tsx';
import { ProjectEditModal } from './ProjectEditModal.tsx';
import { type ProjectListItem, type ProjectPage, useProjectCategories } from './project-api.ts';

type Source = 'mine' | 'public';

/**
 * The filters live in the address, so going to a project and back keeps them; `source` picks
 * the projects the user runs or reviews, or the ones open to volunteers.
 */
function useFilters(me: Me) {
  const manages = can(me, 'project.read');
  const paged = usePagedFilters(
    (p) => ({
      source: (p.get('tab') === 'public' || !manages ? 'public' : 'mine') as Source,
      status: (p.get('status') || undefined) as ProjectStatus | undefined,
      q: p.get('q') || undefined,
    }),
    (f, search) => {
      if (f.source === 'public' && manages) search.set('tab', 'public');
      if (f.status) search.set('status', f.status);
      if (f.q) search.set('q', f.q);
    },
  );
  return { ...paged, manages };
}

function ProjectTable({ filters, update }: ReturnType<typeof useFilters>) {
  const { t } = useTranslation();
  const categories = useProjectCategories();
  const { source, status, q, page, pageSize } = filters;
  const list = useQuery({
    queryKey: ['projects', source, status, q, page, pageSize],
    queryFn: () =>
      api<ProjectPage>(
        `${source === 'public' ? '/api/projects/public' : '/api/projects'}${query({ status: source === 'mine' ? status : undefined, q, page, pageSize })}`,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="middle">
        {source === 'mine' && (
          <Select<ProjectStatus>
            allowClear
            style={{ width: 160 }}
            placeholder={t('projects.filterStatus')}
            value={status}
            onChange={(next) => update({ status: next })}
            options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
            data-testid="project-filter-status"
          />
        )}
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('projects.search')}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          style={{ width: 240 }}
          data-testid={`project-search-${source}`}
        />
      </Space>
      <Table<ProjectListItem>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={tablePaging(t, filters, list.data?.total, (next) => update(next))}
        locale={{ emptyText: t('projects.empty') }}
        scroll={{ x: 760 }}
        data-testid={`project-table-${source}`}
        columns={[
          {
            title: t('projects.name'),
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.organizationName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('projects.category'), dataIndex: 'categoryCode', width: 100, render: (code: string) => categories.label(code) },
          {
            title: t('projects.area'),
            dataIndex: 'areaCode',
            width: 220,
            responsive: ['lg'],
            render: (code: string) => <AreaName code={code} />,
          },
          { title: t('projects.status'), dataIndex: 'status', width: 90, render: (s: ProjectStatus) => <StatusTag status={s} /> },
          { title: t('projects.riskLevel'), dataIndex: 'riskLevel', width: 80, render: (r: RiskLevel) => <RiskTag level={r} /> },
          {
            title: t('projects.insurance'),
            dataIndex: 'insuranceRequired',
            width: 90,
            responsive: ['sm'],
            render: (b: boolean) => t(b ? 'projects.insuranceYes' : 'projects.insuranceNo'),
          },
          { title: t('projects.updatedAt'), dataIndex: 'updatedAt', width: 150, responsive: ['xl'], render: chinaTime },
        ]}
      />
    </Space>
  );
}

/** Organizers and offices work on their projects; everyone finds the projects recruiting volunteers. */
export function ProjectsPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const navigate = useNavigate();
  const filtering = useFilters(me);
  const [creating, setCreating] = useState(false);
  const { filters, update, manages } = filtering;
  const table = <ProjectTable key={filters.source} {...filtering} />;
  const tabs = [...(manages ? [{ key: 'mine', label: t('projects.mine') }] : []), { key: 'public', label: t('projects.public') }].map(
    (tab) => ({ ...tab, children: tab.key === filters.source ? table : null }),
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('projects.title')}
        </Typography.Title>
        {can(me, 'project.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-project">
            {t('projects.create')}
          </Button>
        )}
      </Space>
      <Card>
        <Tabs
          activeKey={filters.source}
          items={tabs}
          onChange={(key) => update({ source: key as Source, status: undefined, q: undefined })}
          data-testid="project-tabs"
        />
      </Card>
      {creating && <ProjectEditModal onClose={() => setCreating(false)} onSaved={(project) => navigate(`/projects/${project.id}`)} />}
    </Space>
  );
}
