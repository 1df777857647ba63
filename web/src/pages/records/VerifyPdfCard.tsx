import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { PdfVerification } from './records-api.ts';
import { VerifyResultView } from './VerifyResult.tsx';

/**
 * Anyone checks a certificate PDF they were handed: the file goes to the server's PDF check, which
 * reads the signed statement inside it, checks it against the platform's key, and asks the registry
 * whether the certificate was revoked since. Nothing is kept.
 */
export function VerifyPdfCard() {
  const { t } = useTranslation();
  const check = useMutation({
    mutationFn: (file: File) =>
      api<PdfVerification>('/api/verify/pdf', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file }),
  });
  return (
    <Card title={t('verify.pdf')} data-testid="verify-pdf">
      <Typography.Paragraph type="secondary">{t('verify.pdfHelp')}</Typography.Paragraph>
      <Upload
        accept="application/pdf,.pdf"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          check.mutate(file);
          return false;
        }}
      >
        <Button icon={<FilePdfOutlined />} loading={check.isPending} data-testid="verify-pdf-choose">
          {t('verify.pdfChoose')}
        </Button>
      </Upload>
      {check.variables && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }} data-testid="verify-pdf-file">
          {t('verify.pdfFile', { name: check.variables.name })}
        </Typography.Text>
      )}
      {check.error && <Alert type="error" showIcon title={check.error.message} style={{ marginTop: 12 }} />}
      {check.data && (
        <div style={{ marginTop: 16 }}>
          <VerifyResultView verification={check.data} />
        </div>
      )}
    </Card>
  );
}
