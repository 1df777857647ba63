import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A redemption code as a QR image (drawn in the browser; the code never leaves the page). */
export function CodeQr({ code, size = 132 }: { code: string; size?: number }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(code, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then((url) => live && setImage(url));
    return () => {
      live = false;
    };
  }, [code, size]);
  return image ? <img src={image} alt={t('benefits.qr')} width={size} height={size} /> : null;
}
