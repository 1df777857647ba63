import { useMutation } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Input, type InputRef, Rate, Row, Tag } from 'antd';
import { forwardRef, useImperativeHandle, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import type { HotlineVolunteerStatus } from '../../api/types.ts';
import type { Verification } from './hotline-api.ts';

export interface LookupHandle {
  focus(): void;
}

const MOBILE = /^(?:\+?86)?1\d{10}$/;

/** For callers who ask: a volunteer's standing (by number or phone), or whether a certificate is genuine (the public check). */
export const LookupPanel = forwardRef<LookupHandle, { onLooked: (what: 'volunteer_lookup' | 'certificate_lookup') => void }>(
  function LookupPanel({ onLooked }, ref) {
    const { t } = useTranslation();
    const volunteerRef = useRef<InputRef>(null);
    useImperativeHandle(ref, () => ({ focus: () => volunteerRef.current?.focus() }));
    const volunteer = useMutation({
      mutationFn: (input: string) => {
        const compact = input.replace(/[\s-]/g, '');
        const params = MOBILE.test(compact) ? { phone: compact } : { number: input.trim() };
        return api<HotlineVolunteerStatus>(`/api/hotline/volunteer-status${query(params)}`);
      },
      onSuccess: () => onLooked('volunteer_lookup'),
    });
    const certificate = useMutation({
      mutationFn: (code: string) => api<Verification>(`/api/verify/${encodeURIComponent(code.trim())}`),
      onSuccess: () => onLooked('certificate_lookup'),
    });
    const v = volunteer.data;
    const c = certificate.data;
    return (
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.lookup.volunteer')} size="small">
            <Input.Search
              ref={volunteerRef}
              placeholder={t('hotline.lookup.volunteerPlaceholder')}
              onSearch={(value) => value.trim() && volunteer.mutate(value)}
              loading={volunteer.isPending}
              id="volunteer-lookup"
              data-testid="volunteer-lookup"
            />
            {volunteer.isError && <Alert type="info" showIcon title={t('hotline.lookup.notFound')} style={{ marginTop: 12 }} />}
            {v && (
              <Descriptions column={1} size="small" style={{ marginTop: 12 }} data-testid="volunteer-status">
                <Descriptions.Item label={t('beneficiaries.name')}>
                  {v.nameMasked} · {v.volunteerNo}
                </Descriptions.Item>
                <Descriptions.Item label={t('hotline.lookup.status')}>
                  <Tag color={v.status === 'active' ? 'green' : 'default'}>{t(`hotline.lookup.statuses.${v.status}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('hotline.lookup.stars')}>
                  <Rate disabled value={v.stars} style={{ fontSize: 14 }} />
                </Descriptions.Item>
                <Descriptions.Item label={t('hotline.lookup.hours')}>{v.totalHours}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('hotline.lookup.certificate')} size="small">
            <Input.Search
              placeholder={t('hotline.lookup.certificatePlaceholder')}
              onSearch={(value) => value.trim() && certificate.mutate(value)}
              loading={certificate.isPending}
              id="certificate-lookup"
              data-testid="certificate-lookup"
            />
            {c && (
              <Descriptions column={1} size="small" style={{ marginTop: 12 }} data-testid="certificate-result">
                <Descriptions.Item label={t('hotline.lookup.status')}>
                  <Tag color={c.result === 'valid' ? 'green' : 'red'}>{t(`hotline.lookup.results.${c.result}`)}</Tag>
                </Descriptions.Item>
                {c.facts && (
                  <>
                    <Descriptions.Item label={t('beneficiaries.name')}>
                      {c.facts.name} · {c.facts.volunteerNo}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('hotline.lookup.period')}>
                      {c.facts.from} – {c.facts.to}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('hotline.lookup.totalHours')}>{c.facts.totalHours}</Descriptions.Item>
                  </>
                )}
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
    );
  },
);
