import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AwardRound, Nominee } from './awards-api.ts';
import { NominateForm, useNominators } from './NominateForm.tsx';

/**
 * A nominator that does not run the round (an organization, or an office below the round's area)
 * nominates and sees its nominations. Whether a nominee is eligible is answered by the server; a
 * sanction is named only to an office that may read it.
 */
export function NominateCard({ round, nominees, onDone }: { round: AwardRound; nominees: Nominee[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { as } = useNominators(round);
  const open = round.status === 'open';
  return (
    <Card title={t('awards.nominateTitle')}>
      {open && as.length > 0 ? <NominateForm round={round} onDone={onDone} /> : !open && <Tag>{t('awards.nominateClosed')}</Tag>}
      <Table<Nominee>
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        pagination={false}
        title={() => t('awards.myNominations')}
        dataSource={nominees}
        data-testid="my-nominations"
        columns={[
          { title: t('awards.name'), dataIndex: 'name' },
          { title: t('awards.status'), dataIndex: 'status', render: (s: Nominee['status']) => t(`awards.nomineeStatuses.${s}`) },
          { title: t('awards.reason'), dataIndex: 'reason', ellipsis: true },
        ]}
      />
    </Card>
  );
}
