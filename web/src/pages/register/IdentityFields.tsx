import { Alert, Checkbox, Col, DatePicker, Divider, Form, type FormInstance, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ageOn, DOCUMENT_TYPES, SEXES, validateDocument } from '../../../../src/contract/index.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useEnumOptions } from '../../components/catalog.ts';

export interface IdentityValues {
  name: string;
  docType: (typeof DOCUMENT_TYPES)[number];
  docNumber: string;
  sex?: string;
  birthDate?: Dayjs;
  phone: string;
  areaCode?: string;
  guardian?: { name?: string; phone?: string; consent?: boolean };
}

export const IDENTITY_FIELD_NAMES = [
  ['name'],
  ['docType'],
  ['docNumber'],
  ['sex'],
  ['birthDate'],
  ['phone'],
  ['areaCode'],
  ['guardian', 'name'],
  ['guardian', 'phone'],
  ['guardian', 'consent'],
];

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** What the document number says (birth date, sex) and whether the person is under 18, as they type. */
export function useIdentity(form: FormInstance) {
  const docType = Form.useWatch('docType', form) ?? 'resident_id';
  const docNumber = Form.useWatch('docNumber', form) ?? '';
  const birthDate = Form.useWatch('birthDate', form) as Dayjs | undefined;
  const parsed = docNumber ? validateDocument(docType, docNumber, today()) : undefined;
  const derived = parsed?.ok && parsed.birthDate ? parsed : undefined;
  const birth = derived?.birthDate ?? birthDate?.format('YYYY-MM-DD');
  return { docType, derived, minor: !!birth && ageOn(birth, today()) < 18 };
}

/** The registration body's identity part; what the ID number gives is left for the server to derive. */
export function identityBody(v: IdentityValues, identity: ReturnType<typeof useIdentity>) {
  return {
    name: v.name,
    docType: v.docType,
    docNumber: v.docNumber,
    sex: identity.derived ? undefined : v.sex,
    birthDate: identity.derived ? undefined : v.birthDate?.format('YYYY-MM-DD'),
    phone: v.phone,
    areaCode: v.areaCode ?? '',
    guardian: identity.minor ? { name: v.guardian?.name ?? '', phone: v.guardian?.phone ?? '', consent: !!v.guardian?.consent } : null,
  };
}

/** Identity, contact and residence, with the guardian's part for under-18s (MCA 2020 measures, Art 5). */
export function IdentityFields({
  form,
  identity,
  afterPhone,
}: {
  form: FormInstance;
  identity: ReturnType<typeof useIdentity>;
  afterPhone?: ReactNode;
}) {
  const { t } = useTranslation();
  const docTypes = useEnumOptions('vol.docTypes', DOCUMENT_TYPES);
  const sexes = useEnumOptions('vol.sexes', SEXES);
  const { derived, docType, minor } = identity;
  return (
    <>
      <Divider titlePlacement="start">{t('register.identity')}</Divider>
      <Form.Item name="name" label={t('vol.name')} rules={[{ required: true }]}>
        <Input maxLength={50} autoComplete="name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item name="docType" label={t('vol.docType')}>
            <Select options={docTypes} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name="docNumber"
            label={t('vol.docNumber')}
            rules={[{ required: true }]}
            extra={derived ? t('register.derived', { birthDate: derived.birthDate, sex: t(`vol.sexes.${derived.sex}`) }) : undefined}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      {!derived && docType !== 'resident_id' && (
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="sex" label={t('vol.sex')} rules={[{ required: true }]}>
              <Select options={sexes} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="birthDate" label={t('vol.birthDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}

      <Divider titlePlacement="start">{t('register.contact')}</Divider>
      <Form.Item name="phone" label={t('vol.phone')} rules={[{ required: true }]}>
        <Input inputMode="tel" maxLength={20} autoComplete="tel" />
      </Form.Item>
      {afterPhone}
      <Form.Item name="areaCode" label={t('vol.area')} rules={[{ required: true }]}>
        <AreaPicker value={form.getFieldValue('areaCode')} onChange={(code) => form.setFieldValue('areaCode', code)} />
      </Form.Item>

      {minor && (
        <>
          <Alert type="warning" showIcon title={t('register.minorHint')} style={{ marginBottom: 16 }} data-testid="minor-hint" />
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={['guardian', 'name']} label={t('vol.guardianName')} rules={[{ required: true }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['guardian', 'phone']} label={t('vol.guardianPhone')} rules={[{ required: true }]}>
                <Input inputMode="tel" maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name={['guardian', 'consent']} valuePropName="checked">
            <Checkbox>{t('vol.guardianConsent')}</Checkbox>
          </Form.Item>
        </>
      )}
    </>
  );
}
