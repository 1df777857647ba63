import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import type { IScannerControls } from '@zxing/browser';
import { Alert, Button, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './checkin.css';

/** The same code read again within this time is the same scan: a QR stays in front of the camera for a while. */
const REPEAT_MS = 5_000;

type CameraError = 'unsupported' | 'denied' | 'none' | 'failed';

function cameraError(error: unknown): { kind: CameraError; message: string } {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'denied', message };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { kind: 'none', message };
  return { kind: 'failed', message };
}

/**
 * Reads QR codes with the device's camera (the back one on a phone). The camera runs only while
 * scanning: it is stopped after a read (unless `continuous`), on "close" and when the page is left.
 */
export function QrScanner({
  onResult,
  continuous = false,
  startLabel,
  testId = 'qr-scanner',
}: {
  onResult: (text: string) => void;
  continuous?: boolean;
  startLabel?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const controls = useRef<IScannerControls | null>(null);
  const last = useRef({ text: '', at: 0 });
  const handler = useRef(onResult);
  handler.current = onResult;
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<{ kind: CameraError; message: string }>();

  const stop = useCallback(() => {
    controls.current?.stop();
    controls.current = null;
    setRunning(false);
  }, []);

  // Leaving the page turns the camera off.
  useEffect(() => stop, [stop]);

  useEffect(() => {
    if (!running || !video.current) return;
    let cancelled = false;
    const element = video.current;
    void (async () => {
      try {
        // Loaded on demand: the decoder is large and most pages never scan.
        const { BrowserQRCodeReader } = await import('@zxing/browser');
        const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
        const started = await reader.decodeFromVideoDevice(undefined, element, (result) => {
          if (!result || cancelled) return;
          const text = result.getText();
          const now = Date.now();
          if (text === last.current.text && now - last.current.at < REPEAT_MS) return;
          last.current = { text, at: now };
          if (!continuous) stop();
          handler.current(text);
        });
        if (cancelled) started.stop();
        else controls.current = started;
      } catch (e) {
        if (cancelled) return;
        setError(cameraError(e));
        setRunning(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [running, continuous, stop]);

  const start = () => {
    setError(undefined);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError({ kind: 'unsupported', message: '' });
      return;
    }
    last.current = { text: '', at: 0 };
    setRunning(true);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId} data-state={running ? 'running' : 'idle'}>
      {running ? (
        <>
          <div className="vn-scanner">
            <video ref={video} muted playsInline data-testid={`${testId}-video`} />
            <div className="vn-scanner-frame" />
          </div>
          <Typography.Text type="secondary">{t('checkin.camera.help')}</Typography.Text>
          <Button icon={<CloseOutlined />} onClick={stop} block>
            {t('checkin.camera.stop')}
          </Button>
        </>
      ) : (
        <Button type="primary" size="large" icon={<CameraOutlined />} onClick={start} block data-testid={`${testId}-start`}>
          {startLabel ?? t('checkin.camera.start')}
        </Button>
      )}
      {error && (
        <Alert
          type="warning"
          showIcon
          data-testid={`${testId}-error`}
          title={t(`checkin.camera.${error.kind}`, { message: error.message })}
        />
      )}
    </Space>
  );
}
