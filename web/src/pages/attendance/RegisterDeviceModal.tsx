import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { StationSelect } from '../activities/StationSelect.tsx';
import { type RegisteredDevice, useRegisterDevice } from './attendance-api.ts';

interface Values {
  name: string;
  stationId?: string | null;
}

/**
 * The older way, for where the Clipboard API is missing or refused (a page served over plain
 * HTTP, a window without focus): copy a selected, off-screen text field.
 */
function copyBySelection(text: string): boolean {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.left = '-9999px';
  document.body.appendChild(field);
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    field.remove();
  }
}

/** The key, shown this once: the server keeps only its hash, so losing it means revoking the reader. */
function KeyOnce({ device, onClose }: { device: RegisteredDevice; onClose: () => void }) {
  const { t } = useTranslation();
  // The button keeps saying whether the copy worked, so nobody closes the window thinking they have the key.
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(device.key);
      setCopied(true);
    } catch {
      setCopied(copyBySelection(device.key));
    }
  };
  return (
    <Modal
      open
      title={t('devices.keyTitle', { name: device.name })}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="device-key-done">
          {t('devices.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('devices.keyWarning')} style={{ marginBottom: 16 }} data-testid="device-key-warning" />
      <Typography.Text type="secondary">{t('devices.key')}</Typography.Text>
      <Typography.Paragraph code style={{ fontSize: 15, wordBreak: 'break-all', marginTop: 4 }} data-testid="device-key">
        {device.key}
      </Typography.Paragraph>
      <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()} data-testid="device-key-copy">
        {copied ? t('devices.copied') : t('devices.copy')}
      </Button>
      {copied === false && <Alert type="error" showIcon title={t('devices.copyFailed')} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function RegisterDeviceModal({ organizationId, onClose }: { organizationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const register = useRegisterDevice();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [registered, setRegistered] = useState<RegisteredDevice | null>(null);

  if (registered) return <KeyOnce device={registered} onClose={onClose} />;

  const submit = async (values: Values) => {
    setUnplaced([]);
    try {
      setRegistered(await register.mutateAsync({ name: values.name.trim(), organizationId, stationId: values.stationId ?? null }));
    } catch (error) {
      setUnplaced(applyFieldErrors(form, error, [['name'], ['stationId']]));
    }
  };

  return (
    <Modal
      open
      title={t('devices.registerTitle')}
      okText={t('devices.submit')}
      cancelText={t('devices.cancel')}
      okButtonProps={{ loading: register.isPending, id: 'device-register-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('devices.name')} rules={[{ required: true, whitespace: true, message: t('devices.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('devices.namePlaceholder')} data-testid="device-name" />
        </Form.Item>
        <Form.Item name="stationId" label={t('devices.station')}>
          <StationSelect />
        </Form.Item>
      </Form>
      {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('; ')} />}
    </Modal>
  );
}
