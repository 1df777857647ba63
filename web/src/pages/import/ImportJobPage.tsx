import { DownloadOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Progress, Result, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ImportCounts } from './ImportCounts.tsx';
import { ImportPreviewPanel } from './ImportPreviewPanel.tsx';
import { failedInPreview, PreviewFailedCard, PreviewingCard } from './ImportPreviewStatus.tsx';
import { ImportRowsCard } from './ImportRowsCard.tsx';
import { useCancelImport, useStartImport } from './import-actions.ts';
import { type ImportJob, rowsProcessed, STARTABLE, useImportJob } from './import-api.ts';
import { ImportStatusTag, useSourceName } from './labels.tsx';

const PROGRESS_STATUS = {
  previewing: 'active',
  running: 'active',
  completed: 'success',
  failed: 'exception',
  cancelled: 'normal',
  previewed: 'normal',
} as const;
const time = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '—');

/** How far the job got, read from the server: a reload or another tab shows the same. */
function ProgressCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const start = useStartImport(job);
  const stop = useCancelImport(job);
  const done = rowsProcessed(job);
  const total = job.rowsTotal ?? 0;
  const percent = total ? Math.floor((done / total) * 100) : 0;
  return (
    <Card
      title={t('imports.progress')}
      extra={
        <Space wrap>
          {job.status === 'running' && (
            <Button icon={<PauseCircleOutlined />} loading={stop.isPending} onClick={() => stop.mutate()} data-testid="import-stop">
              {t('imports.stop')}
            </Button>
          )}
          {STARTABLE.includes(job.status) && (
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={start.isPending}
              onClick={() => start.mutate(false)}
              data-testid="import-resume"
            >
              {t(job.rowsDone > 1 ? 'imports.resume' : 'imports.start')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={`/api/imports/${job.id}/report.xlsx`} download data-testid="import-report">
            {t('imports.report')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Progress percent={percent} status={PROGRESS_STATUS[job.status]} data-testid="import-progress" />
        <Typography.Text data-testid="import-progress-text">
          {t(`imports.progressText.${job.status === 'cancelled' && job.rowsDone <= 1 ? 'discarded' : job.status}`, { done, total })}
        </Typography.Text>
        {job.status === 'failed' && job.error && (
          <Alert type="error" showIcon title={t('imports.failedTitle')} description={job.error} data-testid="import-error" />
        )}
        {job.status === 'cancelled' && job.rowsDone > 1 && <Alert type="info" showIcon title={t('imports.stoppedHelp')} />}
        <ImportCounts rows={job.rowsTotal} counts={job.counts} />
        {job.startedAt && (
          <Typography.Text type="secondary">
            {[
              t('imports.startedAt', { at: time(job.startedAt) }),
              ...(job.finishedAt ? [t('imports.finishedAt', { at: time(job.finishedAt) })] : []),
            ].join(' · ')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/** One import: its preview (being checked, then done or failed) until started, then its progress, its counts, its report and its rows. */
export function ImportJobPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const job = useImportJob(id);
  const sourceName = useSourceName();
  let body: React.ReactNode;
  if (job.isError) body = <Result status="error" title={job.error.message} />;
  else if (!job.data) body = <Spin />;
  else if (job.data.status === 'previewing') body = <PreviewingCard job={job.data} />;
  else if (job.data.status === 'previewed') body = <ImportPreviewPanel job={job.data} />;
  else if (failedInPreview(job.data)) body = <PreviewFailedCard job={job.data} />;
  else
    body = (
      <>
        <ProgressCard job={job.data} />
        <ImportRowsCard job={job.data} />
      </>
    );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/import">{t('imports.title')}</Link> }, { title: job.data?.fileName ?? '…' }]} />
      {job.data && (
        <div>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="import-title">
              {job.data.fileName}
            </Typography.Title>
            <ImportStatusTag status={job.data.status} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('imports.jobMeta', {
              source: sourceName(job.data.source),
              at: time(job.data.createdAt),
              format: job.data.format.toUpperCase(),
            })}
          </Typography.Paragraph>
        </div>
      )}
      {body}
    </Space>
  );
}
