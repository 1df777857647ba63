import { CameraOutlined, SearchOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { OfficeCertificate } from './office-api.ts';
import { QrScanModal } from './QrScanModal.tsx';
import { normalizeCode, type Verification } from './records-api.ts';
import { VerifyResultView } from './VerifyResult.tsx';

function RevokeModal({ certificate, onClose }: { certificate: OfficeCertificate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const revoke = useMutation({
    mutationFn: (reason: string) => api(`/api/certificates/${certificate.id}/revoke`, { method: 'POST', json: { reason } }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['reason']])),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['verify', certificate.code] });
      void client.invalidateQueries({ queryKey: ['certificates', 'office', certificate.code] });
      void message.success(t('certRevoke.revoked'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('certRevoke.revokeTitle', { code: certificate.code })}
      okText={t('certRevoke.revoke')}
      cancelText={t('certRevoke.cancel')}
      okButtonProps={{ danger: true, id: 'revoke-ok' }}
      confirmLoading={revoke.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('certRevoke.revokeHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('certRevoke.reason')}
          rules={[{ required: true, whitespace: true, message: t('certRevoke.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="revoke-reason" />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}

/** What the public sees for the code (the verify API), and the office's revoke action if the certificate is in its area. */
function CertificateView({ code }: { code: string }) {
  const { t } = useTranslation();
  const [revoking, setRevoking] = useState(false);
  const verification = useQuery({
    queryKey: ['verify', code],
    queryFn: () => api<Verification>(`/api/verify/${encodeURIComponent(code)}`),
  });
  const found = verification.data?.facts !== undefined;
  const office = useQuery({
    queryKey: ['certificates', 'office', code],
    queryFn: () => api<OfficeCertificate>(`/api/certificates/by-code/${encodeURIComponent(code)}`),
    enabled: found,
    retry: false,
  });
  if (verification.isPending) return <Spin />;
  if (verification.error) return <Alert type="error" showIcon title={verification.error.message} />;
  const status = office.data?.status;
  return (
    <Card data-testid="office-certificate">
      <VerifyResultView verification={verification.data} />
      {found && office.error && (
        <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('certRevoke.outOfArea')} data-testid="out-of-area" />
      )}
      {status === 'valid' || status === 'superseded' ? (
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }} wrap>
          <Link to={`/verify/${code}`} target="_blank">
            {t('certRevoke.publicPage')}
          </Link>
          <Button danger icon={<StopOutlined />} onClick={() => setRevoking(true)} data-testid="revoke-certificate">
            {t('certRevoke.revoke')}
          </Button>
        </Space>
      ) : (
        status === 'revoked' && (
          <div style={{ marginTop: 16 }}>
            <Link to={`/verify/${code}`} target="_blank" data-testid="public-page">
              {t('certRevoke.publicPage')}
            </Link>
          </div>
        )
      )}
      {revoking && office.data && <RevokeModal certificate={office.data} onClose={() => setRevoking(false)} />}
    </Card>
  );
}

/**
 * 证明撤销: a district or city office finds a certificate by its verification code — typed, or
 * scanned from the paper's QR code — and revokes one issued in error, with a reason that the
 * public verification then shows (docs/records.md, Certificates).
 */
export function CertificateRevokePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  const [scanning, setScanning] = useState(false);
  useEffect(() => form.setFieldsValue({ code }), [code, form]);
  const go = useCallback((c: string) => navigate(`/certificates/${encodeURIComponent(normalizeCode(c))}`), [navigate]);
  const scanned = useCallback(
    (c: string) => {
      setScanning(false);
      go(c);
    },
    [go],
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('certRevoke.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">{t('certRevoke.help')}</Typography.Paragraph>
        <Form form={form} layout="inline" style={{ rowGap: 8 }} onFinish={(v) => go(v.code)} data-testid="certificate-find">
          <Form.Item
            name="code"
            label={t('certRevoke.code')}
            rules={[{ required: true, whitespace: true, message: t('certRevoke.codeRequired') }]}
            style={{ flex: 1, minWidth: 240 }}
          >
            <Input maxLength={40} autoComplete="off" placeholder={t('certRevoke.codePlaceholder')} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="certificate-lookup">
              {t('certRevoke.find')}
            </Button>
            <Button icon={<CameraOutlined />} onClick={() => setScanning(true)}>
              {t('certRevoke.scan')}
            </Button>
          </Space>
        </Form>
      </Card>
      {code && <CertificateView key={code} code={code} />}
      {scanning && <QrScanModal onCode={scanned} onClose={() => setScanning(false)} />}
    </Space>
  );
}
