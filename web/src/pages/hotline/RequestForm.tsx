import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useFieldErrors } from '../../components/form-errors.ts';
import { type RequestCategory, type SavedRequest, URGENCIES, type WindowKey, windowPresets } from './hotline-api.ts';

interface Values {
  categoryCode: string;
  window: WindowKey;
  urgency: (typeof URGENCIES)[number];
  headcount: number;
  notes?: string;
  guardOverrideReason?: string;
}

export interface RequestFormHandle {
  focus(): void;
}

/**
 * The request an operator takes for the caller (POST /api/requests, channel hotline): every field
 * reachable by Tab, presets for the time, Ctrl+Enter submits. When the over-service guard blocks
 * it, the reason field appears and the next submit carries it.
 */
export const RequestForm = forwardRef<RequestFormHandle, { beneficiaryId: string; callId: string; onSaved: (r: SavedRequest) => void }>(
  function RequestForm({ beneficiaryId, callId, onSaved }, ref) {
    const { t, i18n } = useTranslation();
    const [form] = Form.useForm<Values>();
    const errors = useFieldErrors(form, ['categoryCode', 'window', 'urgency', 'headcount', 'notes', 'guardOverrideReason']);
    const [blocked, setBlocked] = useState(false);
    const categoryRef = useRef<{ focus(): void }>(null);
    useImperativeHandle(ref, () => ({ focus: () => categoryRef.current?.focus() }));
    const categories = useQuery({
      queryKey: ['request-categories'],
      queryFn: () => api<RequestCategory[]>('/api/request-categories'),
      staleTime: 300_000,
      retry: false,
    });
    const presets = windowPresets();
    const save = useMutation({
      mutationFn: (v: Values) => {
        const window = presets.find((p) => p.key === v.window) ?? presets[0];
        return api<SavedRequest>('/api/requests', {
          method: 'POST',
          json: {
            beneficiaryId,
            categoryCode: v.categoryCode,
            windowStart: window.start,
            windowEnd: window.end,
            urgency: v.urgency,
            headcount: v.headcount,
            notes: v.notes || undefined,
            channel: 'hotline',
            callId,
            guardOverrideReason: v.guardOverrideReason || undefined,
          },
        });
      },
      onMutate: errors.clear,
      onError: (error) => {
        if (error instanceof ApiError && error.issues.some((i) => i.field === 'guardOverrideReason')) setBlocked(true);
        errors.show(error);
      },
      onSuccess: onSaved,
    });
    const active = (categories.data ?? []).filter((c) => c.active);
    return (
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ window: presets[0]?.key, urgency: 'normal', headcount: 1 }}
        onFinish={(v) => save.mutate(v)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
        data-testid="request-form"
      >
        {categories.isError && <Alert type="warning" showIcon title={t('hotline.request.unavailable')} style={{ marginBottom: 12 }} />}
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="categoryCode" label={t('hotline.request.category')} rules={[{ required: true }]}>
              <Select
                ref={categoryRef as never}
                showSearch={{ optionFilterProp: 'label' }}
                options={active.map((c) => ({ value: c.code, label: i18n.language === 'en-US' ? c.nameEn : c.nameZh }))}
                data-testid="request-category"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="window" label={t('hotline.request.window')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={presets.map((p) => ({ value: p.key, label: t(`hotline.request.windows.${p.key}`) }))}
                data-testid="request-window"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="urgency" label={t('hotline.request.urgency')}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={URGENCIES.map((u) => ({ value: u, label: t(`hotline.request.urgencies.${u}`) }))}
                data-testid="request-urgency"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={3}>
            <Form.Item name="headcount" label={t('hotline.request.headcount')}>
              <InputNumber min={1} max={20} style={{ width: '100%' }} data-testid="request-headcount" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('hotline.request.notes')}>
              <Input.TextArea rows={2} maxLength={500} data-testid="request-notes" />
            </Form.Item>
          </Col>
          {blocked && (
            <Col span={24}>
              <Form.Item name="guardOverrideReason" label={t('hotline.request.overrideReason')} rules={[{ required: true }]}>
                <Input maxLength={500} autoFocus data-testid="request-override" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="request-submit">
          {t('hotline.request.submit')}
        </Button>
      </Form>
    );
  },
);
