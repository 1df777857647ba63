import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Beneficiary, BeneficiaryKind } from '../../api/types.ts';
import { useFieldErrors } from '../../components/form-errors.ts';
import { CommunitySelect } from './CommunitySelect.tsx';

export const BENEFICIARY_KINDS: BeneficiaryKind[] = ['elderly_alone', 'elderly', 'disabled', 'child_in_care', 'family_in_need', 'other'];
const CONSENT_GIVERS = ['self', 'guardian', 'office'] as const;

interface Values {
  name: string;
  kind: BeneficiaryKind;
  birthYear?: number;
  areaCode: string;
  address?: string;
  phone?: string;
  contactName?: string;
  contactRelation?: string;
  contactPhone?: string;
  notes?: string;
  consentBy: (typeof CONSENT_GIVERS)[number];
  consent: boolean;
}

const FIELDS = [
  'name',
  'kind',
  'birthYear',
  'areaCode',
  'address',
  'phone',
  'contactName',
  'contactRelation',
  'contactPhone',
  'notes',
  'consentBy',
  'consent',
];

/**
 * Registers a person served. `short` is the hotline's version (who, where, how to reach them,
 * consent): an operator fills it by keyboard while the caller waits; the rest can follow later.
 */
export function BeneficiaryForm({
  within,
  initial,
  short = false,
  onSaved,
  onCancel,
}: {
  within?: string;
  initial?: Partial<Values>;
  short?: boolean;
  onSaved: (b: Beneficiary) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const errors = useFieldErrors(form, FIELDS);
  const save = useMutation({
    mutationFn: (v: Values) => api<Beneficiary>('/api/beneficiaries', { method: 'POST', json: { ...v, consent: v.consent === true } }),
    onMutate: errors.clear,
    onError: errors.show,
    onSuccess: onSaved,
  });
  const half = short ? 12 : 8;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'elderly_alone', consentBy: 'self', consent: false, ...initial }}
      onFinish={(v) => save.mutate(v)}
      data-testid="beneficiary-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={half}>
          <Form.Item name="name" label={t('beneficiaries.name')} rules={[{ required: true }]}>
            <Input autoFocus={short} maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={half}>
          <Form.Item name="kind" label={t('beneficiaries.kind')} rules={[{ required: true }]}>
            <Select options={BENEFICIARY_KINDS.map((k) => ({ value: k, label: t(`beneficiaries.kinds.${k}`) }))} />
          </Form.Item>
        </Col>
        {!short && (
          <Col xs={24} sm={8}>
            <Form.Item name="birthYear" label={t('beneficiaries.birthYear')}>
              <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item name="areaCode" label={t('beneficiaries.area')} rules={[{ required: true }]}>
            <CommunitySelect within={within} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('beneficiaries.phone')}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('beneficiaries.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="contactName" label={t('beneficiaries.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="contactRelation" label={t('beneficiaries.contactRelation')}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="contactPhone" label={t('beneficiaries.contactPhone')}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Col>
        {!short && (
          <Col span={24}>
            <Form.Item name="notes" label={t('beneficiaries.notes')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item name="consentBy" label={t('beneficiaries.consentBy')}>
            <Select options={CONSENT_GIVERS.map((c) => ({ value: c, label: t(`beneficiaries.consentGivers.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name="consent"
            valuePropName="checked"
            rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('beneficiaries.consentRequired')))) }]}
          >
            <Checkbox data-testid="beneficiary-consent">{t('beneficiaries.consent')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="beneficiary-save">
          {t('beneficiaries.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('beneficiaries.cancel')}</Button>}
      </Space>
    </Form>
  );
}
