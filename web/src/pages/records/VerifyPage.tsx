import { KeyOutlined, SafetyCertificateOutlined, TranslationOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/session.ts';
import { changeLanguage } from '../../i18n/index.ts';
import { normalizeCode, type Verification } from './records-api.ts';
import { VerifyPdfCard } from './VerifyPdfCard.tsx';
import { VerifyResultView } from './VerifyResult.tsx';

/** Partners paste many codes, one a line, and get a table back. */
function BatchVerify() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const codes = text.split('\n').map(normalizeCode).filter(Boolean);
  const check = useMutation({
    mutationFn: () => api<Verification[]>('/api/verify', { method: 'POST', json: { codes: codes.slice(0, 500) } }),
  });
  return (
    <Card title={t('verify.batch')} data-testid="verify-batch">
      <Typography.Paragraph type="secondary">{t('verify.batchHelp')}</Typography.Paragraph>
      <Input.TextArea
        rows={5}
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ fontFamily: 'monospace' }}
        data-testid="batch-codes"
      />
      <Button
        style={{ marginTop: 12 }}
        onClick={() => check.mutate()}
        disabled={codes.length === 0}
        loading={check.isPending}
        data-testid="batch-check"
      >
        {t('verify.batchCheck')}
      </Button>
      {check.error && <Alert type="error" showIcon title={check.error.message} style={{ marginTop: 12 }} />}
      {check.data && (
        <Table<Verification>
          style={{ marginTop: 12 }}
          rowKey={(v, i) => `${i}-${v.code}`}
          size="small"
          dataSource={check.data}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="batch-table"
          columns={[
            { title: t('verify.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            {
              title: t('certificates.status'),
              dataIndex: 'result',
              render: (r: Verification['result']) => (
                <Tag color={r === 'valid' ? 'green' : r === 'superseded' ? 'gold' : 'red'}>{t(`verify.result.${r}`)}</Tag>
              ),
            },
            { title: t('verifyStatement.kind'), render: (_, v) => v.kind && t(`verifyStatement.kindValue.${v.kind}`) },
            { title: t('verify.name'), render: (_, v) => (v.facts ?? v.statement)?.name },
            { title: t('verify.period'), render: (_, v) => v.facts && `${v.facts.from} ~ ${v.facts.to}` },
            {
              title: t('verify.totalHours'),
              render: (_, v) => {
                const total = (v.facts ?? v.statement)?.totalHours;
                return total === undefined ? null : t('hours.hoursValue', { hours: total });
              },
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Anyone, signed in or not, checks a certificate of volunteer service or a signed statement by its verification code. */
export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<{ code: string }>();
  useEffect(() => form.setFieldsValue({ code }), [code, form]);
  const verification = useQuery({
    queryKey: ['verify', code],
    queryFn: () => api<Verification>(`/api/verify/${encodeURIComponent(code)}`),
    enabled: code !== '',
  });

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 880, margin: '0 auto', display: 'flex' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space>
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('verify.title')}
            </Typography.Title>
          </Space>
          <Button
            type="link"
            icon={<TranslationOutlined />}
            onClick={() => void changeLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
            data-testid="language-switch"
          >
            {t('lang.switch')}
          </Button>
        </Space>
        <Card>
          <Typography.Paragraph type="secondary">{t('verify.help')}</Typography.Paragraph>
          <Form
            form={form}
            layout="inline"
            style={{ rowGap: 8 }}
            onFinish={(v) => navigate(`/verify/${encodeURIComponent(normalizeCode(v.code))}`)}
            data-testid="verify-form"
          >
            <Form.Item
              name="code"
              label={t('verify.code')}
              rules={[{ required: true, whitespace: true, message: t('verify.codeRequired') }]}
              style={{ flex: 1, minWidth: 240 }}
            >
              <Input maxLength={40} placeholder={t('verify.codePlaceholder')} autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} data-testid="verify-submit">
              {t('verify.check')}
            </Button>
          </Form>
        </Card>
        {code !== '' && (
          <Card>
            {verification.isPending && <Spin />}
            {verification.error && <Alert type="error" showIcon title={verification.error.message} />}
            {verification.data && <VerifyResultView verification={verification.data} />}
          </Card>
        )}
        <VerifyPdfCard />
        <BatchVerify />
        <Space wrap style={{ justifyContent: 'center', width: '100%' }}>
          <Typography.Link href="/api/verify-key" target="_blank" data-testid="verify-key">
            <KeyOutlined /> {t('verify.key')}
          </Typography.Link>
          {!me.data && <Link to="/sign-in">{t('verify.signIn')}</Link>}
        </Space>
      </Space>
    </div>
  );
}
