import { useQuery } from '@tanstack/react-query';
import { Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { CapsCard } from './CapsCard.tsx';
import { CategoriesCard } from './CategoriesCard.tsx';
import { SlaCard } from './SlaCard.tsx';

/** 需求类别与时限 (city office): the request categories with their over-service rules, the response times and the volunteers' weekly limits. */
export function RequestSettingsPage() {
  const { t } = useTranslation();
  const categories = useQuery({
    queryKey: ['request-categories'],
    queryFn: () => api<Schemas['RequestCategory'][]>('/api/request-categories'),
  });
  const sla = useQuery({
    queryKey: ['settings', 'requests'],
    queryFn: () => api<Schemas['RequestSlaSettings']>('/api/settings/requests'),
  });
  const caps = useQuery({
    queryKey: ['settings', 'volunteer-caps'],
    queryFn: () => api<Schemas['VolunteerCapsSettings']>('/api/settings/volunteer-caps'),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="request-settings-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('requestSettings.title')}
      </Typography.Title>
      {categories.data ? <CategoriesCard categories={categories.data} /> : <Spin />}
      {sla.data ? <SlaCard settings={sla.data} /> : <Spin />}
      {caps.data ? <CapsCard settings={caps.data} /> : <Spin />}
    </Space>
  );
}
