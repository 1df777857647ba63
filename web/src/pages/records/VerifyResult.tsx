import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PdfVerification, Verification, VerifyResult } from './records-api.ts';
import { StatementFactsView } from './StatementFacts.tsx';

const LOOK: Record<VerifyResult | PdfVerification['result'], { color: string; icon: React.ReactNode }> = {
  valid: { color: '#389e0d', icon: <CheckCircleFilled /> },
  superseded: { color: '#d48806', icon: <ExclamationCircleFilled /> },
  revoked: { color: '#cf1322', icon: <CloseCircleFilled /> },
  malformed: { color: '#cf1322', icon: <CloseCircleFilled /> },
  unknown: { color: '#cf1322', icon: <CloseCircleFilled /> },
  forged: { color: '#cf1322', icon: <CloseCircleFilled /> },
  unsealed: { color: '#cf1322', icon: <CloseCircleFilled /> },
};

/** One code's verdict in big clear words, and what the certificate or statement states (the name masked by the server). */
export function VerifyResultView({ verification }: { verification: Verification | PdfVerification }) {
  const { t } = useTranslation();
  const { result, facts } = verification;
  const look = LOOK[result];
  return (
    <div data-testid="verify-result" data-result={result}>
      <div style={{ textAlign: 'center', marginBottom: 16 }}>
        <div style={{ fontSize: 56, color: look.color, lineHeight: 1 }}>{look.icon}</div>
        <Typography.Title level={2} style={{ color: look.color, margin: '12px 0 4px' }} data-testid="verify-verdict">
          {t(`verify.result.${result}`)}
        </Typography.Title>
        <Typography.Text type="secondary">{t(`verify.explain.${result}`)}</Typography.Text>
        {verification.revokedOn && (
          <div>
            <Typography.Text type="danger">{t('verify.revokedOn', { date: verification.revokedOn })}</Typography.Text>
          </div>
        )}
        {verification.revokedReason && (
          <div>
            <Typography.Text type="danger">{t('verify.revokedReason', { reason: verification.revokedReason })}</Typography.Text>
          </div>
        )}
        {verification.code && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text code>{verification.code}</Typography.Text>
          </div>
        )}
      </div>
      {facts && (
        <Descriptions bordered size="small" column={1} data-testid="verify-facts">
          <Descriptions.Item label={t('verify.name')}>{facts.name}</Descriptions.Item>
          <Descriptions.Item label={t('verify.volunteerNo')}>{facts.volunteerNo}</Descriptions.Item>
          {facts.docMasked && <Descriptions.Item label={t('verify.doc')}>{facts.docMasked}</Descriptions.Item>}
          <Descriptions.Item label={t('verify.period')}>
            {facts.from} ~ {facts.to}
          </Descriptions.Item>
          <Descriptions.Item label={t('verify.totalHours')}>{t('hours.hoursValue', { hours: facts.totalHours })}</Descriptions.Item>
          <Descriptions.Item label={t('verify.organizations')}>
            {facts.organizations.map((o) => (
              <div key={o.name}>{t('verify.orgLine', o)}</div>
            ))}
          </Descriptions.Item>
          {facts.awards && (
            <Descriptions.Item label={t('verifyStatement.awards')}>
              {facts.awards.length
                ? facts.awards.map((a) => <div key={`${a.title}-${a.grantedOn}`}>{t('verifyStatement.awardLine', a)}</div>)
                : t('verifyStatement.none')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('verify.issuedOn')}>{facts.issuedOn}</Descriptions.Item>
        </Descriptions>
      )}
      {'statement' in verification && verification.statement && <StatementFactsView facts={verification.statement} />}
    </div>
  );
}
