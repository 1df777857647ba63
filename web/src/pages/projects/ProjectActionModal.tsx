import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PROJECT_STEPS, type ProjectAction } from '../../../../src/contract/index.ts';
import { ApiError, api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { ProjectDetail } from './project-api.ts';

/** Which steps carry a text, and so which the modal asks for: a rejection's reason, an evaluation's summary. */
export const needsNote = (action: ProjectAction): action is 'reject' | 'evaluate' => !!PROJECT_STEPS[action].needsText;

/**
 * Confirms one step of the project's life, saying what follows from it. A refusal about the
 * project's own fields (not ready for review) goes back to the page through `onRefused`.
 */
export function ProjectActionModal({
  project,
  action,
  onClose,
  onRefused,
}: {
  project: ProjectDetail;
  action: ProjectAction;
  onClose: () => void;
  onRefused: (error: ApiError) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const label = t(`projects.actions.${action}`);
  const step = useMutation({
    mutationFn: (note: string | undefined) =>
      api<ProjectDetail>(`/api/projects/${project.id}/transitions`, { method: 'POST', json: note ? { action, note } : { action } }),
    onSuccess: (saved) => {
      client.setQueryData(['project', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['projects'] });
      void message.success(t('projects.actionDone', { action: label }));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.some((i) => i.field !== 'note')) {
        onRefused(error);
        onClose();
      } else if (error instanceof ApiError && error.issues.length > 0) applyFieldErrors(form, error, [['note']]);
      else void message.error(error.message);
    },
  });

  return (
    <Modal
      open
      title={`${label} · ${project.title}`}
      okText={label}
      cancelText={t('projects.cancel')}
      okButtonProps={{ danger: action === 'reject', id: 'project-action-ok' }}
      confirmLoading={step.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" data-testid="project-action-hint">
        {t(`projects.actionHints.${action}`)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => step.mutate(v.note?.trim() || undefined)} data-testid="project-action-form">
        {needsNote(action) && (
          <Form.Item
            name="note"
            label={t(`projects.notes.${action}`)}
            rules={[{ required: true, whitespace: true, message: t(`projects.noteRequired.${action}`) }, { max: 2000 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} data-testid="project-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
