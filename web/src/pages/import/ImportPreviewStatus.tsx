import { Alert, Card, Progress, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from './import-api.ts';
import { useFieldLabel } from './labels.tsx';

export interface FileIssue {
  row?: number;
  field: string;
  rule: string;
  message: string;
}

/** A file refused as a whole (a header without the required columns, an unreadable encoding): what is wrong, field by field. */
export function FileIssues({
  title,
  message,
  issues,
  testId,
}: {
  title: string;
  message?: string | null;
  issues: FileIssue[];
  testId: string;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      {/* The table says it all when there is one; the message repeats it. */}
      <Alert type="error" showIcon title={title} description={issues.length ? undefined : (message ?? undefined)} />
      {issues.length > 0 && (
        <Table<FileIssue>
          size="small"
          rowKey={(i) => `${i.row}-${i.field}-${i.rule}`}
          dataSource={issues}
          pagination={false}
          columns={[
            { title: t('imports.rowNo'), dataIndex: 'row', width: 80, render: (r?: number) => r ?? '—' },
            { title: t('imports.field'), dataIndex: 'field', width: 140, render: (f: string) => fieldLabel(f) },
            { title: t('imports.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

/** The preview running on the server: rows read so far, asked again every second. */
export function PreviewingCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <Card title={t('imports.previewOf', { fileName: job.fileName })} data-testid="import-previewing">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Progress percent={100} status="active" showInfo={false} />
        <Typography.Text data-testid="import-previewing-text">{t('imports.previewing', { rows: job.rowsRead })}</Typography.Text>
        <Typography.Text type="secondary">{t('imports.previewingHelp')}</Typography.Text>
      </Space>
    </Card>
  );
}

/** A preview that ended in failure, saying why. */
export function PreviewFailedCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <Card title={t('imports.previewOf', { fileName: job.fileName })}>
      <FileIssues title={t('imports.previewFailed')} message={job.error} issues={job.errorIssues} testId="preview-failed" />
    </Card>
  );
}

/** A job that failed before it was started failed in its preview. */
export const failedInPreview = (job: ImportJob) => job.status === 'failed' && !job.startedAt;
