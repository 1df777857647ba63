import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { JOIN_MODES } from '../../../../src/contract/index.ts';
import { api } from '../../api/client.ts';
import type { OrganizationDetail } from '../../api/types.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useEnumOptions } from '../../components/catalog.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

interface Values {
  name: string;
  kind: 'registered' | 'filed' | 'unit';
  uscc?: string;
  unitType?: string;
  areaCode?: string;
  joinMode: string;
  hasPartyBranch?: boolean;
  hasLeagueBranch?: boolean;
  contactName: string;
  contactPhone: string;
  address?: string;
  description?: string;
}

const FIELDS = [
  ['name'],
  ['kind'],
  ['uscc'],
  ['unitType'],
  ['areaCode'],
  ['joinMode'],
  ['contactName'],
  ['contactPhone'],
  ['address'],
  ['description'],
];

/** Filing (备案): the application goes to the office of the chosen area. */
export function ApplyOrganizationModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const kinds = useEnumOptions('orgs.kinds', ['filed', 'registered', 'unit']);
  const unitTypes = useEnumOptions('orgs.unitTypes', ['company', 'school', 'government', 'other']);
  const joinModes = useEnumOptions('orgs.joinModes', JOIN_MODES);
  const apply = useMutation({
    mutationFn: (v: Values) =>
      api<OrganizationDetail>('/api/organizations', {
        method: 'POST',
        json: {
          ...v,
          areaCode: v.areaCode ?? '',
          uscc: v.kind === 'registered' ? v.uscc : null,
          unitType: v.kind === 'unit' ? v.unitType : null,
          hasPartyBranch: !!v.hasPartyBranch,
          hasLeagueBranch: !!v.hasLeagueBranch,
          address: v.address || null,
          description: v.description || null,
        },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: (org) => {
      void message.success(t('orgs.applied'));
      void client.invalidateQueries({ queryKey: ['organizations'] });
      onClose();
      navigate(`/organizations/${org.id}`);
    },
  });
  return (
    <Modal
      open
      width={680}
      title={t('orgs.applyTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={apply.isPending}
      okButtonProps={{ id: 'apply-submit' }}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'filed', joinMode: 'approval' }} onFinish={(v) => apply.mutate(v)}>
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('orgs.kind')}>
          <Radio.Group options={kinds} />
        </Form.Item>
        {kind === 'registered' && (
          <Form.Item name="uscc" label={t('orgs.uscc')} rules={[{ required: true }]}>
            <Input maxLength={30} />
          </Form.Item>
        )}
        {kind === 'unit' && (
          <Form.Item name="unitType" label={t('orgs.unitType')} rules={[{ required: true }]}>
            <Select options={unitTypes} />
          </Form.Item>
        )}
        <Form.Item name="areaCode" label={t('orgs.area')} rules={[{ required: true }]}>
          <AreaPicker value={form.getFieldValue('areaCode')} onChange={(code) => form.setFieldValue('areaCode', code)} />
        </Form.Item>
        <Form.Item name="joinMode" label={t('orgs.joinMode')}>
          <Radio.Group options={joinModes} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="hasPartyBranch" valuePropName="checked">
              <Checkbox>{t('orgs.hasPartyBranch')}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="hasLeagueBranch" valuePropName="checked">
              <Checkbox>{t('orgs.hasLeagueBranch')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('orgs.contactName')} rules={[{ required: true }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactPhone" label={t('orgs.contactPhone')} rules={[{ required: true }]}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('orgs.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('orgs.description')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
