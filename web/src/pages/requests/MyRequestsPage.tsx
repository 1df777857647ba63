import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Empty, Form, Input, List, Rate, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { StatusTag, windowText } from './labels.tsx';
import { RatingForm } from './RatingForm.tsx';
import { RequestForm } from './RequestForm.tsx';
import type { BeneficiaryItem, ServiceRequest, ServiceRequestPage } from './request-api.ts';

/** Where a resident's record comes from: their own, if they made one (404 otherwise). */
async function myRecord(): Promise<BeneficiaryItem | null> {
  try {
    return await api<BeneficiaryItem>('/api/beneficiaries/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

interface RecordValues {
  name: string;
  phone?: string;
  address: string;
  consent: boolean;
}

/** A first-time resident: name, phone, address and consent, linked to their own account. */
function RegisterCard({ areaCode, onDone }: { areaCode?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RecordValues>();
  const { message } = App.useApp();
  const submit = async (v: RecordValues) => {
    try {
      await api('/api/beneficiaries', {
        method: 'POST',
        json: {
          name: v.name,
          kind: 'other',
          areaCode,
          phone: v.phone?.trim() || undefined,
          address: v.address,
          consentBy: 'self',
          consent: true,
        },
      });
      onDone();
    } catch (error) {
      const rest = applyFieldErrors(form, error, [['name'], ['phone'], ['address'], ['areaCode']]);
      if (rest.length) message.error(rest.join('；'));
    }
  };
  return (
    <Card title={t('requests.my.noRecord')}>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="register-beneficiary">
        <Form.Item name="name" label={t('requests.my.name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('requests.my.phone')} extra={t('requests.my.phoneHint')}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="address" label={t('requests.my.address')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('requests.my.consentRequired')))) }]}
        >
          <Checkbox>{t('requests.my.consent')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('requests.my.register')}
        </Button>
      </Form>
    </Card>
  );
}

function MyRequest({ r }: { r: ServiceRequest }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState(false);
  return (
    <List.Item data-testid="my-request">
      <Space orientation="vertical" style={{ width: '100%' }} size={4}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong>{r.categoryName}</Typography.Text>
          <StatusTag status={r.status} />
        </Space>
        <Typography.Text type="secondary">
          {windowText(r.windowStart, r.windowEnd)} · <Link to={`/requests/${r.id}`}>{r.requestNo}</Link>
        </Typography.Text>
        {r.rating != null && <Rate disabled value={r.rating} />}
        {r.status === 'done' &&
          (rating ? (
            <RatingForm requestId={r.id} />
          ) : (
            <Button type="primary" block onClick={() => setRating(true)} data-testid="rate-request">
              {t('requests.confirmAndRate')}
            </Button>
          ))}
      </Space>
    </List.Item>
  );
}

/** The resident's phone page: ask for help for themselves, follow their requests, confirm and rate. */
export function MyRequestsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const record = useQuery({ queryKey: ['beneficiary-me'], queryFn: myRecord });
  const mine = useQuery({
    queryKey: ['requests', 'mine'],
    enabled: !!record.data,
    queryFn: () => api<ServiceRequestPage>('/api/requests?mine=true&pageSize=50'),
  });
  const [raising, setRaising] = useState(false);
  if (record.isLoading) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('requests.my.title')}
      </Typography.Title>
      {!record.data ? (
        <RegisterCard onDone={() => client.invalidateQueries({ queryKey: ['beneficiary-me'] })} />
      ) : raising ? (
        <Card title={t('requests.my.raise')}>
          <RequestForm
            beneficiaryId={record.data.id}
            channel="app"
            office={false}
            onCreated={() => {
              setRaising(false);
              client.invalidateQueries({ queryKey: ['requests'] });
            }}
          />
        </Card>
      ) : (
        <Button type="primary" size="large" block onClick={() => setRaising(true)} data-testid="raise-request">
          {t('requests.my.raise')}
        </Button>
      )}
      {record.data && (
        <Card title={t('requests.my.list')} styles={{ body: { paddingTop: 0 } }}>
          {mine.data?.items.length ? (
            <List dataSource={mine.data.items} renderItem={(r) => <MyRequest key={r.id} r={r} />} data-testid="my-requests" />
          ) : (
            <Empty description={t('requests.my.none')} />
          )}
        </Card>
      )}
    </Space>
  );
}
