import { DisconnectOutlined, MergeCellsOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AreaName } from '../../components/AreaName.tsx';
import type { DuplicateCandidate, DuplicateSide } from './import-api.ts';
import { useSourceName } from './labels.tsx';

const time = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

/** The record to keep unless the person says otherwise: the one with an ID number, else the older one. */
export function suggestedSurvivor(pair: DuplicateCandidate): DuplicateSide {
  return !pair.record.docMasked && pair.other.docMasked ? pair.other : pair.record;
}

interface Actions {
  onMerge: (survivor: DuplicateSide, merged: DuplicateSide) => void;
  onKeepApart: () => void;
  onUndo: () => void;
  busy: boolean;
}

function SideCard({
  side,
  position,
  pair,
  actions,
}: {
  side: DuplicateSide;
  position: 'record' | 'other';
  pair: DuplicateCandidate;
  actions: Actions;
}) {
  const { t } = useTranslation();
  const sourceName = useSourceName();
  const suggested = pair.status === 'open' && suggestedSurvivor(pair).id === side.id;
  const partner = position === 'record' ? pair.other : pair.record;
  const none = <Typography.Text type="secondary">{t('duplicates.none')}</Typography.Text>;
  return (
    <Card
      type="inner"
      size="small"
      data-testid={`side-${position}`}
      title={
        <Space wrap size={4}>
          <span>{t(`duplicates.${position}`)}</span>
          <Link to={`/volunteers/${side.id}`}>{side.volunteerNo}</Link>
        </Space>
      }
      extra={
        <Space size={4}>
          {suggested && <Tag color="green">{t('duplicates.suggested')}</Tag>}
          {pair.status === 'merged' && side.status === 'active' && <Tag color="green">{t('duplicates.survivor')}</Tag>}
          {side.status !== 'active' && <Tag color="orange">{t(`vol.statuses.${side.status}`, side.status)}</Tag>}
        </Space>
      }
      style={{ height: '100%' }}
    >
      <Descriptions size="small" column={1} styles={{ label: { width: 96 } }}>
        <Descriptions.Item label={t('vol.name')}>{side.name}</Descriptions.Item>
        <Descriptions.Item label={t('vol.sex')}>{side.sex ? t(`vol.sexes.${side.sex}`) : none}</Descriptions.Item>
        <Descriptions.Item label={t('vol.birthDate')}>{side.birthDate ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('vol.docNumber')}>
          <span data-testid="doc">{side.docMasked ?? none}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('vol.phone')}>{side.phoneMasked ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('vol.area')}>
          <AreaName code={side.areaCode} />
        </Descriptions.Item>
        <Descriptions.Item label={t('vol.registeredVia')}>{t(`vol.vias.${side.registeredVia}`, side.registeredVia)}</Descriptions.Item>
        <Descriptions.Item label={t('vol.sources')}>
          {side.sources.length ? (
            <Space wrap size={[4, 4]}>
              {side.sources.map((s) => {
                const [source, ...id] = s.split(':');
                return <Tag key={s}>{`${sourceName(source)} · ${id.join(':')}`}</Tag>;
              })}
            </Space>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('duplicates.account')}>
          {t(side.hasAccount ? 'duplicates.hasAccount' : 'duplicates.noAccount')}
        </Descriptions.Item>
        <Descriptions.Item label={t('duplicates.registeredAt')}>{time(side.createdAt)}</Descriptions.Item>
      </Descriptions>
      {pair.status === 'open' && (
        <Button
          block
          type={suggested ? 'primary' : 'default'}
          icon={<MergeCellsOutlined />}
          disabled={actions.busy}
          onClick={() => actions.onMerge(side, partner)}
          style={{ marginTop: 12 }}
          data-testid={`merge-into-${position}`}
        >
          {t('duplicates.mergeInto')}
        </Button>
      )}
    </Card>
  );
}

/** Two records that may be one person, side by side, with what can be done about them. */
export function DuplicatePairCard({ pair, actions }: { pair: DuplicateCandidate; actions: Actions }) {
  const { t } = useTranslation();
  return (
    <Card
      data-testid="duplicate-pair"
      title={t('duplicates.pairTitle', { name: pair.record.name })}
      extra={
        <Typography.Text type="secondary">
          {pair.status === 'open'
            ? t('duplicates.foundAt', { at: time(pair.createdAt) })
            : t('duplicates.decided', { by: pair.decidedBy ?? '—', at: time(pair.decidedAt) })}
        </Typography.Text>
      }
    >
      <Typography.Paragraph type="secondary">{t(`duplicates.reasons.${pair.reason}`)}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <SideCard side={pair.record} position="record" pair={pair} actions={actions} />
        </Col>
        <Col xs={24} md={12}>
          <SideCard side={pair.other} position="other" pair={pair} actions={actions} />
        </Col>
      </Row>
      {pair.status === 'open' && (
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
          <Button icon={<DisconnectOutlined />} disabled={actions.busy} onClick={actions.onKeepApart} data-testid="keep-apart">
            {t('duplicates.keepApart')}
          </Button>
        </Space>
      )}
      {pair.status === 'merged' && (
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
          <Button icon={<UndoOutlined />} disabled={actions.busy} onClick={actions.onUndo} data-testid="undo-merge">
            {t('duplicates.undo')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
