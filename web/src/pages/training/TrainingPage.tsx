import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Grid, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { CourseDrawer } from './CourseDrawer.tsx';
import { CourseModal } from './CourseModal.tsx';
import { type Course, useCourses } from './training-api.ts';

/** The training courses: everyone finds them; organizations and offices add theirs and record who completed them. */
export function TrainingPage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const courses = useCourses();
  // On a phone the organizer goes under the course's name rather than into a column of its own.
  const narrow = Grid.useBreakpoint().sm === false;
  const [creating, setCreating] = useState(false);
  // The open course lives in the address, so a link to it (or a reload) opens it again.
  const [params, setParams] = useSearchParams();
  const openId = params.get('course');
  const open = courses.data?.find((c) => c.id === openId);
  const show = (id: string | null) => setParams(id ? { course: id } : {}, { replace: true });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('training.title')}
        </Typography.Title>
        {can(me, 'training.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-course">
            {t('training.create')}
          </Button>
        )}
      </Space>
      <Alert type="info" showIcon title={t('training.help')} data-testid="training-help" />
      {courses.error && <Alert type="error" showIcon title={courses.error.message} />}
      <Table<Course>
        rowKey="id"
        size="small"
        loading={courses.isFetching}
        dataSource={courses.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('training.empty') }}
        data-testid="course-table"
        columns={[
          {
            title: t('training.name'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Typography.Link onClick={() => show(c.id)} data-testid="course-link">
                  {c.name}
                </Typography.Link>
                {narrow && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.organizerName}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('training.organizer'), dataIndex: 'organizerName', responsive: ['sm'] },
          { title: t('training.hours'), dataIndex: 'durationHours', width: 80, align: 'right' },
          { title: t('training.completions'), dataIndex: 'completions', width: 100, align: 'right', responsive: ['sm'] },
        ]}
      />
      {open && <CourseDrawer course={open} onClose={() => show(null)} />}
      {creating && <CourseModal onClose={() => setCreating(false)} onCreated={(course) => show(course.id)} />}
    </Space>
  );
}
