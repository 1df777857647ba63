import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Drawer, Form, Grid, Input, Row, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Me, Schemas } from '../../api/types.ts';
import { isSelfOnly, useMe } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type Completion, type Course, chinaToday, organizes, useCompletions } from './training-api.ts';

interface Values {
  volunteerNo: string;
  completedOn: Dayjs;
  certificateNo?: string;
}

const FIELDS = [['volunteerNo'], ['completedOn'], ['certificateNo']];

/** 登记结业: the organizer names the volunteer by their public number, never by ID or phone. */
function RecordCompletion({ course }: { course: Course }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const today = chinaToday();
  const record = useMutation({
    mutationFn: (v: Values) =>
      api<Schemas['CourseCompletionRecorded']>(`/api/training/courses/${course.id}/completions`, {
        method: 'POST',
        json: {
          volunteerNo: v.volunteerNo.trim().toUpperCase(),
          completedOn: v.completedOn.format('YYYY-MM-DD'),
          certificateNo: v.certificateNo?.trim() || null,
        },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: (result) => {
      void message[result.recorded ? 'success' : 'info'](t(result.recorded ? 'training.recorded' : 'training.already', result));
      form.resetFields(['volunteerNo', 'certificateNo']);
      void client.invalidateQueries({ queryKey: ['training'] });
    },
  });

  return (
    <Card size="small" title={t('training.record')} data-testid="record-completion">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('training.recordHelp')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ completedOn: dayjs(today) }}
        onFinish={(v) => record.mutate(v)}
        onValuesChange={(changed) => form.setFields((Object.keys(changed) as (keyof Values)[]).map((name) => ({ name, errors: [] })))}
      >
        <Form.Item name="volunteerNo" label={t('training.volunteerNo')} rules={[{ required: true, whitespace: true, max: 20 }]}>
          <Input maxLength={20} placeholder={t('training.volunteerNoPlaceholder')} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="completedOn" label={t('training.completedOn')} rules={[{ required: true }]}>
              {/* A completion is a fact: it cannot lie ahead of today (China time). */}
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="certificateNo" label={t('training.certificateNo')} rules={[{ max: 60 }]}>
              <Input maxLength={60} placeholder={t('training.optional')} />
            </Form.Item>
          </Col>
        </Row>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={record.isPending} data-testid="record-save">
          {t('training.record')}
        </Button>
      </Form>
    </Card>
  );
}

function Completions({ course }: { course: Course }) {
  const { t } = useTranslation();
  const completions = useCompletions(course.id);
  return (
    <Table<Completion>
      rowKey="volunteerId"
      size="small"
      loading={completions.isFetching}
      dataSource={completions.data}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('training.noCompletions') }}
      data-testid="completion-table"
      columns={[
        {
          title: t('training.volunteer'),
          render: (_, c) => (
            <Space orientation="vertical" size={0}>
              {c.name}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <code>{c.volunteerNo}</code>
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('training.completedOn'), dataIndex: 'completedOn', width: 110 },
        { title: t('training.certificateNo'), dataIndex: 'certificateNo', render: (n: string | null) => n ?? '—' },
      ]}
    />
  );
}

/** A course: what it teaches, and for its organizer who completed it and the form to record more. */
export function CourseDrawer({ course, onClose }: { course: Course; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const narrow = Grid.useBreakpoint().sm === false;
  const mine = organizes(me, course);
  return (
    <Drawer open onClose={onClose} title={course.name} size={narrow ? '100%' : 640} data-testid="course-drawer">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions column={1} size="small" data-testid="course-facts">
          <Descriptions.Item label={t('training.organizer')}>{course.organizerName}</Descriptions.Item>
          <Descriptions.Item label={t('training.hours')}>{t('training.hoursValue', { hours: course.durationHours })}</Descriptions.Item>
          <Descriptions.Item label={t('training.content')}>
            {course.content ? (
              <span style={{ whiteSpace: 'pre-wrap' }}>{course.content}</span>
            ) : (
              <Typography.Text type="secondary">{t('training.noContent')}</Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
        {mine ? (
          <>
            <RecordCompletion course={course} />
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('training.completionList')}
            </Typography.Title>
            <Completions course={course} />
          </>
        ) : (
          <Typography.Text type="secondary" data-testid="course-note">
            {t(isSelfOnly(me) ? 'training.howToComplete' : 'training.notOrganizer')}
          </Typography.Text>
        )}
      </Space>
    </Drawer>
  );
}
