import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { titleOf, useAwardRound } from './awards-api.ts';
import { NominateCard } from './NominateCard.tsx';
import { NominateForm } from './NominateForm.tsx';
import { NomineesTable } from './NomineesTable.tsx';
import { ObjectionsCard } from './ObjectionsCard.tsx';

/** One round: for its office the nominees, scores, selection, notice, objections and the award; for a nominator, nominating. */
export function AwardRoundPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useAwardRound(id);
  const [selection, setSelection] = useState<string[] | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['awards'] });
  const act = useMutation({
    mutationFn: (step: 'selection' | 'publish' | 'finalize') =>
      step === 'selection'
        ? api(`/api/awards/rounds/${id}/selection`, { method: 'PUT', json: { nomineeIds: selection ?? [] } })
        : api<{ noticeEndsOn?: string; awarded?: number }>(`/api/awards/rounds/${id}/${step}`, { method: 'POST' }),
    onSuccess: (result, step) => {
      refresh();
      const r = (result ?? {}) as { noticeEndsOn?: string; awarded?: number };
      if (step === 'selection') setSelection(null);
      void message.success(
        step === 'selection'
          ? t('awards.selectionSaved')
          : step === 'publish'
            ? t('awards.published', { endsOn: r.noticeEndsOn })
            : t('awards.finalized', { count: r.awarded }),
      );
    },
    onError: (error) => void message.error(error.message),
  });
  if (detail.isPending) return <Spin />;
  if (!detail.data) return <Alert type="error" showIcon title={detail.error?.message ?? t('common.error')} />;
  const { round, manages, nominees, objections } = detail.data;
  const selected = selection ?? nominees.filter((n) => n.status === 'selected').map((n) => n.id);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/awards">{t('awards.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="round-title">
        {titleOf(round, i18n.language)} <Tag>{t(`awards.statuses.${round.status}`)}</Tag>
      </Typography.Title>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('awards.kind')}>{t(`awards.kinds.${round.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('awards.area')}>{round.areaCode}</Descriptions.Item>
          <Descriptions.Item label={t('awards.quota')}>{round.quota}</Descriptions.Item>
          <Descriptions.Item label={t('awards.minHours')}>{round.minHours}</Descriptions.Item>
          <Descriptions.Item label={t('awards.deadline')}>{round.nominationDeadline}</Descriptions.Item>
          <Descriptions.Item label={t('awards.nominators')}>
            {round.nominators.map((n) => t(`awards.nominatorOptions.${n}`)).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('awards.criteria')} span={3}>
            {round.criteria.map((c) => `${i18n.language === 'en-US' ? c.nameEn : c.name} ×${c.weight}`).join(' · ')}（
            {t('awards.scaleOption', { scale: round.scale })}）
          </Descriptions.Item>
          {round.publishedOn && (
            <Descriptions.Item label={t('awardNotice.title')} span={3}>
              <span data-testid="notice-period">{t('awards.noticePeriod', { from: round.publishedOn, to: round.noticeEndsOn })}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {!manages && <NominateCard round={round} nominees={nominees} onDone={refresh} />}
      {manages && round.status === 'open' && round.nominators.includes('offices') && (
        // The office running the round nominates too; its nominees appear in the list below.
        <Card title={t('awards.nominateTitle')} data-testid="office-nominate">
          <NominateForm round={round} onDone={refresh} />
        </Card>
      )}
      {manages && (
        <Card
          title={t('awards.nominees')}
          extra={
            <Space wrap>
              {round.status === 'open' && (
                <>
                  <Typography.Text type="secondary">{t('awards.selected', { count: selected.length, quota: round.quota })}</Typography.Text>
                  <Button onClick={() => act.mutate('selection')} disabled={selection === null} data-testid="save-selection">
                    {t('awards.select')}
                  </Button>
                  <Popconfirm title={t('awards.publishConfirm')} onConfirm={() => act.mutate('publish')}>
                    <Button type="primary" disabled={selection !== null} data-testid="publish-notice">
                      {t('awards.publish')}
                    </Button>
                  </Popconfirm>
                </>
              )}
              {round.status === 'notice' && (
                <Popconfirm title={t('awards.finalizeConfirm')} onConfirm={() => act.mutate('finalize')}>
                  <Button type="primary" data-testid="finalize-round">
                    {t('awards.finalize')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          }
        >
          <NomineesTable round={round} nominees={nominees} selected={selected} onSelect={setSelection} onScored={refresh} />
        </Card>
      )}
      {manages && round.status !== 'open' && <ObjectionsCard objections={objections ?? []} onDone={refresh} />}
    </Space>
  );
}
