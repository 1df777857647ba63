import { AimOutlined, NumberOutlined, QrcodeOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { CheckInResult } from './CheckInResult.tsx';
import { type AttendanceResult, attemptKey, type TodayActivity, useToday } from './checkin-api.ts';
import { HereList, StateTag } from './HereList.tsx';
import { QrScanner } from './QrScanner.tsx';
import './checkin.css';

type Way = 'scan' | 'digits' | 'here';
type Sent = { path: 'code' | 'here'; body: Record<string, unknown>; title?: string };

/** The 6 digits and the activity they belong to (the digits alone do not name it). */
function DigitsForm({ today, onSend, pending }: { today: TodayActivity[]; onSend: (s: Sent) => Promise<unknown>; pending: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ activityId: string; digits: string }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const withCode = today.filter((a) => a.checkinMethods.includes('code'));

  const submit = async (values: { activityId: string; digits: string }) => {
    setUnplaced([]);
    const title = withCode.find((a) => a.activityId === values.activityId)?.title;
    try {
      await onSend({ path: 'code', body: { activityId: values.activityId, digits: values.digits }, title });
      form.resetFields(['digits']);
    } catch (error) {
      // A refused code (expired, mistyped) is about the digits: shown under them.
      if (error instanceof ApiError && error.issues.length === 0) form.setFields([{ name: 'digits', errors: [error.message] }]);
      else setUnplaced(applyFieldErrors(form, error, [['activityId'], ['digits']]));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ activityId: withCode.length === 1 ? withCode[0].activityId : undefined }}
      data-testid="digits-form"
      requiredMark={false}
    >
      <Form.Item name="activityId" label={t('checkin.activity')} rules={[{ required: true, message: t('checkin.activityRequired') }]}>
        <Select
          size="large"
          placeholder={t('checkin.activityPlaceholder')}
          data-testid="digits-activity"
          options={withCode.map((a) => ({ value: a.activityId, label: a.title }))}
        />
      </Form.Item>
      <Form.Item
        name="digits"
        label={t('checkin.digits')}
        extra={t('checkin.digitsHelp')}
        normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('checkin.digitsInvalid') }]}
      >
        <Input
          size="large"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('checkin.digitsPlaceholder')}
          className="vn-digits-input"
          data-testid="digits-input"
        />
      </Form.Item>
      {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} />}
      <Button type="primary" size="large" htmlType="submit" block loading={pending} data-testid="digits-submit">
        {t('checkin.submit')}
      </Button>
    </Form>
  );
}

/** 签到签退 on the volunteer's phone: scan the activity's QR, type its 6 digits, or check in where they stand. */
export function CheckInPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const today = useToday();
  const [way, setWay] = useState<Way>('scan');
  const [shown, setShown] = useState<{ result: AttendanceResult; title?: string }>();
  const send = useMutation({
    mutationFn: (s: Sent) => api<AttendanceResult>(`/api/attendance/${s.path}`, { method: 'POST', json: { ...s.body, key: attemptKey() } }),
    onSuccess: (result, s) => setShown({ result, title: s.title }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['attendance', 'today'] }),
  });
  const list = today.data ?? [];

  const ways = [
    { value: 'scan', label: t('checkin.tabs.scan'), icon: <QrcodeOutlined /> },
    { value: 'digits', label: t('checkin.tabs.digits'), icon: <NumberOutlined /> },
    { value: 'here', label: t('checkin.tabs.here'), icon: <AimOutlined /> },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="vn-checkin">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('checkin.title')}
      </Typography.Title>
      {shown ? (
        <Card>
          <CheckInResult
            result={shown.result}
            title={shown.title}
            onDone={() => {
              setShown(undefined);
              send.reset();
            }}
          />
        </Card>
      ) : (
        <Card>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Segmented block size="large" value={way} onChange={(v) => setWay(v as Way)} options={ways} data-testid="checkin-ways" />
            {send.isError && way === 'scan' && <Alert type="error" showIcon title={send.error.message} data-testid="checkin-error" />}
            {way === 'scan' && <QrScanner onResult={(token) => send.mutate({ path: 'code', body: { token } })} />}
            {way === 'digits' &&
              (list.length > 0 ? (
                <DigitsForm today={list} pending={send.isPending} onSend={(s) => send.mutateAsync(s)} />
              ) : (
                <NoneToday loading={today.isPending} />
              ))}
            {way === 'here' && (
              <>
                {send.isError && <Alert type="error" showIcon title={send.error.message} data-testid="checkin-error" />}
                {list.length > 0 ? (
                  <HereList
                    today={list}
                    onHere={(a, at) => send.mutateAsync({ path: 'here', body: { activityId: a.activityId, ...at }, title: a.title })}
                  />
                ) : (
                  <NoneToday loading={today.isPending} />
                )}
              </>
            )}
          </Space>
        </Card>
      )}
      {way !== 'here' && list.length > 0 && (
        <Card size="small" title={t('checkin.today')} data-testid="today-list">
          {list.map((a) => (
            <Space key={a.activityId} wrap style={{ justifyContent: 'space-between', width: '100%', padding: '4px 0' }}>
              <Link to={`/activities/${a.activityId}`}>{a.title}</Link>
              <StateTag a={a} />
            </Space>
          ))}
        </Card>
      )}
    </Space>
  );
}

function NoneToday({ loading }: { loading: boolean }) {
  const { t } = useTranslation();
  if (loading) return <Card loading variant="borderless" />;
  return (
    <Empty description={t('checkin.noActivities')} data-testid="checkin-none-today">
      <Link to="/activities">
        <Button icon={<SearchOutlined />}>{t('checkin.findActivities')}</Button>
      </Link>
    </Empty>
  );
}
