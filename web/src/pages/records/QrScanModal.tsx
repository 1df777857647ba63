import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { Alert, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The certificate's QR code holds the verification page's address; the code is its last part. */
export const codeFromScan = (text: string) => {
  const match = /\/verify\/([^/?#\s]+)/.exec(text);
  return decodeURIComponent(match ? match[1] : text.trim());
};

/** Scans a certificate's QR code with the device's camera; the camera stops when the dialog closes. */
export function QrScanModal({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let controls: IScannerControls | undefined;
    let stopped = false;
    const reader = new BrowserQRCodeReader();
    reader
      .decodeFromVideoDevice(undefined, video.current ?? undefined, (result, _err, c) => {
        if (!result || stopped) return;
        stopped = true;
        c.stop();
        onCode(codeFromScan(result.getText()));
      })
      .then((c) => {
        controls = c;
        if (stopped) c.stop();
      })
      .catch(() => setError(t('certRevoke.noCamera')));
    return () => {
      stopped = true;
      controls?.stop();
    };
  }, [onCode, t]);
  return (
    <Modal open title={t('certRevoke.scanTitle')} footer={null} onCancel={onClose} destroyOnHidden>
      {error ? (
        <Alert type="warning" showIcon title={error} />
      ) : (
        <>
          <video ref={video} style={{ width: '100%', borderRadius: 6, background: '#000' }} muted playsInline />
          <Typography.Paragraph type="secondary">{t('certRevoke.scanHelp')}</Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
