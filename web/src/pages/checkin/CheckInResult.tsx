import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttendanceResult } from './checkin-api.ts';

/** Each anomaly in words; one the page does not know yet is shown by its code rather than dropped. */
export function useAnomalyLabel() {
  const { t } = useTranslation();
  return (code: string) => t(`checkin.anomaly.${code}`, { defaultValue: code });
}

/** What the server recorded: checked in, checked out, or kept for the organizer's review and why. */
export function CheckInResult({ result, title, onDone }: { result: AttendanceResult; title?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const anomaly = useAnomalyLabel();
  const review = result.status !== 'accepted';
  return (
    <Result
      status={review ? 'warning' : 'success'}
      data-testid="checkin-result"
      data-status={result.status}
      data-kind={result.kind}
      title={review ? t('checkin.result.review') : t(`checkin.result.${result.kind}`)}
      subTitle={
        <>
          {title && <div>{title}</div>}
          {result.duplicate && <div>{t('checkin.result.duplicate')}</div>}
        </>
      }
      extra={
        onDone && (
          <Button type="primary" onClick={onDone} data-testid="checkin-done">
            {t('checkin.result.again')}
          </Button>
        )
      }
    >
      {review && result.anomalies.length > 0 && (
        <div data-testid="checkin-anomalies">
          <Typography.Paragraph>{t('checkin.result.reviewHelp', { kind: t(`checkin.result.kind.${result.kind}`) })}</Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {result.anomalies.map((a) => (
              <li key={a} data-anomaly={a}>
                {anomaly(a)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Result>
  );
}
