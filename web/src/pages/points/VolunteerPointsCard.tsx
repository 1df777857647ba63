import { Card, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatementTable } from '../../components/StatementTable.tsx';
import { useVolunteerPoints } from './points-api.ts';

const PAGE_SIZE = 10;

/** An office's (or the volunteer's organization's) view of a volunteer's points: the balance and the statement. */
export function VolunteerPointsCard({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const points = useVolunteerPoints(volunteerId, page, PAGE_SIZE);
  // Not theirs to see (another organization's volunteer): the card is left out, as the API answers 404.
  if (points.isError) return null;
  return (
    <Card
      title={t('points.officeTitle')}
      loading={points.isPending}
      extra={points.data && <Statistic value={points.data.balance} suffix={t('points.unit')} data-testid="volunteer-points-balance" />}
    >
      {points.data && (
        <StatementTable
          ns="points"
          testId="points-statement"
          lines={points.data.statement}
          total={points.data.total}
          page={page}
          pageSize={PAGE_SIZE}
          loading={points.isFetching}
          onPage={setPage}
        />
      )}
    </Card>
  );
}
