import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { AwardRound, NewAwardRound } from './awards-api.ts';

type Values = Omit<NewAwardRound, 'nominationDeadline'> & { nominationDeadline: Dayjs };
const KINDS = ['volunteer', 'organization', 'project', 'named'] as const;

/** Opening a round: kind, year, titles, quota, minimum hours, who nominates, deadline, criteria with weights. */
export function OpenRoundModal({ areas, onClose }: { areas: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const year = dayjs().year();
  const open = useMutation({
    mutationFn: (v: Values) =>
      api<AwardRound>('/api/awards/rounds', {
        method: 'POST',
        json: { ...v, nominationDeadline: v.nominationDeadline.format('YYYY-MM-DD') },
      }),
    onSuccess: (round) => {
      void client.invalidateQueries({ queryKey: ['awards'] });
      void message.success(t('awards.created'));
      navigate(`/awards/${round.id}`);
    },
    onError: (error) => {
      const known = [
        ['year'],
        ['titleZh'],
        ['titleEn'],
        ['quota'],
        ['minHours'],
        ['nominators'],
        ['nominationDeadline'],
        ['scale'],
        ['criteria'],
      ];
      for (const m of applyFieldErrors(form, error, known)) void message.error(m);
    },
  });
  return (
    <Modal open title={t('awards.open')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={open.isPending} width={720}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => open.mutate(v)}
        initialValues={{
          areaCode: areas[0],
          kind: 'volunteer',
          year,
          titleZh: `${year}年度最美志愿者`,
          titleEn: `Outstanding Volunteers ${year}`,
          quota: 10,
          minHours: 100,
          nominators: ['organizations', 'offices'],
          nominationDeadline: dayjs().add(30, 'day'),
          scale: 100,
          criteria: [
            { name: '服务时长', nameEn: 'Service hours', weight: 40 },
            { name: '服务成效', nameEn: 'Impact', weight: 40 },
            { name: '群众评价', nameEn: 'Public rating', weight: 20 },
          ],
        }}
      >
        <Space wrap>
          <Form.Item name="areaCode" label={t('awards.area')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={areas.map((a) => ({ value: a, label: a }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('awards.kind')}>
            <Select style={{ width: 200 }} options={KINDS.map((k) => ({ value: k, label: t(`awards.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="year" label={t('awards.year')}>
            <InputNumber min={year - 1} max={year} />
          </Form.Item>
          <Form.Item name="quota" label={t('awards.quota')}>
            <InputNumber min={1} max={500} />
          </Form.Item>
        </Space>
        <Form.Item name="titleZh" label={t('awards.titleZh')} rules={[{ required: true }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="titleEn" label={t('awards.titleEn')} rules={[{ required: true }]}>
          <Input maxLength={160} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="minHours" label={t('awards.minHours')} extra={t('awards.minHoursHelp')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          <Form.Item name="nominationDeadline" label={t('awards.deadline')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="scale" label={t('awards.scale')}>
            <Radio.Group options={[10, 100].map((s) => ({ value: s, label: t('awards.scaleOption', { scale: s }) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="nominators" label={t('awards.nominators')}>
          <Checkbox.Group
            options={(['organizations', 'offices'] as const).map((n) => ({ value: n, label: t(`awards.nominatorOptions.${n}`) }))}
          />
        </Form.Item>
        <Form.List name="criteria">
          {(fields, { add, remove }) => (
            <Form.Item label={t('awards.criteria')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={t('awards.criterionName')} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'nameEn']} rules={[{ required: true }]}>
                    <Input placeholder={t('awards.criterionNameEn')} maxLength={80} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} rules={[{ required: true }]}>
                    <InputNumber placeholder={t('awards.weight')} min={0.1} max={100} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ weight: 10 })} icon={<PlusOutlined />} disabled={fields.length >= 10}>
                {t('awards.addCriterion')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
