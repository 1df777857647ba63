import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Result, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { QrScanner } from '../checkin/QrScanner.tsx';
import { type AdvantageCheck, type CodeCheck, chinaTime, useMyOffers } from './benefits-api.ts';

/** The digits of a scanned redemption QR (it holds the 10 digits; anything else is left for the server to refuse). */
const digitsOf = (text: string) => text.replace(/\D/g, '') || text.trim();

/**
 * 礼遇核销: the partner's staff scan the volunteer's QR with the camera, or type (or scan with a reader
 * that types) the code, see the offer and the volunteer's masked name, and use it once; a star-based
 * advantage is checked by volunteer number.
 */
export function PartnerScanPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mine = useMyOffers();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<CodeCheck>();
  const [advantage, setAdvantage] = useState<AdvantageCheck>();
  const check = useMutation({
    mutationFn: (c: string) => api<CodeCheck>('/api/benefits/partner/codes/check', { method: 'POST', json: { code: c } }),
    onSuccess: setFound,
    onError: (e) => {
      setFound(undefined);
      void message.error(e.message);
    },
  });
  const use = useMutation({
    mutationFn: (c: string) => api<CodeCheck>('/api/benefits/partner/codes/use', { method: 'POST', json: { code: c } }),
    onSuccess: (r) => {
      setFound(r);
      void message.success(t('benefitScan.used'));
    },
    onError: (e) => void message.error(e.message),
  });
  const verify = useMutation({
    mutationFn: (v: { offerId: string; volunteerNo: string }) =>
      api<AdvantageCheck>(`/api/benefits/partner/offers/${v.offerId}/check-volunteer`, {
        method: 'POST',
        json: { volunteerNo: v.volunteerNo },
      }),
    onSuccess: setAdvantage,
    onError: (e) => {
      setAdvantage(undefined);
      void message.error(e.message);
    },
  });
  if (mine.isPending) return <Spin />;
  if (!mine.data) return <Alert type="error" showIcon title={mine.error?.message ?? t('common.error')} />;
  const advantages = mine.data.offers.filter((o) => o.kind === 'advantage' && o.status === 'approved');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('benefitScan.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('benefitScan.partner', { name: mine.data.partner.name })}</Typography.Text>
      <Card>
        <div style={{ maxWidth: 420, marginBottom: 16 }}>
          <QrScanner
            startLabel={t('benefitScan.camera')}
            testId="code-scanner"
            onResult={(text) => {
              const digits = digitsOf(text);
              setCode(digits);
              check.mutate(digits);
            }}
          />
        </div>
        <Form layout="vertical" onFinish={() => check.mutate(code)}>
          <Form.Item label={t('benefitScan.code')}>
            <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
              <Input
                value={code}
                onChange={(e) => setCode(e.target.value)}
                inputMode="numeric"
                autoFocus
                maxLength={16}
                size="large"
                data-testid="scan-code"
              />
              <Button type="primary" htmlType="submit" size="large" loading={check.isPending} data-testid="scan-check">
                {t('benefitScan.check')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Form>
        {found && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="scan-result">
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('benefitScan.offer')}>{found.offerTitle}</Descriptions.Item>
              <Descriptions.Item label={t('benefitScan.volunteer')}>{found.volunteerName}</Descriptions.Item>
              <Descriptions.Item label={t('benefitScan.status')}>
                <Tag color={found.status === 'open' ? 'green' : found.status === 'used' ? 'blue' : 'orange'} data-testid="scan-status">
                  {t(`benefits.status.${found.status}`)}
                </Tag>
                {found.usedAt && chinaTime(found.usedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('benefitScan.issuedAt')}>{chinaTime(found.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('benefitScan.expiresAt')}>{chinaTime(found.expiresAt)}</Descriptions.Item>
            </Descriptions>
            {found.status === 'open' && (
              <Button type="primary" size="large" onClick={() => use.mutate(code)} loading={use.isPending} data-testid="scan-use">
                {t('benefitScan.use')}
              </Button>
            )}
          </Space>
        )}
      </Card>
      {advantages.length > 0 && (
        <Card title={t('benefitScan.advantageTitle')}>
          <Typography.Paragraph type="secondary">{t('benefitScan.advantageHelp')}</Typography.Paragraph>
          <Form layout="inline" initialValues={{ offerId: advantages[0].id }} onFinish={(v) => verify.mutate(v)}>
            <Form.Item name="offerId" label={t('benefitScan.advantageOffer')}>
              <Select style={{ minWidth: 220 }} options={advantages.map((o) => ({ value: o.id, label: o.title }))} />
            </Form.Item>
            <Form.Item name="volunteerNo" label={t('benefitScan.volunteerNo')} rules={[{ required: true }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Button htmlType="submit" loading={verify.isPending}>
              {t('benefitScan.verify')}
            </Button>
          </Form>
          {advantage && (
            <Result
              status={advantage.eligible ? 'success' : 'warning'}
              title={[advantage.eligible ? t('benefitScan.eligible') : t('benefitScan.notEligible'), advantage.volunteerName]
                .filter(Boolean)
                .join(' · ')}
              subTitle={advantage.reason}
              data-testid="advantage-result"
            />
          )}
        </Card>
      )}
    </Space>
  );
}
