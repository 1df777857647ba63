import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Rate, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ServiceRequestDetail } from './request-api.ts';

/** The beneficiary (or someone for them) confirms the service and rates it 1–5. */
export function RatingForm({ requestId, onRated }: { requestId: string; onRated?: (r: ServiceRequestDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const rated = await api<ServiceRequestDetail>(`/api/requests/${requestId}/rating`, {
        method: 'POST',
        json: { rating, comment: comment.trim() || undefined },
      });
      client.setQueryData(['request', requestId], rated);
      await client.invalidateQueries({ queryKey: ['requests'] });
      message.success(t('requests.rateThanks'));
      onRated?.(rated);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="rating-form">
      <Rate value={rating} onChange={setRating} style={{ fontSize: 32 }} data-testid="rating-stars" />
      <Input.TextArea
        rows={2}
        maxLength={500}
        placeholder={t('requests.ratingComment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <Button type="primary" block disabled={rating === 0} loading={busy} onClick={submit} data-testid="submit-rating">
        {t('requests.confirmAndRate')}
      </Button>
    </Space>
  );
}
