import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { CheckInResult } from './CheckInResult.tsx';
import { type AttendanceResult, attemptKey } from './checkin-api.ts';
import { QrScanner } from './QrScanner.tsx';

/**
 * The organizer (or the station's keeper) checks a volunteer in or out by their e-card: the camera
 * keeps reading one card after another; a barcode reader or a pasted payload works the same way.
 */
export function EcardScanCard({ activityId, note }: { activityId: string; note?: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<{ token: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const scan = useMutation({
    mutationFn: (token: string) =>
      api<AttendanceResult>('/api/attendance/ecard', { method: 'POST', json: { activityId, token: token.trim(), key: attemptKey() } }),
    onSuccess: () => form.resetFields(),
    onError: (error) => {
      // A refused card (expired, not a card) is about what was scanned: shown under the field.
      if (error instanceof ApiError && error.issues.length === 0) form.setFields([{ name: 'token', errors: [error.message] }]);
      else setUnplaced(applyFieldErrors(form, error, [['token']]));
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['attendance', 'sheet', activityId] }),
  });
  const send = (token: string) => {
    setUnplaced([]);
    form.setFieldValue('token', token);
    scan.mutate(token);
  };

  return (
    <Card title={t('checkin.ecard.title')} data-testid="ecard-scan">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {note && <Alert type="info" showIcon title={note} />}
        <Typography.Text type="secondary">{t('checkin.ecard.help')}</Typography.Text>
        <QrScanner continuous onResult={send} testId="ecard-scanner" />
        <Form form={form} layout="vertical" onFinish={(v) => send(v.token)} requiredMark={false}>
          <Form.Item
            name="token"
            label={t('checkin.ecard.token')}
            rules={[{ required: true, whitespace: true, message: t('checkin.ecard.tokenRequired') }]}
          >
            <Input placeholder={t('checkin.ecard.tokenPlaceholder')} autoComplete="off" data-testid="ecard-token" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={scan.isPending} block data-testid="ecard-submit">
            {t('checkin.ecard.submit')}
          </Button>
        </Form>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
        {scan.data && <CheckInResult result={scan.data} compact />}
      </Space>
    </Card>
  );
}
