import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useMe, useSignIn } from '../../auth/session.ts';
import { chooseLanguageSignedOut } from '../../i18n/index.ts';

/** Only a path on this site: never another origin, whatever slashes or backslashes it tries. */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.includes('\\')) return '/';
  const url = new URL(next, window.location.origin);
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : '/';
}

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = safeNext(next);
  if (me.data) return <Navigate to={target} replace />;
  const error = signIn.error instanceof ApiError ? signIn.error.message : signIn.error ? t('common.error') : null;

  return (
    <div className="vn-signin">
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 24, textAlign: 'center' }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('signIn.subtitle')}</Typography.Text>
        </Space>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { login: string; password: string }) =>
            signIn.mutate(values, { onSuccess: () => navigate(target, { replace: true }) })
          }
        >
          <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('signIn.loginRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Link to="/register" data-testid="register-link">
            {t('register.link')}
          </Link>
          <br />
          <Link to="/verify" data-testid="verify-link">
            {t('verify.link')}
          </Link>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('signIn.demoHint')}
        </Typography.Paragraph>
        <div style={{ textAlign: 'center' }}>
          <Button
            type="link"
            icon={<TranslationOutlined />}
            onClick={() => void chooseLanguageSignedOut(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
            data-testid="language-switch"
          >
            {t('lang.switch')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
