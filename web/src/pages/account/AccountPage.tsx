import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { useMe, useSignOut } from '../../auth/session.ts';
import { MoreLinks } from '../../components/MoreLinks.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function AccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data as Me;
  const [form] = Form.useForm<PasswordForm>();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      api('/api/auth/password', { method: 'POST', json: { currentPassword, newPassword } }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(error.issues.map((i) => ({ name: i.field as keyof PasswordForm, errors: [i.message] })));
      } else void message.error(error.message);
    },
  });

  return (
    <>
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <MoreLinks me={me} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('account.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('account.username')}>{me.username ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('account.phone')}>{me.phoneMasked ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('account.sessions')} style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary">{t('account.signOutEverywhereHelp')}</Typography.Paragraph>
            <Popconfirm
              title={t('account.confirmSignOutEverywhere')}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              onConfirm={() => signOut.mutate(true, { onSettled: () => navigate('/sign-in') })}
            >
              <Button danger data-testid="sign-out-everywhere">
                {t('account.signOutEverywhere')}
              </Button>
            </Popconfirm>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')}>
            <Form form={form} layout="vertical" onFinish={(values) => change.mutate(values)}>
              <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('account.newPassword')}
                extra={t('account.passwordHint')}
                rules={[{ required: true }, { min: 10 }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('account.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: (_, value) =>
                      !value || value === getFieldValue('newPassword')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('account.mismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending}>
                {t('account.changePassword')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
