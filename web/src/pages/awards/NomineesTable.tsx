import { useMutation } from '@tanstack/react-query';
import { App, Button, InputNumber, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AwardRound, Nominee } from './awards-api.ts';

const STATUS_COLOR = { nominated: 'default', selected: 'gold', removed: 'red', awarded: 'green' } as const;

/** The reviewer's own scores of one nominee, one box per criterion. */
function ScoreCell({ round, nominee, onScored }: { round: AwardRound; nominee: Nominee; onScored: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [scores, setScores] = useState<(number | null)[]>(nominee.myScores ?? round.criteria.map(() => null));
  const save = useMutation({
    mutationFn: () => api(`/api/awards/nominees/${nominee.id}/scores`, { method: 'PUT', json: { scores } }),
    onSuccess: () => {
      onScored();
      void message.success(t('awards.scored'));
    },
    onError: (error) => void message.error(error.message),
  });
  if (round.status !== 'open' || !nominee.eligible || nominee.status === 'removed') return nominee.myScores?.join(' / ') ?? '—';
  return (
    <Space size={4}>
      {round.criteria.map((c, i) => (
        <Tooltip key={c.name} title={`${c.name} ×${c.weight}`}>
          <InputNumber
            size="small"
            min={0}
            max={round.scale}
            style={{ width: 64 }}
            value={scores[i]}
            onChange={(v) => setScores((s) => s.map((x, j) => (j === i ? v : x)))}
            aria-label={c.name}
          />
        </Tooltip>
      ))}
      <Button size="small" onClick={() => save.mutate()} disabled={scores.some((s) => s === null)} loading={save.isPending}>
        {t('awards.saveScores')}
      </Button>
    </Space>
  );
}

/** Nominees ranked by score, with eligibility today (the reasons only offices see) and the selection. */
export function NomineesTable(props: {
  round: AwardRound;
  nominees: Nominee[];
  selected: string[];
  onSelect: (ids: string[]) => void;
  onScored: () => void;
}) {
  const { t } = useTranslation();
  const { round } = props;
  return (
    <Table<Nominee>
      rowKey="id"
      size="small"
      dataSource={props.nominees}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="award-nominees"
      rowSelection={
        round.status === 'open'
          ? {
              selectedRowKeys: props.selected,
              onChange: (keys) => props.onSelect(keys as string[]),
              getCheckboxProps: (n) => ({ disabled: !n.eligible || n.status === 'removed' }),
            }
          : undefined
      }
      columns={[
        { title: t('awards.rank'), dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
        { title: t('awards.name'), dataIndex: 'name' },
        { title: t('awards.organization'), dataIndex: 'organizationName', render: (v: string | null) => v ?? '—' },
        {
          title: t('awards.eligibility'),
          key: 'eligible',
          render: (_, n) =>
            n.eligible ? (
              <Tag color="green">{t('awards.eligible')}</Tag>
            ) : (
              <Space size={4} wrap>
                <Tag color="red">{t('awards.notEligible')}</Tag>
                {n.because.map((b) => (
                  <Tag key={b}>{t(`awards.because.${b}`, { hours: n.hours, until: n.barredUntil })}</Tag>
                ))}
              </Space>
            ),
        },
        {
          title: t('awards.score'),
          key: 'score',
          align: 'right',
          render: (_, n) =>
            n.score == null ? '—' : <Tooltip title={t('awards.reviewers', { count: n.reviewers })}>{n.score.toFixed(2)}</Tooltip>,
        },
        { title: t('awards.myScores'), key: 'mine', render: (_, n) => <ScoreCell round={round} nominee={n} onScored={props.onScored} /> },
        {
          title: t('awards.status'),
          dataIndex: 'status',
          render: (s: Nominee['status']) => <Tag color={STATUS_COLOR[s]}>{t(`awards.nomineeStatuses.${s}`)}</Tag>,
        },
        { title: t('awards.reason'), dataIndex: 'reason', ellipsis: true, width: 240 },
      ]}
    />
  );
}
