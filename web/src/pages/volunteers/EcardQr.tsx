import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ECard } from '../records/records-api.ts';

/** Asked again this long before the payload expires, so the code shown is never stale. */
const EARLY_MS = 5_000;

/** The e-volunteer card's check-in QR code: the server's payload changes every 30 s, drawn here in the browser. */
export function EcardQr() {
  const { t } = useTranslation();
  const card = useQuery({
    queryKey: ['attendance', 'ecard'],
    queryFn: () => api<ECard>('/api/attendance/ecard'),
    refetchInterval: (q) => {
      const expiresAt = q.state.data?.expiresAt;
      return expiresAt ? Math.max(1_000, new Date(expiresAt).getTime() - Date.now() - EARLY_MS) : 30_000;
    },
    refetchIntervalInBackground: false,
    retry: false,
  });
  const [image, setImage] = useState<string>();
  const token = card.data?.token;
  useEffect(() => {
    if (!token) return;
    let live = true;
    void QRCode.toDataURL(token, { margin: 1, width: 160, errorCorrectionLevel: 'M' }).then((url) => live && setImage(url));
    return () => {
      live = false;
    };
  }, [token]);
  if (!token || !image) return null;
  return (
    <div className="vn-ecard-qr" data-testid="ecard-qr" data-token={token}>
      <img src={image} alt={t('ecard.qr')} width={120} height={120} />
      <div>{t('ecard.qrHelp')}</div>
    </div>
  );
}
