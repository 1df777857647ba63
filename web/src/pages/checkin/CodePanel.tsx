import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Spin, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityCode } from './checkin-api.ts';

const WINDOW_S = 30;

/** Seconds until `iso`, ticking once a second. */
function useSecondsLeft(iso: string | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return iso ? Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1_000)) : 0;
}

/**
 * The activity's rotating code, big enough to scan from across a room or off a projector: a QR
 * code and the 6 digits, both asked again just before they change, with the seconds left.
 */
export function CodePanel({ activityId }: { activityId: string }) {
  const { t } = useTranslation();
  const code = useActivityCode(activityId, true);
  const [image, setImage] = useState<string>();
  const [full, setFull] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const left = useSecondsLeft(code.data?.expiresAt);
  const token = code.data?.token;

  useEffect(() => {
    if (!token) return;
    let live = true;
    void QRCode.toDataURL(token, { margin: 1, width: 640, errorCorrectionLevel: 'M' }).then((url) => live && setImage(url));
    return () => {
      live = false;
    };
  }, [token]);

  useEffect(() => {
    const follow = () => setFull(document.fullscreenElement === panel.current);
    document.addEventListener('fullscreenchange', follow);
    return () => document.removeEventListener('fullscreenchange', follow);
  }, []);

  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void panel.current?.requestFullscreen?.();
  };

  return (
    <Card
      title={t('checkin.screen.codeTitle')}
      extra={
        document.fullscreenEnabled && (
          <Button icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={toggleFull}>
            {full ? t('checkin.screen.exitFullscreen') : t('checkin.screen.fullscreen')}
          </Button>
        )
      }
      data-testid="code-panel"
    >
      <div ref={panel} className="vn-code-panel">
        {code.isError && <Alert type="error" showIcon title={code.error.message} />}
        {!code.data || !image ? (
          !code.isError && <Spin size="large" />
        ) : (
          <>
            <img
              src={image}
              alt={t('checkin.screen.codeTitle')}
              className="vn-code-qr"
              data-testid="code-qr"
              data-token={code.data.token}
            />
            <div className="vn-code-digits" data-testid="code-digits" aria-live="polite">
              {code.data.digits}
            </div>
            <Progress
              percent={(left / WINDOW_S) * 100}
              showInfo={false}
              strokeColor="#c8102e"
              style={{ maxWidth: 360, margin: '0 auto' }}
            />
            <Typography.Text type="secondary" data-testid="code-countdown">
              {t('checkin.screen.changesIn', { seconds: left })}
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('checkin.screen.codeHelp')}
            </Typography.Paragraph>
          </>
        )}
      </div>
    </Card>
  );
}
