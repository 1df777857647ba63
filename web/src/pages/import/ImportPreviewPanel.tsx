import { CloseOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ImportCounts } from './ImportCounts.tsx';
import { useCancelImport, useStartImport } from './import-actions.ts';
import { type ImportJob, type ImportPreview, sortedByField } from './import-api.ts';
import { useFieldLabel, useValueLabel } from './labels.tsx';

interface IssueLine {
  key: string;
  rowNo: number;
  externalId: string;
  field: string;
  message: string;
}

const issueLines = (preview: ImportPreview): IssueLine[] =>
  preview.issues.flatMap((r) =>
    r.issues.map((i) => ({
      key: `${r.rowNo}-${i.field}-${i.rule}`,
      rowNo: r.rowNo,
      externalId: r.externalId,
      field: i.field,
      message: i.message,
    })),
  );

const warningLines = (preview: ImportPreview): IssueLine[] =>
  preview.warnings.flatMap((r) =>
    r.warnings.map((w) => ({ key: `${r.rowNo}-${w.field}-${w.rule}`, rowNo: r.rowNo, externalId: '', field: w.field, message: w.message })),
  );

const conflictLines = (preview: ImportPreview) =>
  preview.conflicts.flatMap((r) =>
    r.conflicts.map((c) => ({ key: `${r.rowNo}-${c.field}`, rowNo: r.rowNo, externalId: r.externalId, ...c })),
  );

/** Which header cell each field is read from, and the cells no field reads. */
function MappingCard({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  return (
    <Card title={t('imports.mapping')} data-testid="preview-mapping">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        {sortedByField(Object.entries(preview.mapping.columns)).map(([field, header]) => (
          <Descriptions.Item key={field} label={fieldLabel(field)}>
            <Typography.Text code>{header}</Typography.Text>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {preview.mapping.ignored.length > 0 && (
        <Space wrap size={[4, 4]} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('imports.ignored')}</Typography.Text>
          {preview.mapping.ignored.map((h) => (
            <Tag key={h}>{h}</Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}

function IssueTable({ lines, testId, withExternalId }: { lines: IssueLine[]; testId: string; withExternalId: boolean }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  return (
    <Table<IssueLine>
      size="small"
      rowKey="key"
      dataSource={lines}
      pagination={lines.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      data-testid={testId}
      columns={[
        { title: t('imports.rowNo'), dataIndex: 'rowNo', width: 80 },
        ...(withExternalId ? [{ title: t('imports.externalId'), dataIndex: 'externalId', width: 140 }] : []),
        { title: t('imports.field'), dataIndex: 'field', width: 140, render: (f: string) => fieldLabel(f) },
        { title: t('imports.message'), dataIndex: 'message' },
      ]}
    />
  );
}

/** What the import would do, checked row by row and nothing written yet; start or drop it. */
export function ImportPreviewPanel({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const valueLabel = useValueLabel();
  const start = useStartImport(job);
  const cancel = useCancelImport(job);
  const preview = job.preview;
  if (!preview) return null;
  const issues = issueLines(preview);
  const warnings = warningLines(preview);
  const conflicts = conflictLines(preview);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-preview">
      <Card
        title={t('imports.previewOf', { fileName: job.fileName })}
        extra={
          job.status === 'previewed' && (
            <Space wrap>
              <Button icon={<CloseOutlined />} loading={cancel.isPending} onClick={() => cancel.mutate()} data-testid="import-discard">
                {t('imports.discard')}
              </Button>
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                loading={start.isPending}
                disabled={preview.rows === preview.counts.rejected}
                onClick={() => start.mutate(false)}
                data-testid="import-start"
              >
                {t('imports.start')}
              </Button>
            </Space>
          )
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('imports.previewHelp')}</Typography.Text>
          {preview.alreadyImported && (
            <Alert
              type="warning"
              showIcon
              data-testid="already-imported"
              title={t('imports.alreadyImported', {
                at: preview.alreadyImported.finishedAt ? dayjs(preview.alreadyImported.finishedAt).format('YYYY-MM-DD HH:mm') : '—',
              })}
              action={<Link to={`/import/${preview.alreadyImported.jobId}`}>{t('imports.openJob')}</Link>}
            />
          )}
          <ImportCounts rows={preview.rows} counts={preview.counts} />
        </Space>
      </Card>
      <MappingCard preview={preview} />
      <Card title={t('imports.issues', { count: issues.length })}>
        {issues.length ? (
          <IssueTable lines={issues} testId="preview-issues" withExternalId />
        ) : (
          <Alert type="success" showIcon title={t('imports.noIssues')} data-testid="preview-no-issues" />
        )}
      </Card>
      {conflicts.length > 0 && (
        <Card title={t('imports.conflicts', { count: conflicts.length })}>
          <Typography.Paragraph type="secondary">{t('imports.conflictsHelp')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="key"
            dataSource={conflicts}
            pagination={conflicts.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            data-testid="preview-conflicts"
            columns={[
              { title: t('imports.rowNo'), dataIndex: 'rowNo', width: 80 },
              { title: t('imports.externalId'), dataIndex: 'externalId', width: 140 },
              { title: t('imports.field'), dataIndex: 'field', width: 140, render: (f: string) => fieldLabel(f) },
              { title: t('imports.kept'), key: 'kept', render: (_, c) => valueLabel(c.field, c.kept) },
              { title: t('imports.offered'), key: 'offered', render: (_, c) => valueLabel(c.field, c.offered) },
            ]}
          />
        </Card>
      )}
      {warnings.length > 0 && (
        <Card title={t('imports.warnings', { count: warnings.length })}>
          <IssueTable lines={warnings} testId="preview-warnings" withExternalId={false} />
        </Card>
      )}
    </Space>
  );
}
