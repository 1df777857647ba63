import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client.ts';
import { type ImportJob, type ImportRow, ROW_OUTCOMES, type RowOutcome } from './import-api.ts';
import { OutcomeTag } from './labels.tsx';

const PAGE_SIZE = 50;

/** What became of each row, in file order, a page at a time (paged by row number, not offset). */
export function ImportRowsCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<RowOutcome>();
  // The row number each page starts after; the last is the page shown.
  const [cursors, setCursors] = useState<number[]>([0]);
  const after = cursors[cursors.length - 1];
  const rows = useQuery({
    // The rows done so far are part of the key: a running import's table grows as it goes.
    queryKey: ['import-rows', job.id, outcome, after, job.rowsDone],
    queryFn: () => api<ImportRow[]>(`/api/imports/${job.id}/rows${query({ outcome, after, limit: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const page = rows.data ?? [];
  const hasNext = page.length === PAGE_SIZE;
  return (
    <Card
      title={t('imports.rows')}
      extra={
        <Select<RowOutcome>
          allowClear
          placeholder={t('imports.allOutcomes')}
          value={outcome}
          onChange={(v) => {
            setOutcome(v);
            setCursors([0]);
          }}
          options={ROW_OUTCOMES.map((o) => ({ value: o, label: t(`imports.outcomes.${o}`) }))}
          style={{ width: 160 }}
          data-testid="rows-outcome"
        />
      }
    >
      <Table<ImportRow>
        rowKey="rowNo"
        size="small"
        loading={rows.isFetching && !rows.data}
        dataSource={page}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="import-rows"
        columns={[
          { title: t('imports.rowNo'), dataIndex: 'rowNo', width: 70 },
          { title: t('imports.outcome'), dataIndex: 'outcome', width: 110, render: (o: RowOutcome) => <OutcomeTag outcome={o} /> },
          { title: t('imports.externalId'), dataIndex: 'externalId', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('vol.name'), dataIndex: 'name', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('vol.volunteerNo'), dataIndex: 'volunteerNo', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('imports.reasons'), dataIndex: 'reasons', render: (v: string) => v || '—' },
        ]}
      />
      <Space style={{ marginTop: 12, width: '100%', justifyContent: 'flex-end' }}>
        <Typography.Text type="secondary">{t('imports.rowsPage', { page: cursors.length })}</Typography.Text>
        <Button
          size="small"
          icon={<LeftOutlined />}
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
          aria-label={t('imports.previousPage')}
          data-testid="rows-prev"
        />
        <Button
          size="small"
          icon={<RightOutlined />}
          disabled={!hasNext}
          onClick={() => setCursors([...cursors, page[page.length - 1].rowNo])}
          aria-label={t('imports.nextPage')}
          data-testid="rows-next"
        />
      </Space>
    </Card>
  );
}
