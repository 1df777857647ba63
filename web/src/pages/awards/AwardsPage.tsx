import { Alert, Badge, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useMe } from '../../auth/session.ts';
import { type AwardRoundListItem, titleOf, useAwardRounds } from './awards-api.ts';
import { OpenRoundModal } from './OpenRoundModal.tsx';

const STATUS_COLOR = { open: 'blue', notice: 'orange', finalized: 'green' } as const;

/** 表彰评选: the rounds the office runs and those the actor may nominate in. */
export function AwardsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const rounds = useAwardRounds();
  const [opening, setOpening] = useState(false);
  const areas = (me.data?.grants ?? []).filter((g) => (g.role === 'city_admin' || g.role === 'district_admin') && g.areaCode);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('awards.title')}
        </Typography.Title>
        {can(me.data, 'award.manage') && areas.length > 0 && (
          <Button type="primary" onClick={() => setOpening(true)} data-testid="open-round">
            {t('awards.open')}
          </Button>
        )}
      </Space>
      <Alert type="info" showIcon title={t('awards.help')} />
      {rounds.error && <Alert type="error" showIcon title={rounds.error.message} />}
      <Table<AwardRoundListItem>
        rowKey="id"
        loading={rounds.isPending}
        dataSource={rounds.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        data-testid="award-rounds"
        columns={[
          { title: t('awards.year'), dataIndex: 'year', width: 80 },
          {
            title: t('awards.title'),
            key: 'title',
            render: (_, r) => <Link to={`/awards/${r.id}`}>{titleOf(r, i18n.language)}</Link>,
          },
          { title: t('awards.kind'), dataIndex: 'kind', render: (k: AwardRoundListItem['kind']) => t(`awards.kinds.${k}`) },
          {
            title: t('awards.status'),
            dataIndex: 'status',
            render: (s: AwardRoundListItem['status']) => <Tag color={STATUS_COLOR[s]}>{t(`awards.statuses.${s}`)}</Tag>,
          },
          { title: t('awards.quota'), dataIndex: 'quota', align: 'right' },
          { title: t('awards.nominees'), dataIndex: 'nominees', align: 'right' },
          { title: t('awards.deadline'), dataIndex: 'nominationDeadline' },
          {
            title: t('awards.openObjections'),
            dataIndex: 'openObjections',
            render: (n: number) => (n > 0 ? <Badge count={n} /> : '—'),
          },
        ]}
      />
      {opening && <OpenRoundModal areas={areas.map((g) => g.areaCode as string)} onClose={() => setOpening(false)} />}
    </Space>
  );
}
