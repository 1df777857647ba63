import { TranslationOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, Result, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ageOn, DOCUMENT_TYPES, validateDocument } from '../../../../src/domain/identity/index.ts';
import { SEXES } from '../../../../src/domain/volunteers/registration.ts';
import { api } from '../../api/client.ts';
import { useSignIn } from '../../auth/session.ts';
import { AreaPicker } from '../../components/AreaPicker.tsx';
import { useEnumOptions } from '../../components/catalog.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { changeLanguage } from '../../i18n/index.ts';
import { PROFILE_FIELD_NAMES, ProfileFields, type ProfileFormValues, profileBody } from '../volunteers/ProfileFields.tsx';

interface Values extends ProfileFormValues {
  name: string;
  docType: (typeof DOCUMENT_TYPES)[number];
  docNumber: string;
  sex?: string;
  birthDate?: Dayjs;
  phone: string;
  password: string;
  areaCode?: string;
  guardian?: { name?: string; phone?: string; consent?: boolean };
  consent?: boolean;
}

const FIELD_NAMES = [
  ['name'],
  ['docType'],
  ['docNumber'],
  ['sex'],
  ['birthDate'],
  ['phone'],
  ['password'],
  ['areaCode'],
  ['guardian', 'name'],
  ['guardian', 'phone'],
  ['guardian', 'consent'],
  ['consent'],
  ...PROFILE_FIELD_NAMES,
];

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Self-registration on a phone: identity, contact and residence, then (optionally) the profile. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const signIn = useSignIn();
  const docType = Form.useWatch('docType', form) ?? 'resident_id';
  const docNumber = Form.useWatch('docNumber', form) ?? '';
  const birthDate = Form.useWatch('birthDate', form);
  const docTypes = useEnumOptions('vol.docTypes', DOCUMENT_TYPES);
  const sexes = useEnumOptions('vol.sexes', SEXES);

  // What the ID number tells, shown as the person types (the server decides again).
  const parsed = docNumber ? validateDocument(docType, docNumber, today()) : undefined;
  const derived = parsed?.ok && parsed.birthDate ? parsed : undefined;
  const birth = derived?.birthDate ?? birthDate?.format('YYYY-MM-DD');
  const minor = !!birth && ageOn(birth, today()) < 18;

  const register = useMutation({
    mutationFn: (v: Values) =>
      api<{ id: string; volunteerNo: string }>('/api/volunteers/register', {
        method: 'POST',
        json: {
          name: v.name,
          docType: v.docType,
          docNumber: v.docNumber,
          sex: derived ? undefined : v.sex,
          birthDate: derived ? undefined : v.birthDate?.format('YYYY-MM-DD'),
          phone: v.phone,
          password: v.password,
          areaCode: v.areaCode ?? '',
          guardian: minor ? { name: v.guardian?.name ?? '', phone: v.guardian?.phone ?? '', consent: !!v.guardian?.consent } : null,
          consent: !!v.consent,
          ...profileBody(v),
        },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELD_NAMES)),
    onSuccess: (_, v) => signIn.mutate({ login: v.phone, password: v.password }),
  });

  if (register.data) {
    return (
      <div className="vn-register">
        <Card>
          <Result
            status="success"
            title={t('register.done', { volunteerNo: register.data.volunteerNo })}
            data-testid="register-done"
            extra={
              <Button type="primary" loading={signIn.isPending} onClick={() => navigate('/me')} data-testid="go-profile">
                {t('nav.myVolunteer')}
              </Button>
            }
          />
        </Card>
      </div>
    );
  }

  return (
    <div className="vn-register">
      <Card
        title={
          <Space orientation="vertical" size={0}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('register.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('register.subtitle')}</Typography.Text>
          </Space>
        }
        extra={
          <Button
            type="link"
            icon={<TranslationOutlined />}
            onClick={() => void changeLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
          >
            {t('lang.switch')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ docType: 'resident_id', availability: 0 }}
          onFinish={(v) => register.mutate(v)}
          scrollToFirstError
        >
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
          <Form.Item name="password" label={t('register.password')} extra={t('register.passwordHint')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
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

          <Divider titlePlacement="start">{t('register.profile')}</Divider>
          <ProfileFields />

          <Form.Item name="consent" valuePropName="checked">
            <Checkbox data-testid="consent">{t('register.consent')}</Checkbox>
          </Form.Item>
          {unplaced.length > 0 && (
            <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} data-testid="register-error" />
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={register.isPending} data-testid="register-submit">
            {t('register.submit')}
          </Button>
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Link to="/sign-in">{t('register.haveAccount')}</Link>
          </div>
        </Form>
      </Card>
    </div>
  );
}
