import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Space, Table, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, type FieldIssue, query } from '../../api/client.ts';
import { ImportNav } from './ImportNav.tsx';
import { ImportPreviewPanel } from './ImportPreviewPanel.tsx';
import { type ImportJob, useImportJob, useImportJobs, usePresets } from './import-api.ts';
import { ImportStatusTag, presetName, useFieldLabel, useSourceName } from './labels.tsx';

/** A file the server refused as a whole (a header without the required columns, an unreadable encoding). */
function UploadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const issues: FieldIssue[] = error instanceof ApiError ? error.issues : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="upload-error">
      {/* The table says it all when there is one; the message repeats it. */}
      <Alert type="error" showIcon title={t('imports.uploadRefused')} description={issues.length ? undefined : error.message} />
      {issues.length > 0 && (
        <Table<FieldIssue>
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

/** Upload a file from another platform, look at what it would do, then start it; below, my imports. */
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
      {job?.status === 'previewed' && (
        <div ref={previewRef} style={{ scrollMarginTop: 16 }}>
          <ImportPreviewPanel job={job} />
        </div>
      )}
      <RecentImports />
    </Space>
  );
}
