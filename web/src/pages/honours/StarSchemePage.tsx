import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { StarPreviewTable } from './StarPreviewTable.tsx';

type Scheme = Schemas['StarScheme'];
interface Values {
  kind: 'national' | 'city';
  thresholds: (number | null)[];
}
const STARS = [0, 1, 2, 3, 4];
const KNOWN = [...STARS.map((i) => ['thresholds', i]), ['thresholds']];

/** 星级标准 (city office): the hours for one to five stars, previewed against the volunteers of the city before saving. */
export function StarSchemePage() {
  const { t } = useTranslation();
  const scheme = useQuery({ queryKey: ['settings', 'star-scheme'], queryFn: () => api<Scheme>('/api/settings/star-scheme') });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="star-scheme-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('starScheme.title')}
      </Typography.Title>
      {scheme.data ? <SchemeForm scheme={scheme.data} /> : scheme.error ? <Alert type="error" title={scheme.error.message} /> : <Spin />}
    </Space>
  );
}

function SchemeForm({ scheme }: { scheme: Scheme }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const thresholdsOf = (v: Values) => (v.kind === 'national' ? scheme.nationalThresholds : v.thresholds);
  const clear = () => {
    setUnplaced([]);
    form.setFields(STARS.map((i) => ({ name: ['thresholds', i], errors: [] })));
  };
  const showErrors = (error: unknown) => setUnplaced(applyFieldErrors(form, error, KNOWN));

  const preview = useMutation({
    onMutate: clear,
    mutationFn: (thresholds: (number | null)[]) =>
      api<Schemas['StarSchemePreview']>('/api/settings/star-scheme/preview', { method: 'POST', json: { thresholds } }),
    onError: showErrors,
  });
  const save = useMutation({
    onMutate: clear,
    mutationFn: (thresholds: number[]) => api<Scheme>('/api/settings/star-scheme', { method: 'PUT', json: { thresholds } }),
    onSuccess: (saved) => {
      client.setQueryData(['settings', 'star-scheme'], saved);
      preview.reset();
      void message.success(t('starScheme.saved'));
    },
    onError: showErrors,
  });
  // Saving needs a preview of exactly what is saved: the office sees whom it moves first.
  const previewed = preview.data?.proposed.thresholds;

  return (
    <Card data-testid="star-scheme-card">
      <Typography.Paragraph type="secondary">{t('starScheme.help')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Tag color={scheme.national ? 'blue' : 'gold'} data-testid="star-scheme-current">
          {t('starScheme.current', { name: t(scheme.national ? 'starScheme.national' : 'starScheme.city') })}
        </Tag>
        <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
          {scheme.thresholds.join(' / ')} h
        </Typography.Text>
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: scheme.national ? 'national' : 'city', thresholds: scheme.thresholds }}
        onValuesChange={() => preview.reset()}
        onFinish={(v) => preview.mutate(thresholdsOf(v))}
      >
        <Form.Item name="kind" label={t('starScheme.choose')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'national', label: `${t('starScheme.national')}（${scheme.nationalThresholds.join(' / ')} h）` },
              { value: 'city', label: t('starScheme.city') },
            ]}
            data-testid="star-scheme-kind"
          />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
          {STARS.map((i) =>
            kind === 'national' ? (
              <Form.Item key={i} label={t('starScheme.threshold', { stars: i + 1 })}>
                <InputNumber value={scheme.nationalThresholds[i]} disabled style={{ width: 130 }} />
              </Form.Item>
            ) : (
              <Form.Item key={i} name={['thresholds', i]} label={t('starScheme.threshold', { stars: i + 1 })}>
                <InputNumber min={0} max={100_000} style={{ width: 130 }} data-testid={`threshold-${i}`} />
              </Form.Item>
            ),
          )}
        </div>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button htmlType="submit" loading={preview.isPending} data-testid="preview-stars">
            {t('starScheme.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!previewed}
            loading={save.isPending}
            onClick={() => previewed && save.mutate(previewed)}
            data-testid="save-stars"
          >
            {t('starScheme.save')}
          </Button>
          {!previewed && <Typography.Text type="secondary">{t('starScheme.previewFirst')}</Typography.Text>}
        </Space>
      </Form>
      {preview.data && <StarPreviewTable preview={preview.data} />}
    </Card>
  );
}
