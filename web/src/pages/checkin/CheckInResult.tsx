import { Alert, Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttendanceResult } from './checkin-api.ts';

/** Each anomaly in words; one the page does not know yet is shown by its code rather than dropped. */
export function useAnomalyLabel() {
  const { t } = useTranslation();
  return (code: string) => t(`checkin.anomaly.${code}`, { defaultValue: code });
}

function Anomalies({ result }: { result: AttendanceResult }) {
  const { t } = useTranslation();
  const anomaly = useAnomalyLabel();
  if (result.status === 'accepted' || result.anomalies.length === 0) return null;
  return (
    <div data-testid="checkin-anomalies" style={{ textAlign: 'start' }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('checkin.result.reviewHelp', { kind: t(`checkin.result.kind.${result.kind}`) })}
      </Typography.Paragraph>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {result.anomalies.map((a) => (
          <li key={a} data-anomaly={a}>
            {anomaly(a)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What the server recorded: checked in, checked out, or kept for the organizer's review and why.
 * `compact` for a feed of scans on the organizer's screen, where one card follows another.
 */
export function CheckInResult({
  result,
  title,
  onDone,
  compact = false,
}: {
  result: AttendanceResult;
  title?: string;
  onDone?: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const review = result.status !== 'accepted';
  const outcome = review ? t('checkin.result.review') : t(`checkin.result.${result.kind}`);
  const heading = result.volunteer ? t('checkin.result.whose', { ...result.volunteer, outcome }) : outcome;
  const marks = { 'data-testid': 'checkin-result', 'data-status': result.status, 'data-kind': result.kind };
  const note = result.duplicate ? t('checkin.result.duplicate') : undefined;
  if (compact)
    return (
      <Alert
        {...marks}
        type={review ? 'warning' : 'success'}
        showIcon
        title={<span data-testid="checkin-result-title">{heading}</span>}
        description={
          (note || review) && (
            <>
              {note}
              <Anomalies result={result} />
            </>
          )
        }
      />
    );
  return (
    <div {...marks} className="vn-checkin-result">
      <Result status={review ? 'warning' : 'success'} title={heading} subTitle={[title, note].filter(Boolean).join(' · ')}>
        {review && <Anomalies result={result} />}
      </Result>
      {onDone && (
        <Button type="primary" size="large" block onClick={onDone} data-testid="checkin-done">
          {t('checkin.result.again')}
        </Button>
      )}
    </div>
  );
}
