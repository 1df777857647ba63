import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type FieldIssue } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

type Report = Schemas['AreaImportReport'];

/** Check first, then import: nothing is written unless every row is good. */
export function AreaImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File>();
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api<Report>(`/api/areas/import?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: file,
      }),
    onSuccess: (report) => {
      if (!report.dryRun) void client.invalidateQueries({ queryKey: ['areas'] });
    },
  });
  const report = run.data;
  const issues: FieldIssue[] = run.error instanceof ApiError ? run.error.issues : [];

  return (
    <Modal
      open
      width={760}
      title={t('areas.importTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('areas.cancel')}</Button>
          <Button disabled={!file} loading={run.isPending && run.variables} onClick={() => run.mutate(true)} data-testid="import-preview">
            {t('areas.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!file || !report?.dryRun}
            loading={run.isPending && !run.variables}
            onClick={() => run.mutate(false)}
            data-testid="import-commit"
          >
            {t('areas.commit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('areas.importHelp')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          run.reset();
          return false;
        }}
        onRemove={() => {
          setFile(undefined);
          run.reset();
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('areas.chooseFile')}</p>
      </Upload.Dragger>
      {report && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          data-testid="import-result"
          title={t(report.dryRun ? 'areas.previewOk' : 'areas.imported', { ...report })}
        />
      )}
      {run.error && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Alert
            type="error"
            showIcon
            data-testid="import-errors"
            title={issues.length ? t('areas.rowErrors', { count: issues.length }) : run.error.message}
          />
          {issues.length > 0 && (
            <Table<FieldIssue>
              size="small"
              rowKey={(i) => `${i.row}-${i.field}-${i.rule}`}
              dataSource={issues}
              pagination={{ pageSize: 8 }}
              columns={[
                { title: t('areas.row'), dataIndex: 'row', width: 70 },
                { title: t('areas.field'), dataIndex: 'field', width: 110 },
                { title: t('areas.rule'), dataIndex: 'rule', width: 140 },
                { title: t('areas.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
