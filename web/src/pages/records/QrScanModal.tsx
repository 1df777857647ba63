import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { QrScanner } from '../checkin/QrScanner.tsx';

/** The certificate's QR code holds the verification page's address; the code is its last part. */
export const codeFromScan = (text: string) => {
  const match = /\/verify\/([^/?#\s]+)/.exec(text);
  return decodeURIComponent(match ? match[1] : text.trim());
};

/** Scans a certificate's QR code with the device's camera (the check-in pages' scanner); the camera stops when the dialog closes. */
export function QrScanModal({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open title={t('certRevoke.scanTitle')} footer={null} onCancel={onClose} destroyOnHidden>
      <QrScanner onResult={(text) => onCode(codeFromScan(text))} startLabel={t('certRevoke.scanTitle')} testId="certificate-scanner" />
    </Modal>
  );
}
