import { Button, Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HotlineCallerMatch } from '../../api/types.ts';
import { HistoryTable } from '../beneficiaries/HistoryTable.tsx';

/** One person the caller's number belongs to, with their recent services; the chosen one is highlighted. */
export function CallerCard({ person, picked, onPick }: { person: HotlineCallerMatch; picked: boolean; onPick: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={picked ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
      title={
        <span data-testid="caller-name">
          {person.name} <Tag>{t(`beneficiaries.kinds.${person.kind}`)}</Tag>
          <Tag color={person.callerIs === 'self' ? 'green' : 'gold'}>{t(`hotline.callerIs.${person.callerIs}`)}</Tag>
        </span>
      }
      extra={
        picked ? (
          <Tag color="blue">{t('hotline.picked')}</Tag>
        ) : (
          <Button size="small" onClick={onPick} data-testid="pick-person">
            {t('hotline.pick')}
          </Button>
        )
      }
      data-testid="caller-card"
    >
      <Descriptions column={{ xs: 1, md: 3 }} size="small">
        <Descriptions.Item label={t('beneficiaries.phone')}>{person.phoneMasked ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('beneficiaries.contactName')}>
          {person.contactName ? `${person.contactName} ${person.contactPhoneMasked ?? ''}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('beneficiaries.addressMasked')}>{person.addressMasked ?? '—'}</Descriptions.Item>
      </Descriptions>
      <HistoryTable items={person.history} testId="caller-history" />
    </Card>
  );
}
