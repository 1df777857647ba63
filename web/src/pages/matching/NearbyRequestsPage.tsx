import { EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useWhen } from '../activities/labels.tsx';
import type { NearbyRequest } from './matching-api.ts';

const RADII = [2, 5, 10, 20];
const URGENCY_COLOR: Record<string, string> = { urgent: 'orange', critical: 'red' };

/** 附近需求: published requests near me that ask only for skills I have, nearest first, each one to take. */
export function NearbyRequestsPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const when = useWhen();
  const [radiusKm, setRadius] = useState(5);
  const [taken, setTaken] = useState<string[]>([]);
  const nearby = useQuery({
    queryKey: ['nearby-requests', radiusKm],
    queryFn: () => api<NearbyRequest[]>(`/api/requests/nearby?radiusKm=${radiusKm}`),
  });
  const take = useMutation({
    mutationFn: (id: string) => api(`/api/requests/${id}/take`, { method: 'POST', json: {} }),
    onSuccess: (_, id) => setTaken((ids) => [...ids, id]),
    onSettled: () => void client.invalidateQueries({ queryKey: ['notices'] }),
  });
  const category = (r: NearbyRequest) => (i18n.language === 'en-US' ? r.categoryEn : r.categoryZh);
  return (
    <Card
      title={t('matching.nearby.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('matching.nearby.radius')}</Typography.Text>
          <Segmented
            value={radiusKm}
            onChange={(v) => setRadius(Number(v))}
            options={RADII.map((km) => ({ value: km, label: t('matching.nearby.km', { km }) }))}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        <Link to="/me">{t('matching.reach.title')}</Link>
      </Typography.Paragraph>
      {take.error && <Alert type="error" showIcon title={take.error.message} style={{ marginBottom: 12 }} data-testid="take-refused" />}
      <List
        loading={nearby.isPending}
        dataSource={nearby.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matching.nearby.empty')} /> }}
        renderItem={(r) => (
          <List.Item
            key={r.id}
            data-testid="nearby-request"
            actions={[
              taken.includes(r.id) ? (
                <Tag color="green" key="taken">
                  {t('matching.nearby.taken')}
                </Tag>
              ) : (
                <Button
                  key="take"
                  type="primary"
                  loading={take.isPending && take.variables === r.id}
                  onClick={() => take.mutate(r.id)}
                  data-testid="take-request"
                >
                  {t('matching.nearby.take')}
                </Button>
              ),
            ]}
          >
            <Space orientation="vertical" size={2}>
              <Space wrap>
                <Typography.Text strong>{category(r)}</Typography.Text>
                <Tag color={URGENCY_COLOR[r.urgency]}>{t(`matching.nearby.urgency.${r.urgency}`, { defaultValue: r.urgency })}</Tag>
                <Typography.Text type="secondary">{r.requestNo}</Typography.Text>
              </Space>
              <Typography.Text>
                {t('matching.nearby.window')}：{when.span(r.windowStart, r.windowEnd)}
              </Typography.Text>
              {r.placeMasked && (
                <Typography.Text>
                  <EnvironmentOutlined /> {r.placeMasked} · {t('matching.nearby.away', { km: Math.round(r.km * 10) / 10 })}
                </Typography.Text>
              )}
              <Typography.Text type="secondary">
                {t('matching.nearby.needed', { headcount: r.headcount, assigned: r.assigned })}
                {r.skills.length > 0 && ` · ${t('matching.nearby.skills')}：${r.skills.join('、')}`}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
