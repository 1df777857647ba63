import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { type ReviewEvent, useDecide } from './attendance-api.ts';

/** Dismissing keeps the event but it never counts, so the organizer says why (the server insists too). */
export function DismissModal({ event, onClose, onDone }: { event: ReviewEvent; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const decide = useDecide();
  const [unplaced, setUnplaced] = useState<string[]>([]);

  const submit = async ({ note }: { note: string }) => {
    setUnplaced([]);
    try {
      await decide.mutateAsync({ id: event.id, accept: false, note: note.trim() });
      onDone();
    } catch (error) {
      setUnplaced(applyFieldErrors(form, error, [['note']]));
    }
  };

  return (
    <Modal
      open
      title={t('review.dismissTitle', { kind: t(`review.kind.${event.kind}`) })}
      okText={t('review.confirmDismiss')}
      cancelText={t('review.cancel')}
      okButtonProps={{ danger: true, loading: decide.isPending, id: 'dismiss-confirm' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('review.dismissHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="note" label={t('review.note')} rules={[{ required: true, whitespace: true, message: t('review.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('review.notePlaceholder')} data-testid="dismiss-note" />
        </Form.Item>
      </Form>
      {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('; ')} />}
    </Modal>
  );
}
