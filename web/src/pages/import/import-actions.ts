import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { type ImportJob, STARTABLE } from './import-api.ts';

function useKeepJob() {
  const client = useQueryClient();
  return (job: ImportJob) => {
    client.setQueryData(['import', job.id], job);
    void client.invalidateQueries({ queryKey: ['imports'] });
  };
}

/**
 * Starts (or resumes) a job and opens its progress page. The server refuses a file that was
 * imported completely before; the person may then import it anyway.
 */
export function useStartImport(job: ImportJob) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const keep = useKeepJob();
  const start = useMutation({
    mutationFn: (force: boolean) => api<ImportJob>(`/api/imports/${job.id}/start`, { method: 'POST', json: { force } }),
    onSuccess: (started) => {
      keep(started);
      navigate(`/import/${started.id}`);
    },
    onError: (error, force) => {
      // Running or completed jobs answer 409 too; only a startable job can be refused for its file.
      if (error instanceof ApiError && error.status === 409 && !force && STARTABLE.includes(job.status)) {
        modal.confirm({
          title: t('imports.alreadyImportedTitle'),
          // The server's message carries a raw timestamp; the preview knows the same time.
          content: job.preview?.alreadyImported?.finishedAt
            ? t('imports.alreadyImported', { at: dayjs(job.preview.alreadyImported.finishedAt).format('YYYY-MM-DD HH:mm') })
            : error.message,
          okText: t('imports.importAnyway'),
          cancelText: t('common.no'),
          okButtonProps: { id: 'import-anyway' },
          onOk: () => start.mutateAsync(true),
        });
      } else void message.error(error.message);
    },
  });
  return start;
}

/** Stops a running job after its batch in flight, or drops a previewed one. */
export function useCancelImport(job: ImportJob) {
  const { message } = App.useApp();
  const keep = useKeepJob();
  return useMutation({
    mutationFn: () => api<ImportJob>(`/api/imports/${job.id}/cancel`, { method: 'POST' }),
    onSuccess: keep,
    onError: (error) => void message.error(error.message),
  });
}
