import { Rate, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/types.ts';

/** Volunteers per star under the scheme in force and the one proposed, with who moves. */
export function StarPreviewTable({ preview }: { preview: Schemas['StarSchemePreview'] }) {
  const { t } = useTranslation();
  const rows = [5, 4, 3, 2, 1, 0].map((stars) => ({
    stars,
    current: preview.current.holders[stars],
    proposed: preview.proposed.holders[stars],
  }));
  return (
    <div data-testid="star-preview" style={{ marginTop: 24 }}>
      <Typography.Title level={5}>{t('starScheme.previewTitle')}</Typography.Title>
      <Typography.Paragraph data-testid="star-preview-summary">
        {t('starScheme.summary', { volunteers: preview.volunteers, up: preview.up, down: preview.down })}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="stars"
        dataSource={rows}
        style={{ maxWidth: 640 }}
        columns={[
          {
            title: t('starScheme.stars'),
            dataIndex: 'stars',
            render: (stars: number) =>
              stars === 0 ? t('starScheme.noStar') : <Rate disabled count={stars} value={stars} style={{ fontSize: 14 }} />,
          },
          { title: t('starScheme.currentCount'), dataIndex: 'current', align: 'right' },
          {
            title: t('starScheme.proposedCount'),
            dataIndex: 'proposed',
            align: 'right',
            render: (n: number, row) => <span data-testid={`preview-stars-${row.stars}`}>{n}</span>,
          },
          {
            title: t('starScheme.change'),
            key: 'change',
            align: 'right',
            render: (_, row) => {
              const d = row.proposed - row.current;
              return <Typography.Text type={d > 0 ? 'success' : d < 0 ? 'danger' : 'secondary'}>{d > 0 ? `+${d}` : d}</Typography.Text>;
            },
          },
        ]}
      />
    </div>
  );
}
