import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { StationDetail, StationStandard } from '../../api/types.ts';
import { standardName } from './labels.tsx';

interface Values {
  inspectedOn: Dayjs;
  itemsMet: string[];
  notes?: string;
}

/** One checkbox per standard in force; the date may not be later than today. */
export function InspectionModal({
  station,
  standards,
  onClose,
}: {
  station: StationDetail;
  standards: StationStandard[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const active = standards.filter((s) => s.active);
  const itemsMet = Form.useWatch('itemsMet', form) ?? [];
  const save = useMutation({
    mutationFn: (values: Values) =>
      api<StationDetail>(`/api/stations/${station.id}/inspections`, {
        method: 'POST',
        json: { inspectedOn: values.inspectedOn.format('YYYY-MM-DD'), itemsMet: values.itemsMet, notes: values.notes?.trim() || null },
      }),
    onSuccess: (saved) => {
      client.setQueryData(['station', station.id], saved);
      void client.invalidateQueries({ queryKey: ['stations'] });
      void message.success(t('stations.inspectionSaved'));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: i.field.split('.')[0] as keyof Values, errors: [i.message] })));
      } else void message.error(error.message);
    },
  });

  return (
    <Modal
      open
      title={`${t('stations.recordInspection')} · ${station.name}`}
      okText={t('stations.save')}
      cancelText={t('stations.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ inspectedOn: dayjs(), itemsMet: [] }}
        onFinish={(values) => save.mutate(values)}
        data-testid="inspection-form"
      >
        <Form.Item name="inspectedOn" label={t('stations.inspectedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} allowClear={false} />
        </Form.Item>
        <Form.Item
          label={t('stations.itemsMet')}
          extra={
            <Typography.Text type="secondary">
              {t('stations.metCount', { met: itemsMet.length, total: active.length })} · {t('stations.standardsHint')}
            </Typography.Text>
          }
        >
          <Checkbox
            indeterminate={itemsMet.length > 0 && itemsMet.length < active.length}
            checked={active.length > 0 && itemsMet.length === active.length}
            onChange={(e) => form.setFieldValue('itemsMet', e.target.checked ? active.map((s) => s.code) : [])}
            data-testid="check-all"
          >
            {t('stations.checkAll')}
          </Checkbox>
          <Form.Item name="itemsMet" noStyle>
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8, paddingInlineStart: 24 }}>
              {active.map((s) => (
                <Checkbox key={s.code} value={s.code}>
                  {standardName(s, i18n.language)}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        </Form.Item>
        <Form.Item name="notes" label={t('stations.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
