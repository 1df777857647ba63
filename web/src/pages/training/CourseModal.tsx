import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type Course, isOffice, useManagedOrganizations } from './training-api.ts';

interface Values {
  name: string;
  content?: string;
  durationHours: number;
  organizationId?: string;
  organizerName?: string;
}

const FIELDS = [['name'], ['content'], ['durationHours'], ['organizationId'], ['organizerName']];

/**
 * Adds a course: an organization admin for the organization they run; an office under a name of
 * its own choosing (its display name to start with). Someone who is both picks an organization
 * or leaves it empty to run the course as the office.
 */
export function CourseModal({ onClose, onCreated }: { onClose: () => void; onCreated: (course: Course) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMe().data as Me;
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const organizations = useManagedOrganizations(me);
  const office = isOffice(me);
  const organizationId = Form.useWatch('organizationId', form);

  // The only organization an admin runs is the one the course is for.
  const onlyOrganization = !office && organizations.ids.length === 1 ? organizations.ids[0] : undefined;

  const save = useMutation({
    mutationFn: (values: Values) =>
      api<Course>('/api/training/courses', {
        method: 'POST',
        json: {
          name: values.name.trim(),
          content: values.content?.trim() || undefined,
          durationHours: values.durationHours,
          ...(values.organizationId ? { organizationId: values.organizationId } : { organizerName: values.organizerName?.trim() }),
        },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: (course) => {
      void client.invalidateQueries({ queryKey: ['training', 'courses'] });
      void message.success(t('training.created'));
      onCreated(course);
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('training.create')}
      okText={t('training.save')}
      cancelText={t('training.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'course-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ organizationId: onlyOrganization, organizerName: office ? me.displayName : undefined }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed) => form.setFields((Object.keys(changed) as (keyof Values)[]).map((name) => ({ name, errors: [] })))}
        data-testid="course-form"
      >
        <Form.Item name="name" label={t('training.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        {organizations.ids.length > 0 && (
          <Form.Item name="organizationId" label={t('training.organization')} rules={[{ required: !office }]}>
            <Select
              allowClear={office}
              loading={organizations.loading}
              options={organizations.ids.map((id) => ({ value: id, label: organizations.name(id) || id }))}
              data-testid="course-organization"
            />
          </Form.Item>
        )}
        {office && !organizationId && (
          <Form.Item
            name="organizerName"
            label={t('training.organizerName')}
            extra={t('training.organizerNameHelp')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
        <Form.Item name="durationHours" label={t('training.hours')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={500} step={0.5} precision={1} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="content" label={t('training.content')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('training.contentPlaceholder')} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
