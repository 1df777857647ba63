import { EyeOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import type { BeneficiaryDetail, BeneficiaryPii } from '../../api/types.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { HistoryTable } from './HistoryTable.tsx';

/** One person served: details masked, a "show" button that reveals them in full (audited), and their history. */
export function BeneficiaryDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams() as { id: string };
  const detail = useQuery({ queryKey: ['beneficiary', id], queryFn: () => api<BeneficiaryDetail>(`/api/beneficiaries/${id}`) });
  const reveal = useMutation({ mutationFn: () => api<BeneficiaryPii>(`/api/beneficiaries/${id}/pii`) });
  if (detail.isPending) return <Spin />;
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return <Result status={missing ? '404' : 'error'} title={detail.error.message} />;
  }
  const b = detail.data;
  const pii = reveal.data;
  const dash = t('beneficiaries.none');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/beneficiaries">{t('beneficiaries.title')}</Link> }, { title: b.name }]} />
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="beneficiary-name">
          {b.name}
        </Typography.Title>
        <Tag>{t(`beneficiaries.kinds.${b.kind}`)}</Tag>
        {b.ownAccount && <Tag color="blue">{t('beneficiaries.ownAccount')}</Tag>}
      </Space>
      <Card
        title={t('beneficiaries.details')}
        extra={
          b.mayRevealPii &&
          !pii && (
            <Button
              icon={<EyeOutlined />}
              onClick={() => reveal.mutate()}
              loading={reveal.isPending}
              data-testid="reveal-pii"
              title={t('beneficiaries.revealHint')}
            >
              {t('beneficiaries.reveal')}
            </Button>
          )
        }
      >
        {pii && (
          <Alert type="warning" showIcon title={t('beneficiaries.revealed')} style={{ marginBottom: 12 }} data-testid="pii-revealed" />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="beneficiary-details">
          <Descriptions.Item label={t('beneficiaries.area')}>
            <AreaName code={b.areaCode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.birthYear')}>{b.birthYear ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.phone')}>{pii ? (pii.phone ?? dash) : (b.phoneMasked ?? dash)}</Descriptions.Item>
          <Descriptions.Item label={pii ? t('beneficiaries.address') : t('beneficiaries.addressMasked')}>
            {pii ? (pii.address ?? dash) : (b.addressMasked ?? dash)}
          </Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.contactName')}>
            {[b.contactName, b.contactRelation && `（${b.contactRelation}）`].filter(Boolean).join('') || dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.contactPhone')}>
            {pii ? (pii.contactPhone ?? dash) : (b.contactPhoneMasked ?? dash)}
          </Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.notes')}>
            {pii ? (pii.notes ?? dash) : b.hasNotes ? t('beneficiaries.notesSealed') : dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('beneficiaries.consentBy')}>
            {t(`beneficiaries.consentGivers.${b.consentBy}`)} ·{' '}
            {new Date(b.consentAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('beneficiaries.history')}>
        <HistoryTable items={b.history} />
      </Card>
    </Space>
  );
}
