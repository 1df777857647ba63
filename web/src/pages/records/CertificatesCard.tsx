import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { chinaToday } from '../training/training-api.ts';
import { type Certificate, type CertificateStatus, pdfUrl, useMyCertificates } from './records-api.ts';

const STATUS_COLOR: Record<CertificateStatus, string> = { valid: 'green', superseded: 'default', revoked: 'red' };

interface Values {
  from: Dayjs;
  to: Dayjs;
}

/** Issuing a certificate of volunteer service for a period (this calendar year by default), and the ones issued. */
export function CertificatesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const certificates = useMyCertificates();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const today = dayjs(chinaToday());
  const issue = useMutation({
    mutationFn: (v: Values) =>
      api<Certificate>('/api/certificates', { method: 'POST', json: { from: v.from.format('YYYY-MM-DD'), to: v.to.format('YYYY-MM-DD') } }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['from'], ['to']])),
    onSuccess: (c) => {
      void client.invalidateQueries({ queryKey: ['certificates'] });
      void message.success(t('certificates.issued', { code: c.code }));
    },
  });

  return (
    <Card title={t('certificates.title')} data-testid="certificates">
      <Typography.Paragraph type="secondary">{t('certificates.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={{ from: today.startOf('year'), to: today }}
        onFinish={(v) => issue.mutate(v)}
        onValuesChange={() => setUnplaced([])}
        style={{ rowGap: 8, marginBottom: 16 }}
        data-testid="certificate-form"
      >
        <Form.Item name="from" label={t('certificates.from')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="to" label={t('certificates.to')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SafetyCertificateOutlined />}
          loading={issue.isPending}
          data-testid="issue-certificate"
        >
          {t('certificates.issue')}
        </Button>
      </Form>
      {unplaced.length > 0 && (
        <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} data-testid="certificate-error" />
      )}
      <Table<Certificate>
        rowKey="id"
        size="small"
        loading={certificates.isFetching}
        dataSource={certificates.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('certificates.empty') }}
        data-testid="certificate-table"
        columns={[
          {
            title: t('certificates.code'),
            dataIndex: 'code',
            render: (code: string) => (
              <Link to={`/verify/${code}`} className="vn-code">
                {code}
              </Link>
            ),
          },
          { title: t('certificates.period'), render: (_, c) => `${c.facts.from} ~ ${c.facts.to}` },
          { title: t('certificates.totalHours'), render: (_, c) => t('hours.hoursValue', { hours: c.facts.totalHours }) },
          { title: t('certificates.issuedOn'), render: (_, c) => c.facts.issuedOn },
          {
            title: t('certificates.status'),
            dataIndex: 'status',
            render: (s: CertificateStatus) => <Tag color={STATUS_COLOR[s]}>{t(`certificates.statusValue.${s}`)}</Tag>,
          },
          {
            key: 'pdf',
            render: (_, c) => (
              <Space>
                <Button size="small" icon={<DownloadOutlined />} href={pdfUrl(c.id)} data-testid="certificate-pdf">
                  {t('certificates.download')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
