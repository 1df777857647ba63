import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import type { RequestAction, ServiceRequestDetail } from './request-api.ts';

const FORM_ACTIONS = new Set<RequestAction>(['triage', 'assign', 'cancel']);

/** The steps the viewer may take now, as buttons; triage, assign and cancel ask for more first. */
export function RequestActions({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState<RequestAction | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [blocked, setBlocked] = useState(false);

  const send = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      const path = body.action === 'take' ? `/api/requests/${request.id}/take` : `/api/requests/${request.id}/transitions`;
      const updated = await api<ServiceRequestDetail>(path, { method: 'POST', json: body.action === 'take' ? undefined : body });
      client.setQueryData(['request', request.id], updated);
      await client.invalidateQueries({ queryKey: ['requests'] });
      message.success(t('requests.saved'));
      setOpen(null);
      setBlocked(false);
      form.resetFields();
    } catch (error) {
      if (error instanceof ApiError && error.issues.some((i) => i.rule === 'serviceGuard')) setBlocked(true);
      const rest = applyFieldErrors(form, error, [
        ['organizationId'],
        ['volunteerIds'],
        ['reason'],
        ['guardOverrideReason'],
        ['headcount'],
      ]);
      if (rest.length) message.error(rest.join('；'));
    } finally {
      setBusy(false);
    }
  };

  const buttons = request.mayActions.filter((a) => a !== 'rate');
  if (buttons.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="request-actions">
        {buttons.map((action) => (
          <Button
            key={action}
            type={action === 'cancel' ? 'default' : 'primary'}
            danger={action === 'cancel'}
            loading={busy && open === null}
            onClick={() => (FORM_ACTIONS.has(action) ? setOpen(action) : send({ action }))}
            data-testid={`action-${action}`}
          >
            {t(`requests.actions.${action}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`requests.actions.${open}`) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => send({ action: open, ...v })}>
          {open === 'triage' && (
            <Form.Item name="organizationId" label={t('requests.chooseOrganization')} rules={[{ required: true }]}>
              <RemoteSelect
                url="/api/organizations/directory"
                placeholder={t('requests.organizationPlaceholder')}
                label={(o) => String(o.name)}
                testId="pick-organization"
              />
            </Form.Item>
          )}
          {open === 'assign' && (
            <Form.Item name="volunteerIds" label={t('requests.chooseVolunteers')} rules={[{ required: true }]}>
              <RemoteSelect
                url="/api/volunteers"
                multiple
                placeholder={t('requests.volunteerPlaceholder')}
                label={(v) => `${v.name} ${v.volunteerNo}`}
                testId="pick-volunteers"
              />
            </Form.Item>
          )}
          {open === 'assign' && blocked && (
            <Form.Item
              name="guardOverrideReason"
              label={t('requests.overrideReason')}
              extra={t('requests.guardBlocked')}
              rules={[{ required: true, min: 4 }]}
            >
              <Input />
            </Form.Item>
          )}
          {open === 'cancel' && (
            <Form.Item
              name="reason"
              label={t('requests.cancelReason')}
              rules={[{ required: true, whitespace: true, message: t('requests.reasonRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="cancel-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
