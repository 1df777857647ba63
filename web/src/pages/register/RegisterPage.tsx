import { TranslationOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Divider, Form, Input, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { useSignIn } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { changeLanguage } from '../../i18n/index.ts';
import { PROFILE_FIELD_NAMES, ProfileFields, type ProfileFormValues, profileBody } from '../volunteers/ProfileFields.tsx';
import { IDENTITY_FIELD_NAMES, IdentityFields, type IdentityValues, identityBody, useIdentity } from './IdentityFields.tsx';

interface Values extends ProfileFormValues, IdentityValues {
  password: string;
  consent?: boolean;
}

const FIELD_NAMES = [...IDENTITY_FIELD_NAMES, ['password'], ['consent'], ...PROFILE_FIELD_NAMES];

/** Self-registration on a phone: identity, contact and residence, then (optionally) the profile. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const signIn = useSignIn();
  const identity = useIdentity(form);

  const register = useMutation({
    mutationFn: (v: Values) =>
      api<Schemas['CreatedVolunteer']>('/api/volunteers/register', {
        method: 'POST',
        json: {
          ...identityBody(v, identity),
          password: v.password,
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
              <Button
                type="primary"
                loading={signIn.isPending}
                // Signing in takes a moment: a click before that would lead to a profile not yet reachable.
                disabled={signIn.isPending}
                onClick={() => navigate('/me')}
                data-testid="go-profile"
              >
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
          <IdentityFields
            form={form}
            identity={identity}
            afterPhone={
              <Form.Item name="password" label={t('register.password')} extra={t('register.passwordHint')} rules={[{ required: true }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            }
          />

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
