import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import type { Policy, PolicyKind } from './training-api.ts';

interface Values {
  insurer: string;
  policyNo: string;
  startsOn: Dayjs;
  endsOn: Dayjs;
  coverage?: string;
}

const FIELDS = [['insurer'], ['policyNo'], ['startsOn'], ['endsOn'], ['coverage']];

/**
 * Files a policy: a volunteer's own (personal) or an organization's group policy. The period's
 * order is the server's rule; its objection lands on the end date.
 */
export function PolicyModal({ kind, organizationId, onClose }: { kind: PolicyKind; organizationId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Policy>('/api/training/policies', {
        method: 'POST',
        json: {
          kind,
          ...(organizationId ? { organizationId } : {}),
          insurer: v.insurer.trim(),
          policyNo: v.policyNo.trim(),
          startsOn: v.startsOn.format('YYYY-MM-DD'),
          endsOn: v.endsOn.format('YYYY-MM-DD'),
          coverage: v.coverage?.trim() || undefined,
        },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['insurance'] });
      void message.success(t('insurance.saved'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t(kind === 'group' ? 'insurance.addGroup' : 'insurance.addPersonal')}
      okText={t('insurance.save')}
      cancelText={t('insurance.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'policy-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        // Either date changing may settle the server's objection to the period.
        onValuesChange={(changed) => {
          const names = Object.keys(changed) as (keyof Values)[];
          if (names.includes('startsOn')) names.push('endsOn');
          form.setFields(names.map((name) => ({ name, errors: [] })));
        }}
        data-testid="policy-form"
      >
        <Form.Item name="insurer" label={t('insurance.insurer')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} placeholder={t('insurance.insurerPlaceholder')} />
        </Form.Item>
        <Form.Item name="policyNo" label={t('insurance.policyNo')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input maxLength={60} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="startsOn" label={t('insurance.startsOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="endsOn" label={t('insurance.endsOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="coverage" label={t('insurance.coverage')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('insurance.coveragePlaceholder')} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
