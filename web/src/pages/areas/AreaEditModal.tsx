import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { AreaDetail } from '../../api/types.ts';
import { areaLabel } from '../../components/AreaName.tsx';

type Values = Pick<AreaDetail, 'name' | 'nameEn' | 'population' | 'lat' | 'lng'>;

export function AreaEditModal({ area, onClose }: { area: AreaDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (values: Values) => api<AreaDetail>(`/api/areas/${area.code}`, { method: 'PATCH', json: values }),
    onSuccess: (updated) => {
      client.setQueryData(['area', area.code], updated);
      void client.invalidateQueries({ queryKey: ['areas'] });
      void message.success(t('areas.saved'));
      onClose();
    },
    onError: (error) => {
      // Put each server-side problem on its field, in the user's language.
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: i.field as keyof Values, errors: [i.message] })));
      } else void message.error(error.message);
    },
  });
  return (
    <Modal
      open
      title={`${t('areas.edit')} · ${areaLabel(area, i18n.language)}`}
      okText={t('areas.save')}
      cancelText={t('areas.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" initialValues={area} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label={t('areas.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('areas.nameEn')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="population" label={t('areas.population')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lat" label={t('areas.lat')}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lng" label={t('areas.lng')}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
