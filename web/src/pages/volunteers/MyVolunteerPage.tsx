import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Popconfirm, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import type { VolunteerDetail } from '../../api/types.ts';
import { useSignOut } from '../../auth/session.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { CheckInLink } from '../checkin/CheckInLink.tsx';
import { EcardQr } from './EcardQr.tsx';
import { PROFILE_FIELD_NAMES, ProfileFields, type ProfileFormValues, profileBody } from './ProfileFields.tsx';
import { ReachCard } from './ReachCard.tsx';
import { VolunteerFacts } from './VolunteerFacts.tsx';

/** The volunteer's own page, made for a phone: the e-card, the profile, their data and the way out. */
export function MyVolunteerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [editing, setEditing] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [form] = Form.useForm<ProfileFormValues>();
  const mine = useQuery({ queryKey: ['volunteer', 'me'], queryFn: () => api<VolunteerDetail>('/api/volunteers/me'), retry: false });
  const v = mine.data;

  const save = useMutation({
    mutationFn: (values: ProfileFormValues) =>
      api<VolunteerDetail>(`/api/volunteers/${v?.id}`, { method: 'PATCH', json: profileBody(values, v?.skills) }),
    onMutate: () => setUnplaced([]),
    onSuccess: (updated) => {
      client.setQueryData(['volunteer', 'me'], updated);
      setEditing(false);
      void message.success(t('me.saved'));
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, PROFILE_FIELD_NAMES)),
  });
  const deregister = useMutation({
    mutationFn: () => api(`/api/volunteers/${v?.id}/deregister`, { method: 'POST' }),
    onSuccess: () => signOut.mutate(false, { onSettled: () => navigate('/sign-in') }),
  });

  if (mine.isPending) return <Spin />;
  if (mine.error instanceof ApiError && mine.error.status === 404) {
    return <Result status="info" title={t('me.notRegistered')} extra={<Link to="/register">{t('register.link')}</Link>} />;
  }
  if (!v) return <Alert type="error" title={mine.error?.message ?? t('common.error')} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="vn-ecard vn-ecard-body" data-testid="ecard">
        <div>
          <Typography.Text style={{ color: '#fff', opacity: 0.85 }}>{t('me.card')}</Typography.Text>
          <Typography.Title level={3} style={{ color: '#fff', margin: '4px 0' }}>
            {v.name}
          </Typography.Title>
          <div className="vn-ecard-no">{v.volunteerNo}</div>
        </div>
        <EcardQr />
      </div>
      <CheckInLink />
      <Card
        title={t('me.title')}
        extra={
          !editing && (
            <Button
              icon={<EditOutlined />}
              onClick={() => {
                form.setFieldsValue({ ...v, skills: v.skills.map((s) => s.code) } as ProfileFormValues);
                setEditing(true);
              }}
              data-testid="edit-profile"
            >
              {t('me.edit')}
            </Button>
          )
        }
      >
        {editing ? (
          <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
            <ProfileFields />
            {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginBottom: 16 }} />}
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-profile">
                {t('me.save')}
              </Button>
              <Button onClick={() => setEditing(false)}>{t('areas.cancel')}</Button>
            </Space>
          </Form>
        ) : (
          <VolunteerFacts v={v} />
        )}
      </Card>
      <ReachCard />
      <Card>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href="/api/volunteers/me/export" data-testid="export-data">
            {t('me.export')}
          </Button>
          <Link to="/organizations">{t('me.joinOrg')}</Link>
          <Popconfirm
            title={t('me.deregisterConfirm')}
            onConfirm={() => deregister.mutate()}
            okText={t('common.yes')}
            cancelText={t('common.no')}
          >
            <Button danger loading={deregister.isPending}>
              {t('me.deregister')}
            </Button>
          </Popconfirm>
        </Space>
      </Card>
    </Space>
  );
}
