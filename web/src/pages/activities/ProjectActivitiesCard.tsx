import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ProjectStatus } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import type { ProjectDetail } from '../projects/project-api.ts';
import { ActivityEditModal } from './ActivityEditModal.tsx';
import type { ActivityListItem } from './activity-api.ts';
import { ActivityStatusTag, useWhen } from './labels.tsx';

/** Activities can be planned once the project is approved, until it closes. */
const PLANNING: readonly ProjectStatus[] = ['approved', 'recruiting', 'running'];

/** The organization's own admins plan and run its activities. */
export const managesOrganization = (me: Me | null | undefined, organizationId: string) =>
  can(me, 'activity.manage') && !!me?.grants.some((g) => g.role === 'org_admin' && g.organizationId === organizationId);

/** 活动安排: a project's activities, soonest first, with 新建活动 for its organization while it may plan. */
export function ProjectActivitiesCard({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const when = useWhen();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['activities', 'of-project', project.id],
    queryFn: () => api<ActivityListItem[]>(`/api/activities/of-project/${project.id}`),
    retry: false,
  });
  const mayPlan = PLANNING.includes(project.status) && managesOrganization(me, project.organizationId);
  // Drafts and projects under review have no activities to show to anyone who could not plan them.
  if (list.isError && !mayPlan) return null;

  return (
    <Card
      title={t('activities.schedule')}
      extra={
        mayPlan && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-activity">
            {t('activities.create')}
          </Button>
        )
      }
      data-testid="project-activities"
    >
      <Table<ActivityListItem>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty description={mayPlan ? t('activities.emptyPlan') : t('activities.empty')} /> }}
        columns={[
          {
            title: t('activities.when'),
            width: 230,
            render: (_, a) => <Link to={`/activities/${a.id}`}>{when.span(a.startsAt, a.endsAt)}</Link>,
          },
          {
            title: t('activities.title'),
            render: (_, a) => (
              <>
                <Link to={`/activities/${a.id}`}>{a.title}</Link>
                <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, maxWidth: 320 }}>
                  {a.address}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('activities.places'),
            width: 120,
            render: (_, a) => t('activities.placesValue', { accepted: a.accepted, headcount: a.headcount }),
          },
          {
            title: t('activities.status'),
            width: 90,
            render: (_, a) => <ActivityStatusTag status={a.status} endsAt={a.endsAt} />,
          },
        ]}
        data-testid="activity-table"
      />
      {creating && (
        <ActivityEditModal
          project={project}
          onClose={() => setCreating(false)}
          onCreated={(ids) => {
            if (ids.length === 1) navigate(`/activities/${ids[0]}`);
          }}
        />
      )}
    </Card>
  );
}
