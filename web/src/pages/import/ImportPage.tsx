import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Select, Space, Table, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, type FieldIssue, query } from '../../api/client.ts';
import { ImportNav } from './ImportNav.tsx';
import { ImportPreviewPanel } from './ImportPreviewPanel.tsx';
import { FileIssues, failedInPreview, PreviewFailedCard, PreviewingCard } from './ImportPreviewStatus.tsx';
import { type ImportJob, useImportJob, useImportJobs, usePresets } from './import-api.ts';
import { ImportStatusTag, presetName, useSourceName } from './labels.tsx';

/** A file the server refused before storing it (an unknown source, a file too large). */
function UploadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const issues: FieldIssue[] = error instanceof ApiError ? error.issues : [];
  return <FileIssues title={t('imports.uploadRefused')} message={error.message} issues={issues} testId="upload-error" />;
}

function UploadCard({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const { t, i18n } = useTranslation();
  const presets = usePresets();
  const [source, setSource] = useState<string>();
  const [file, setFile] = useState<File>();
  const upload = useMutation({
    mutationFn: () =>
      api<ImportJob>(`/api/imports${query({ source, fileName: file?.name })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      }),
    onSuccess: onUploaded,
  });
  return (
    <Card title={t('imports.uploadTitle')}>
      <Form layout="vertical" onFinish={() => upload.mutate()}>
        <Form.Item label={t('imports.source')} required extra={t('imports.sourceHelp')}>
          <Select
            value={source}
            onChange={(v) => {
              setSource(v);
              upload.reset();
            }}
            placeholder={t('imports.sourcePlaceholder')}
            loading={presets.isPending}
            options={presets.data?.map((p) => ({ value: p.source, label: presetName(p, i18n.language) }))}
            style={{ maxWidth: 420 }}
            data-testid="import-source"
          />
        </Form.Item>
        <Form.Item label={t('imports.file')} required>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              upload.reset();
              return false;
            }}
            onRemove={() => {
              setFile(undefined);
              upload.reset();
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.chooseFile')}</p>
            <p className="ant-upload-hint">{t('imports.fileHelp')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<UploadOutlined />}
          disabled={!source || !file}
          loading={upload.isPending}
          data-testid="import-upload"
        >
          {t('imports.upload')}
        </Button>
      </Form>
      {upload.error && (
        <div style={{ marginTop: 16 }}>
          <UploadError error={upload.error} />
        </div>
      )}
    </Card>
  );
}

function RecentImports() {
  const { t } = useTranslation();
  // Only what happened: "新建 3 · 未导入 1".
  const resultSummary = (job: ImportJob) =>
    (['created', 'merged', 'unchanged', 'rejected', 'candidates'] as const)
      .filter((k) => job.counts[k] > 0)
      .map((k) => `${t(`imports.counts.${k}`)} ${job.counts[k]}`)
      .join(' · ') || '—';
  const jobs = useImportJobs();
  const sourceName = useSourceName();
  return (
    <Card title={t('imports.recent')}>
      <Table<ImportJob>
        rowKey="id"
        size="small"
        loading={jobs.isPending}
        dataSource={jobs.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 800 }}
        data-testid="import-jobs"
        columns={[
          { title: t('imports.fileName'), dataIndex: 'fileName', render: (name: string, j) => <Link to={`/import/${j.id}`}>{name}</Link> },
          { title: t('imports.source'), dataIndex: 'source', width: 180, render: (s: string) => sourceName(s) },
          {
            title: t('imports.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: ImportJob['status']) => <ImportStatusTag status={s} />,
          },
          { title: t('imports.counts.rows'), dataIndex: 'rowsTotal', width: 80, align: 'right' },
          { title: t('imports.result'), render: (_, j) => resultSummary(j) },
          {
            title: t('imports.uploadedAt'),
            dataIndex: 'createdAt',
            width: 150,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
    </Card>
  );
}

/**
 * Upload a file from another platform, watch it being checked on the server, look at what it
 * would do, then start it; below, my imports.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string>();
  const job = useImportJob(jobId).data;
  const previewRef = useRef<HTMLDivElement>(null);
  // The preview opens below the upload form, mostly out of sight: bring it into view.
  useEffect(() => {
    if (jobId) previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [jobId]);
  // The list below shows the job's status too: asked again when the check ends.
  const status = job?.status;
  useEffect(() => {
    if (status) void client.invalidateQueries({ queryKey: ['imports'] });
  }, [status, client]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ImportNav active="import" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('imports.intro')}
      </Typography.Paragraph>
      <UploadCard
        onUploaded={(uploaded) => {
          client.setQueryData(['import', uploaded.id], uploaded);
          void client.invalidateQueries({ queryKey: ['imports'] });
          setJobId(uploaded.id);
        }}
      />
      {job && (job.status === 'previewing' || job.status === 'previewed' || failedInPreview(job)) && (
        <div ref={previewRef} style={{ scrollMarginTop: 16 }}>
          {job.status === 'previewing' && <PreviewingCard job={job} />}
          {job.status === 'previewed' && <ImportPreviewPanel job={job} />}
          {failedInPreview(job) && <PreviewFailedCard job={job} />}
        </div>
      )}
      <RecentImports />
    </Space>
  );
}
